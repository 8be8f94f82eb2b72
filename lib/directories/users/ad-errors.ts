// What Active Directory's refusals mean, in words an admin can act on. AD puts its own code in the
// diagnostic message ("0000052D: Constraint violation ..."); Samba answers the same way. The LDAP
// result code is the fallback (68 entryAlreadyExists, 32 noSuchObject, 50 insufficientAccessRights).

export type DirectoryUserErrorCode =
  | "PASSWORD_POLICY"
  | "ALREADY_EXISTS"
  | "NOT_FOUND"
  | "ACCESS_DENIED"
  | "ADMIN_SIGN_IN_REFUSED"
  | "UNREACHABLE"
  | "UNTRUSTED_CERTIFICATE"
  | "REFUSED";

export type DirectoryUserError = { ok: false; code: DirectoryUserErrorCode; message: string };

/** Worth trying again later (the worker retries these); the others need an admin to change something. */
export function isTransientDirectoryError(code: DirectoryUserErrorCode): boolean {
  return code === "UNREACHABLE";
}

export function directoryUserError(code: DirectoryUserErrorCode, message: string): DirectoryUserError {
  return { ok: false, code, message };
}

/** An LDAP answer (ldapts ResultCodeError: code and diagnostic message) as a plain message. */
export function mapDirectoryRefusal(resultCode: number, diagnostic: string, subject: string): DirectoryUserError {
  const adCode = /\b([0-9A-F]{8}):/i.exec(diagnostic)?.[1]?.toUpperCase();
  if (adCode === "0000052D" || /password.*(complex|history|length|policy)|check_password_restrictions/i.test(diagnostic)) {
    return directoryUserError(
      "PASSWORD_POLICY",
      "The directory refused the password: it does not meet the password policy (too short, too simple, or used before). Choose a longer password with upper- and lower-case letters, digits and symbols.",
    );
  }
  if (resultCode === 68 || adCode === "00002071" || /already exists|ENTRY_EXISTS/i.test(diagnostic)) {
    return directoryUserError("ALREADY_EXISTS", `${subject} already exists in the directory.`);
  }
  if (resultCode === 32 || adCode === "0000208D") return directoryUserError("NOT_FOUND", `${subject} was not found in the directory.`);
  if (resultCode === 50 || adCode === "00000005") {
    return directoryUserError("ACCESS_DENIED", "The directory's service account may not make this change. Give it the right to manage users in the users container.");
  }
  return directoryUserError("REFUSED", `The directory refused the change (LDAP ${resultCode}${adCode ? `, ${adCode}` : ""}).`);
}
