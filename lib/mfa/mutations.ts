// Two-step verification (TOTP and recovery codes): enrolment, the second step of signing in,
// turning it off, new recovery codes and an admin's reset. Every code is checked by checkCode,
// which holds the rules that guard sign-in: no replay of a used time step, and a progressive delay
// after wrong codes, per user.
import type { Prisma } from "@/lib/db/generated/client";
import { fail, type ActionFailure } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/mutations";
import { completeSecondFactor, endUserSessions } from "@/lib/auth/sessions";
import { plural } from "@/lib/plural";
import { decryptTotpSecret, encryptTotpSecret } from "./secret-box";
import { hashRecoveryCode, looksLikeTotpCode, newRecoveryCodes, newTotpSecret, otpauthUri, totpStepOf } from "./totp";
import { countSignInFailure } from "@/lib/observability/metrics";

type Db = Prisma.TransactionClient;
type Person = { id: string; email: string };
type Context = { now?: Date; ipAddress?: string | null };

/**
 * Wrong codes in a row, per user: the first few are free, then each one doubles the wait, up to a
 * few minutes. Slow enough that guessing a 6-digit code takes years; short enough that someone
 * who knows the password cannot lock the real user out for long (no lock-out button).
 */
export type MfaThrottleRules = { freeAttempts: number; firstDelayMs: number; maxDelayMs: number };
export const MFA_THROTTLE: MfaThrottleRules = { freeAttempts: 5, firstDelayMs: 15_000, maxDelayMs: 5 * 60_000 };

export const WRONG_CODE_MESSAGE = "That code is not right. Enter the 6-digit code your authenticator app shows now, or a recovery code.";
const WRONG_SETUP_CODE_MESSAGE = "That code is not right. Enter the 6-digit code your authenticator app shows now.";
const REPLAYED_MESSAGE = "That code was already used. Wait for the next code in your authenticator app.";

export type CodeCheck =
  | { ok: true; kind: "totp" | "recovery"; recoveryCodesLeft: number }
  | (ActionFailure & { reason: "wrong" | "replayed" | "throttled" | "not-enrolled" });

type MfaRow = { secretEncrypted: string; enabledAt: Date | null; lastUsedStep: number | null; failedAttempts: number; blockedUntil: Date | null };

const waitText = (ms: number) => plural(Math.max(1, Math.ceil(ms / 1000)), "second");

/**
 * Checks a code against the user's authenticator (or, when `enrolling`, the one being set up) or,
 * when allowed, an unused recovery code. Locks the user's MFA row for the transaction, so that
 * parallel guesses are counted and one code cannot be used twice.
 */
export async function checkCode(
  tx: Db,
  userId: string,
  code: string,
  { now = new Date(), enrolling = false, allowRecovery = !enrolling, rules = MFA_THROTTLE }: { now?: Date; enrolling?: boolean; allowRecovery?: boolean; rules?: MfaThrottleRules } = {},
): Promise<CodeCheck> {
  const [row] = await tx.$queryRaw<MfaRow[]>`
    SELECT "secretEncrypted", "enabledAt", "lastUsedStep", "failedAttempts", "blockedUntil"
      FROM "UserMfa" WHERE "userId" = ${userId} FOR UPDATE`;
  if (!row || (row.enabledAt === null) !== enrolling) {
    return { ...fail("CONFLICT", enrolling ? "Start setting up two-step verification again." : "Two-step verification is not on for this account."), reason: "not-enrolled" };
  }
  if (row.blockedUntil && row.blockedUntil > now) {
    const message = `Too many wrong codes. Try again in ${waitText(row.blockedUntil.getTime() - now.getTime())}.`;
    return { ...fail("LOCKED", message, { code: message }), reason: "throttled" };
  }

  const typed = code.trim();
  let accepted: "totp" | "recovery" | null = null;
  let replayed = false;
  if (looksLikeTotpCode(typed)) {
    const secret = decryptTotpSecret(row.secretEncrypted);
    const step = secret ? totpStepOf(secret, typed.replace(/\s/g, ""), now) : null;
    if (step !== null && row.lastUsedStep !== null && step <= row.lastUsedStep) replayed = true;
    else if (step !== null) {
      accepted = "totp";
      await tx.userMfa.update({ where: { userId }, data: { lastUsedStep: step } });
    }
  } else if (allowRecovery) {
    const { count } = await tx.mfaRecoveryCode.updateMany({ where: { userId, codeHash: hashRecoveryCode(typed), usedAt: null }, data: { usedAt: now } });
    if (count === 1) accepted = "recovery";
  }

  if (accepted) {
    if (row.failedAttempts > 0 || row.blockedUntil) await tx.userMfa.update({ where: { userId }, data: { failedAttempts: 0, blockedUntil: null } });
    const recoveryCodesLeft = await tx.mfaRecoveryCode.count({ where: { userId, usedAt: null } });
    return { ok: true, kind: accepted, recoveryCodesLeft };
  }

  const failures = row.failedAttempts + 1;
  const delayMs = failures >= rules.freeAttempts ? Math.min(rules.maxDelayMs, rules.firstDelayMs * 2 ** (failures - rules.freeAttempts)) : 0;
  await tx.userMfa.update({ where: { userId }, data: { failedAttempts: failures, blockedUntil: delayMs ? new Date(now.getTime() + delayMs) : null } });
  const base = replayed ? REPLAYED_MESSAGE : enrolling ? WRONG_SETUP_CODE_MESSAGE : WRONG_CODE_MESSAGE;
  const message = delayMs ? `${base} Too many wrong codes: wait ${waitText(delayMs)} before the next try.` : base;
  return { ...fail("INVALID_CREDENTIALS", message, { code: message }), reason: replayed ? "replayed" : "wrong" };
}

/** Starts (or starts again) setting up an authenticator: a new secret, not yet in force. */
export async function startEnrolment(tx: Db, user: Person): Promise<{ ok: true; secret: string; otpauthUri: string } | ActionFailure> {
  const existing = await tx.userMfa.findUnique({ where: { userId: user.id }, select: { enabledAt: true } });
  if (existing?.enabledAt) return fail("CONFLICT", "Two-step verification is already on. Turn it off first to set up another app.");
  const secret = newTotpSecret();
  const secretEncrypted = encryptTotpSecret(secret);
  // Wrong-code counters survive a restart of the setup: starting again is no way around them.
  await tx.userMfa.upsert({
    where: { userId: user.id },
    create: { userId: user.id, secretEncrypted },
    update: { secretEncrypted, lastUsedStep: null },
  });
  return { ok: true, secret, otpauthUri: otpauthUri(secret, user.email) };
}

async function replaceRecoveryCodes(tx: Db, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
  await tx.mfaRecoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
  return codes;
}

/**
 * The first right code from the new app turns two-step verification on. Returns the recovery codes,
 * shown once. The user's other sessions end (they were opened without the second factor).
 */
export async function confirmEnrolment(
  tx: Db,
  input: { user: Person; sessionId: string; sessionAmr: string[]; code: string },
  { now = new Date(), ipAddress = null }: Context = {},
): Promise<{ ok: true; recoveryCodes: string[] } | ActionFailure> {
  const check = await checkCode(tx, input.user.id, input.code, { now, enrolling: true });
  if (!check.ok) return check;
  await tx.userMfa.update({ where: { userId: input.user.id }, data: { enabledAt: now } });
  const recoveryCodes = await replaceRecoveryCodes(tx, input.user.id);
  await completeSecondFactor(tx, input.sessionId, withMethod(input.sessionAmr, "otp"));
  const ended = await endUserSessions(tx, input.user.id, "MFA_CHANGED", { except: input.sessionId, now });
  await recordAudit(tx, {
    actor: input.user,
    action: "mfa.enable",
    targetType: "user",
    targetId: input.user.id,
    outcome: "SUCCESS",
    message: `Two-step verification turned on (authenticator app); ${plural(ended, "other session")} ended`,
    ipAddress,
  });
  return { ok: true, recoveryCodes };
}

/** The second step of signing in: a TOTP code or a recovery code completes the session. */
export async function verifySecondFactor(
  tx: Db,
  input: { user: Person; sessionId: string; sessionAmr: string[]; code: string },
  { now = new Date(), ipAddress = null }: Context = {},
): Promise<{ ok: true; kind: "totp" | "recovery"; recoveryCodesLeft: number } | ActionFailure> {
  const check = await checkCode(tx, input.user.id, input.code, { now });
  const audit = (outcome: "SUCCESS" | "FAILURE" | "DENIED", message: string) => {
    countSignInFailure("second_factor", outcome);
    return recordAudit(tx, { actor: input.user, action: "auth.second_factor", targetType: "user", targetId: input.user.id, outcome, message, ipAddress });
  };
  if (!check.ok) {
    const why = { wrong: "Wrong code", replayed: "A code already used (replay)", throttled: "Refused: too many wrong codes", "not-enrolled": "No authenticator" }[check.reason];
    await audit(check.reason === "throttled" ? "DENIED" : "FAILURE", why);
    return check;
  }
  await completeSecondFactor(tx, input.sessionId, withMethod(input.sessionAmr, check.kind === "totp" ? "otp" : "recovery-code"));
  await audit("SUCCESS", check.kind === "totp" ? "Authenticator code" : `Recovery code (${plural(check.recoveryCodesLeft, "code")} left)`);
  return { ok: true, kind: check.kind, recoveryCodesLeft: check.recoveryCodesLeft };
}

/** The user turns their own two-step verification off, with a current code. */
export async function disableMfa(
  tx: Db,
  input: { user: Person; sessionId: string; code: string },
  { now = new Date(), ipAddress = null }: Context = {},
): Promise<{ ok: true } | ActionFailure> {
  const check = await checkCode(tx, input.user.id, input.code, { now });
  if (!check.ok) return check;
  await tx.mfaRecoveryCode.deleteMany({ where: { userId: input.user.id } });
  await tx.userMfa.delete({ where: { userId: input.user.id } });
  const ended = await endUserSessions(tx, input.user.id, "MFA_CHANGED", { except: input.sessionId, now });
  await recordAudit(tx, {
    actor: input.user,
    action: "mfa.disable",
    targetType: "user",
    targetId: input.user.id,
    outcome: "SUCCESS",
    message: `Two-step verification turned off; ${plural(ended, "other session")} ended`,
    ipAddress,
  });
  return { ok: true };
}

/** New recovery codes (the old ones stop working), with a current code. */
export async function regenerateRecoveryCodes(
  tx: Db,
  input: { user: Person; code: string },
  { now = new Date(), ipAddress = null }: Context = {},
): Promise<{ ok: true; recoveryCodes: string[] } | ActionFailure> {
  const check = await checkCode(tx, input.user.id, input.code, { now });
  if (!check.ok) return check;
  const recoveryCodes = await replaceRecoveryCodes(tx, input.user.id);
  await recordAudit(tx, { actor: input.user, action: "mfa.recovery_codes", targetType: "user", targetId: input.user.id, outcome: "SUCCESS", message: "New recovery codes; the old ones no longer work", ipAddress });
  return { ok: true, recoveryCodes };
}

/**
 * An admin resets a user's two-step verification (a lost phone): the authenticator and recovery
 * codes are removed and every session of the user ends. Where MFA is required, they set it up
 * again at their next sign-in. Audited. The caller checks that `actor` may do it.
 */
export async function resetMfa(
  tx: Db,
  userId: string,
  actor: Person,
  { now = new Date(), ipAddress = null }: Context = {},
): Promise<{ ok: true; hadMfa: boolean; sessionsEnded: number }> {
  const { count: hadMfa } = await tx.userMfa.deleteMany({ where: { userId } });
  await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
  const sessionsEnded = await endUserSessions(tx, userId, "MFA_RESET", { now });
  await recordAudit(tx, {
    actor,
    action: "mfa.reset",
    targetType: "user",
    targetId: userId,
    outcome: "SUCCESS",
    message: `${hadMfa ? "Two-step verification reset" : "Two-step verification reset (none was set up)"}; ${plural(sessionsEnded, "session")} ended`,
    ipAddress,
  });
  return { ok: true, hadMfa: hadMfa > 0, sessionsEnded };
}

function withMethod(amr: string[], method: string): string[] {
  return amr.includes(method) ? amr : [...amr, method];
}
