import type { Prisma } from "@/lib/db/generated/client";

// Sign-in rate limits. This guards security: it is what makes guessing a password
// online take years instead of minutes. Counted in the SignInThrottle table so it holds
// across processes and restarts, and changed only by single atomic SQL statements.
//
// An attempt is charged BEFORE the password is checked (and refunded on success), so
// parallel requests cannot slip more than `limit` guesses past the check while the
// first ones are still being verified.

export type ThrottleRule = {
  /** Failed attempts allowed within the window before the key is locked. */
  limit: number;
  windowMs: number;
  lockMs: number;
};

export type ThrottleRules = { account: ThrottleRule; address: ThrottleRule };

const MINUTE = 60_000;

export const SIGN_IN_THROTTLE: ThrottleRules = {
  // Per account: 5 failures in 15 minutes lock it for 15 minutes.
  account: { limit: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
  // Per client address (an office NAT shares one): 20 failures in 15 minutes.
  address: { limit: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
};

type Db = Pick<Prisma.TransactionClient, "$queryRaw" | "$executeRaw">;

export function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}

export function addressKey(bucket: string): string {
  return `ip:${bucket}`;
}

export type Reservation = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Charges one attempt to `key` unless it is locked or its window's attempts are used up.
 * A window that has passed, or a lock that has expired, starts afresh.
 */
export async function reserveAttempt(db: Db, key: string, rule: ThrottleRule, now: Date): Promise<Reservation> {
  const windowCutoff = new Date(now.getTime() - rule.windowMs);
  // Postgres evaluates SET and WHERE against the row as it was, under the row lock that
  // ON CONFLICT takes: concurrent attempts queue on the row and each sees the last count.
  const charged = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO "SignInThrottle" AS t ("key", "failures", "windowStart", "lockedUntil")
    VALUES (${key}, 1, ${now}::timestamptz, NULL)
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE
        WHEN t."windowStart" <= ${windowCutoff}::timestamptz OR t."lockedUntil" <= ${now}::timestamptz THEN 1
        ELSE t."failures" + 1 END,
      "windowStart" = CASE
        WHEN t."windowStart" <= ${windowCutoff}::timestamptz OR t."lockedUntil" <= ${now}::timestamptz THEN ${now}::timestamptz
        ELSE t."windowStart" END,
      "lockedUntil" = CASE
        WHEN t."lockedUntil" <= ${now}::timestamptz THEN NULL
        ELSE t."lockedUntil" END
    WHERE (t."lockedUntil" IS NULL OR t."lockedUntil" <= ${now}::timestamptz)
      AND (t."windowStart" <= ${windowCutoff}::timestamptz
           OR t."lockedUntil" <= ${now}::timestamptz
           OR t."failures" < ${rule.limit})
    RETURNING "failures"`;
  if (charged.length > 0) return { allowed: true };

  const [row] = await db.$queryRaw<{ lockedUntil: Date | null }[]>`
    SELECT "lockedUntil" FROM "SignInThrottle" WHERE "key" = ${key}`;
  const lockedUntil = row?.lockedUntil ? new Date(row.lockedUntil) : null;
  // Not locked yet but every attempt of the window is in flight: those will lock it if they fail.
  const retryAfterMs = lockedUntil && lockedUntil > now ? lockedUntil.getTime() - now.getTime() : rule.lockMs;
  return { allowed: false, retryAfterMs };
}

/**
 * Settles a charged attempt that failed: it stays counted, and if the window's limit is
 * reached the key is locked. Returns when the key is locked until, if it now is.
 */
export async function settleFailedAttempt(db: Db, key: string, rule: ThrottleRule, now: Date): Promise<Date | null> {
  const lockUntil = new Date(now.getTime() + rule.lockMs);
  const locked = await db.$queryRaw<{ lockedUntil: Date }[]>`
    UPDATE "SignInThrottle" SET "lockedUntil" = ${lockUntil}::timestamptz
    WHERE "key" = ${key}
      AND "failures" >= ${rule.limit}
      AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now}::timestamptz)
    RETURNING "lockedUntil"`;
  if (locked.length > 0) return new Date(locked[0].lockedUntil);
  const [row] = await db.$queryRaw<{ lockedUntil: Date | null }[]>`
    SELECT "lockedUntil" FROM "SignInThrottle" WHERE "key" = ${key}`;
  const lockedUntil = row?.lockedUntil ? new Date(row.lockedUntil) : null;
  return lockedUntil && lockedUntil > now ? lockedUntil : null;
}

/** A successful sign-in clears the account's count and any lock on it. */
export async function resetKey(db: Db, key: string): Promise<void> {
  await db.$executeRaw`DELETE FROM "SignInThrottle" WHERE "key" = ${key}`;
}

/** Gives back a charged attempt that succeeded (or was never tried), so successes are free. */
export async function refundAttempt(db: Db, key: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "SignInThrottle" SET "failures" = GREATEST("failures" - 1, 0)
    WHERE "key" = ${key} AND "lockedUntil" IS NULL`;
}

/** Deletes rows whose window and lock are both over; for a periodic job (they are harmless meanwhile). */
export async function pruneSignInThrottle(db: Db, now: Date = new Date(), rules: ThrottleRules = SIGN_IN_THROTTLE): Promise<number> {
  const longestWindow = Math.max(rules.account.windowMs, rules.address.windowMs);
  const cutoff = new Date(now.getTime() - longestWindow);
  return db.$executeRaw`
    DELETE FROM "SignInThrottle"
    WHERE "windowStart" <= ${cutoff}::timestamptz
      AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now}::timestamptz)`;
}

/** "Too many failed sign-ins. Try again in 12 minutes." (rounded up, at least 1). */
export function lockoutMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / MINUTE));
  return `Too many failed sign-ins. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}
