import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { Role } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/audit/mutations";
import { getConfig, type DirectorySignInConfig } from "@/lib/config";
import { provisionExternalUser } from "@/lib/users/provision";
import { addressBucket } from "./client-address";
import { REFUSAL_MESSAGES, SUB_STATUS_WORDS } from "./directory/bind-errors";
import { attemptDirectorySignIn, directoryIdentity, findDirectoryTarget, unreachableMessage, type DirectoryTarget } from "./directory/directory-sign-in";
import { bindAndReadAccount } from "./directory/ldap-bind";
import { parseLoginName } from "./directory/login-name";
import { spendPasswordCheckTime, verifyPassword } from "./password";
import { credentialsSchema } from "./schema";
import { INVALID_CREDENTIALS_MESSAGE } from "./sign-in-errors";
import {
  accountKey,
  addressKey,
  directoryAccountKey,
  isKnownGoodAddress,
  lockoutMessage,
  pairKey,
  refundAttempt,
  releasePair,
  rememberKnownGoodAddress,
  reserveAttempt,
  reservePairAttempt,
  resetKey,
  settleFailedAttempt,
  settlePairFailure,
  SIGN_IN_THROTTLE,
  type ThrottleRules,
} from "./sign-in-throttle";
import { log } from "@/lib/observability/logger";
import { countSignInFailure } from "@/lib/observability/metrics";

/** How the person proved who they are: a password the portal stores, or a directory bind. */
export type SignInMethod = "PASSWORD" | "DIRECTORY";

export type AuthenticatedUser = { id: string; email: string; name: string; role: Role; method: SignInMethod };

export type CredentialsVerdict =
  | { ok: true; user: AuthenticatedUser }
  | { ok: false; code: "INVALID_CREDENTIALS"; message: string }
  | { ok: false; code: "LOCKED"; message: string; retryAfterMs: number }
  // The password was right (or never checked), yet no sign-in: a directory account that is
  // disabled, expired or must change its password, or a directory that cannot be reached.
  | { ok: false; code: "SIGN_IN_REFUSED" | "DIRECTORY_UNREACHABLE"; message: string };

type Options = {
  now?: Date;
  rules?: ThrottleRules;
  directorySignIn?: DirectorySignInConfig;
  /** The LDAP bind (tests replace it to count calls). */
  bind?: typeof bindAndReadAccount;
};

/** What the check of the password found; "not a guess" outcomes are given back to the throttle. */
type Outcome =
  | { kind: "success"; user: AuthenticatedUser; auditMessage: string }
  | { kind: "guess-failed"; auditMessage: string; actor?: { id: string; email: string } }
  | { kind: "not-a-guess"; verdict: CredentialsVerdict & { ok: false }; auditMessage: string; outcome: "FAILURE" | "DENIED" };

/**
 * One sign-in pipeline for local and directory accounts, under one set of rate limits
 * (sign-in-throttle.ts), recorded in the audit trail (action auth.sign_in). Never throws for a
 * bad attempt.
 *
 * A login that is the e-mail address of a local account with a password is checked locally (the
 * break-glass path, which works while every directory is down); any other login is a directory
 * account: "user@domain", "DOMAIN\user" or a plain name in the default directory.
 */
export async function verifyCredentials(
  db: PrismaClient,
  input: { email: unknown; password: unknown; ipAddress: string },
  { now = new Date(), rules = SIGN_IN_THROTTLE, directorySignIn, bind }: Options = {},
): Promise<CredentialsVerdict> {
  const parsed = credentialsSchema.safeParse({ email: input.email, password: input.password });
  const invalid = { ok: false, code: "INVALID_CREDENTIALS", message: INVALID_CREDENTIALS_MESSAGE } as const;
  // Malformed input cannot match any account; it is not worth a row in the trail or a charge.
  if (!parsed.success) return invalid;
  const { email: login, password } = parsed.data;
  const ipAddress = input.ipAddress;

  const localUser = login.includes("@")
    ? await db.user.findUnique({
        where: { email: login.toLowerCase() },
        select: { id: true, email: true, name: true, role: true, passwordHash: true, disabled: true },
      })
    : null;
  const directoryConfig = directorySignIn ?? getConfig().directorySignIn;
  let target: DirectoryTarget | null = null;
  if (!localUser?.passwordHash) {
    const name = parseLoginName(login);
    target = name ? await findDirectoryTarget(db, name, directoryConfig) : null;
  }

  const account = target ? directoryAccountKey(target.directory.id, target.userName) : accountKey(login);
  const audit = (outcome: "SUCCESS" | "FAILURE" | "DENIED", message: string, actor?: { id: string; email: string } | null) => {
    countSignInFailure(target ? "directory" : "password", outcome);
    return recordAudit(db, {
      actor: actor ?? null,
      action: "auth.sign_in",
      targetType: "user",
      targetId: actor?.id,
      outcome,
      message,
      // Who was tried, even when no such account exists (admins see attacks on made-up names).
      details: target ? { email: login, directoryId: target.directory.id } : { email: login },
      ipAddress,
    });
  };
  const localActor = localUser ? { id: localUser.id, email: localUser.email } : null;

  // ── The throttle's gate: the pair always; the account and address limits unless this address is
  // known-good for this account (see sign-in-throttle.ts for why).
  const bucket = addressBucket(ipAddress);
  const pair = bucket ? pairKey(account, bucket) : null;
  const knownGood = bucket ? await isKnownGoodAddress(db, account, bucket, rules, now) : false;
  if (pair) {
    const turn = await reservePairAttempt(db, pair, rules.pair, now);
    if (!turn.allowed) {
      await audit("DENIED", "Too many failed sign-ins for this account from this address", localActor);
      return locked(turn.retryAfterMs);
    }
  }
  const charged: string[] = [];
  const giveBack = async () => {
    for (const key of charged) await refundAttempt(db, key);
    if (pair) await releasePair(db, pair);
  };
  if (!knownGood) {
    const limits = [
      { key: account, rule: rules.account, why: "Account throttled after too many failed sign-ins from other addresses" },
      ...(bucket ? [{ key: addressKey(bucket), rule: rules.address, why: "Client address throttled after too many failed sign-ins" }] : []),
    ];
    for (const limit of limits) {
      const reservation = await reserveAttempt(db, limit.key, limit.rule, now);
      if (!reservation.allowed) {
        await giveBack();
        await audit("DENIED", limit.why, localActor);
        return locked(reservation.retryAfterMs);
      }
      charged.push(limit.key);
    }
  }

  // ── The check itself.
  let outcome: Outcome;
  if (target) {
    outcome = await checkDirectory(db, target, password, directoryConfig, { now, ipAddress, bind });
  } else {
    let passwordMatches = false;
    if (localUser?.passwordHash) passwordMatches = await verifyPassword(password, localUser.passwordHash);
    else await spendPasswordCheckTime(password);
    if (localUser && passwordMatches && !localUser.disabled) {
      const { id, email, name, role } = localUser;
      outcome = { kind: "success", user: { id, email, name, role, method: "PASSWORD" }, auditMessage: "Signed in" };
    } else {
      const reason = !localUser
        ? "No account with this email address"
        : !localUser.passwordHash
          ? "Account has no password set"
          : !passwordMatches
            ? "Wrong password"
            : "Account is disabled";
      outcome = { kind: "guess-failed", auditMessage: reason, actor: localActor ?? undefined };
    }
  }

  // ── Settle with the throttle, and record.
  if (outcome.kind === "success") {
    // The users page shows and filters by it (a directory sign-in set it while provisioning).
    if (outcome.user.method === "PASSWORD") await db.user.update({ where: { id: outcome.user.id }, data: { lastSignInAt: now } });
    if (pair) await resetKey(db, pair);
    if (bucket) await rememberKnownGoodAddress(db, account, bucket, now);
    for (const key of charged) await refundAttempt(db, key);
    await audit("SUCCESS", outcome.auditMessage, { id: outcome.user.id, email: outcome.user.email });
    return { ok: true, user: outcome.user };
  }
  if (outcome.kind === "not-a-guess") {
    await giveBack();
    await audit(outcome.outcome, outcome.auditMessage, localActor);
    return outcome.verdict;
  }
  if (pair) await settlePairFailure(db, pair, rules.pair, now);
  let lockedUntil: Date | null = null;
  for (const key of charged) {
    const until = await settleFailedAttempt(db, key, key === account ? rules.account : rules.address, now);
    if (until && (!lockedUntil || until > lockedUntil)) lockedUntil = until;
  }
  await audit("FAILURE", lockedUntil ? `${outcome.auditMessage}; sign-ins now throttled` : outcome.auditMessage, outcome.actor);
  // The attempt that reaches a limit already says so, rather than one attempt later.
  if (lockedUntil) return locked(lockedUntil.getTime() - now.getTime());
  return invalid;
}

async function checkDirectory(
  db: PrismaClient,
  target: DirectoryTarget,
  password: string,
  config: DirectorySignInConfig,
  { now, ipAddress, bind }: { now: Date; ipAddress: string; bind?: typeof bindAndReadAccount },
): Promise<Outcome> {
  const directoryName = target.directory.name;
  const result = await attemptDirectorySignIn(target, password, config, bind);
  if (result.ok) {
    const identity = directoryIdentity(target.directory, result.account);
    const provisioned = await db.$transaction((tx) => provisionExternalUser(tx, identity, { now, ipAddress }));
    if (!provisioned.ok) {
      return {
        kind: "not-a-guess",
        verdict: { ok: false, code: "SIGN_IN_REFUSED", message: provisioned.message },
        auditMessage: `Directory password right, but ${provisioned.code === "DISABLED" ? "the portal account is disabled" : "the e-mail address belongs to another portal account"}`,
        outcome: "DENIED",
      };
    }
    const { id, email, name, role } = provisioned.user;
    return {
      kind: "success",
      user: { id, email, name, role, method: "DIRECTORY" },
      auditMessage: `Signed in with the directory ${directoryName} as ${result.account.sAMAccountName}${provisioned.created ? " (account created)" : ""}`,
    };
  }
  if (result.kind === "REFUSED") {
    const words = result.subStatus ? (SUB_STATUS_WORDS[result.subStatus] ?? `AD code ${result.subStatus}`) : result.refusal.toLowerCase();
    if (result.refusal === "INVALID_CREDENTIALS") return { kind: "guess-failed", auditMessage: `Directory ${directoryName} refused the bind: ${words}` };
    return {
      kind: "not-a-guess",
      verdict: { ok: false, code: "SIGN_IN_REFUSED", message: REFUSAL_MESSAGES[result.refusal] },
      auditMessage: `Directory ${directoryName} refused the bind: ${words}`,
      outcome: "DENIED",
    };
  }
  if (result.kind === "ACCOUNT_NOT_FOUND") {
    const id = randomUUID().slice(0, 8);
    log("auth").error(
      { errorId: id, directoryId: target.directory.id, bindName: target.bindName, detail: result.detail },
      "the directory accepted the bind but the account was not found",
    );
    return {
      kind: "not-a-guess",
      verdict: { ok: false, code: "SIGN_IN_REFUSED", message: `Your directory account could not be read (error id ${id}). Ask an administrator.` },
      auditMessage: `Directory ${directoryName} accepted the password but the account could not be read (error id ${id})`,
      outcome: "FAILURE",
    };
  }
  log("auth").error({ directoryId: target.directory.id, directory: directoryName, kind: result.kind, detail: result.detail }, "directory sign-in failed");
  return {
    kind: "not-a-guess",
    verdict: { ok: false, code: "DIRECTORY_UNREACHABLE", message: unreachableMessage(directoryName, result.kind) },
    auditMessage: `Directory ${directoryName} could not be reached (${result.kind}: ${result.detail})`,
    outcome: "FAILURE",
  };
}

function locked(retryAfterMs: number): CredentialsVerdict {
  return { ok: false, code: "LOCKED", message: lockoutMessage(retryAfterMs), retryAfterMs };
}
