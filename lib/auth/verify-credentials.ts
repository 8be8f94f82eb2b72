import type { Prisma } from "@/lib/db/generated/client";
import type { Role } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/audit/mutations";
import { addressBucket } from "./client-address";
import { spendPasswordCheckTime, verifyPassword } from "./password";
import { credentialsSchema } from "./schema";
import { INVALID_CREDENTIALS_MESSAGE } from "./sign-in-errors";
import {
  accountKey,
  addressKey,
  lockoutMessage,
  refundAttempt,
  reserveAttempt,
  resetKey,
  settleFailedAttempt,
  SIGN_IN_THROTTLE,
  type ThrottleRules,
} from "./sign-in-throttle";

export type AuthenticatedUser = { id: string; email: string; name: string; role: Role };

export type CredentialsVerdict =
  | { ok: true; user: AuthenticatedUser }
  | { ok: false; code: "INVALID_CREDENTIALS"; message: string }
  | { ok: false; code: "LOCKED"; message: string; retryAfterMs: number };


type Db = Prisma.TransactionClient;

type Options = { now?: Date; rules?: ThrottleRules };

/**
 * Checks an e-mail and password under the sign-in rate limits, and records the attempt
 * in the audit trail (action auth.sign_in). Never throws for a bad attempt.
 */
export async function verifyCredentials(
  db: Db,
  input: { email: unknown; password: unknown; ipAddress: string },
  { now = new Date(), rules = SIGN_IN_THROTTLE }: Options = {},
): Promise<CredentialsVerdict> {
  const parsed = credentialsSchema.safeParse({ email: input.email, password: input.password });
  const invalid = { ok: false, code: "INVALID_CREDENTIALS", message: INVALID_CREDENTIALS_MESSAGE } as const;
  // Malformed input cannot match any account; it is not worth a row in the trail or a charge.
  if (!parsed.success) return invalid;
  const { email, password } = parsed.data;
  const ipAddress = input.ipAddress;

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, passwordHash: true, disabled: true },
  });
  const audit = (outcome: "SUCCESS" | "FAILURE" | "DENIED", message: string) =>
    recordAudit(db, {
      actor: user ? { id: user.id, email: user.email } : null,
      action: "auth.sign_in",
      targetType: "user",
      targetId: user?.id,
      outcome,
      message,
      // Who was tried, even when no such account exists (admins see attacks on made-up names).
      details: { email },
      ipAddress,
    });

  const account = accountKey(email);
  const bucket = addressBucket(ipAddress);
  // An unknown address would put every such visitor in one bucket; only the account limit applies then.
  const address = bucket ? addressKey(bucket) : null;

  const accountReservation = await reserveAttempt(db, account, rules.account, now);
  if (!accountReservation.allowed) {
    await audit("DENIED", "Account locked after too many failed sign-ins");
    return locked(accountReservation.retryAfterMs);
  }
  if (address) {
    const addressReservation = await reserveAttempt(db, address, rules.address, now);
    if (!addressReservation.allowed) {
      await refundAttempt(db, account);
      await audit("DENIED", "Client address locked after too many failed sign-ins");
      return locked(addressReservation.retryAfterMs);
    }
  }

  let passwordMatches = false;
  if (user?.passwordHash) passwordMatches = await verifyPassword(password, user.passwordHash);
  else await spendPasswordCheckTime(password);

  if (user && passwordMatches && !user.disabled) {
    await resetKey(db, account);
    if (address) await refundAttempt(db, address);
    // The users page shows and filters by it.
    await db.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
    await audit("SUCCESS", "Signed in");
    return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
  }

  const reason = !user
    ? "No account with this email address"
    : !user.passwordHash
      ? "Account has no password set"
      : !passwordMatches
        ? "Wrong password"
        : "Account is disabled";
  const accountLockedUntil = await settleFailedAttempt(db, account, rules.account, now);
  const addressLockedUntil = address ? await settleFailedAttempt(db, address, rules.address, now) : null;
  const lockedUntil = latest(accountLockedUntil, addressLockedUntil);
  await audit("FAILURE", lockedUntil ? `${reason}; sign-ins now locked` : reason);
  // The attempt that reaches the limit already says so, rather than one attempt later.
  if (lockedUntil) return locked(lockedUntil.getTime() - now.getTime());
  return invalid;
}

function locked(retryAfterMs: number): CredentialsVerdict {
  return { ok: false, code: "LOCKED", message: lockoutMessage(retryAfterMs), retryAfterMs };
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
