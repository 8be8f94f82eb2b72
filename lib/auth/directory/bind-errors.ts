// Active Directory explains a refused bind in its diagnostic message ("…AcceptSecurityContext
// error, data 52e, v1db1"): the sub-status code after "data". Samba answers the same way.

export type DirectoryRefusal =
  | "INVALID_CREDENTIALS" // 525 no such user, 52e wrong password, 775 locked (see below)
  | "DISABLED" // 533
  | "PASSWORD_EXPIRED" // 532
  | "MUST_CHANGE_PASSWORD" // 773
  | "ACCOUNT_EXPIRED" // 701
  | "NOT_ALLOWED_NOW"; // 530 logon hours, 531 workstation restriction

/**
 * AD reports 533, 532, 773, 701, 530 and 531 only after the password was proven right, so saying
 * them tells nothing to someone guessing. 775 (locked) comes whatever the password: saying it would
 * confirm to anyone that the account exists, so a locked account gets the wrong-password message
 * (and the audit trail records the lock for the help desk).
 */
export function bindRefusal(diagnostic: string): { refusal: DirectoryRefusal; subStatus: string | null } {
  const subStatus = /\bdata ([0-9a-f]{3,8})\b/i.exec(diagnostic)?.[1]?.toLowerCase() ?? null;
  const refusal: DirectoryRefusal =
    subStatus === "533"
      ? "DISABLED"
      : subStatus === "532"
        ? "PASSWORD_EXPIRED"
        : subStatus === "773"
          ? "MUST_CHANGE_PASSWORD"
          : subStatus === "701"
            ? "ACCOUNT_EXPIRED"
            : subStatus === "530" || subStatus === "531"
              ? "NOT_ALLOWED_NOW"
              : "INVALID_CREDENTIALS";
  return { refusal, subStatus };
}

/** What the sign-in form says (INVALID_CREDENTIALS uses the form's one wrong-password message). */
export const REFUSAL_MESSAGES: Record<Exclude<DirectoryRefusal, "INVALID_CREDENTIALS">, string> = {
  DISABLED: "Your directory account is disabled. Ask your IT help desk to enable it.",
  PASSWORD_EXPIRED: "Your directory password has expired. Change it (for example at a Windows sign-in), then sign in here.",
  MUST_CHANGE_PASSWORD: "You must change your directory password before you can sign in. Change it (for example at a Windows sign-in), then sign in here.",
  ACCOUNT_EXPIRED: "Your directory account has expired. Ask your IT help desk.",
  NOT_ALLOWED_NOW: "Your directory account may not sign in at this time or from here. Ask your IT help desk.",
};

/** AD's sub-status codes in words, for the audit trail (admins). */
export const SUB_STATUS_WORDS: Record<string, string> = {
  "525": "no such user",
  "52e": "wrong password",
  "530": "not permitted at this time",
  "531": "not permitted at this workstation",
  "532": "password expired",
  "533": "account disabled",
  "701": "account expired",
  "773": "must change password",
  "775": "account locked",
};
