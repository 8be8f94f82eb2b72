import type { Prisma } from "@/lib/db/generated/client";

// Sign-in rate limits. This guards security: it is what makes guessing a password online take
// years instead of minutes, WITHOUT handing attackers a button that locks people out. Counted in
// the SignInThrottle table so it holds across processes and restarts, and changed only by single
// atomic SQL statements. Local and directory sign-ins go through the same rules
// (verify-credentials.ts); for a directory the account is "<directory id>:<user name>".
//
// Three counters, and one memory:
// - Per (account, client address) pair: the first 3 failures are free, then each failure makes
//   that pair wait before its next try, doubling from 1 second up to 15 minutes. Only failures from
//   the same address slow it, so an attacker elsewhere cannot slow the real user down this way.
// - Per account, a ceiling across all addresses: 10 failures in 15 minutes stop attempts from
//   addresses this account has not signed in from lately, for 15 minutes. That caps a botnet
//   rotating addresses at 40 guesses an hour per account.
// - Per client address, across accounts (password spraying; an office NAT shares one): 20
//   failures in 15 minutes stop that address for 15 minutes.
// - Known-good addresses: where the account signed in successfully within 30 days. The account
//   ceiling and the address limit do not apply there, so the right password from the person's own
//   address always works; only that pair's own delay (its own failures) can slow it.
// The real user at a new address during an attack is slowed (at most 15 minutes); nobody is locked
// out for good, and the administrator's own address keeps working.
//
// Attempts are charged BEFORE the password is checked (and given back on success), so parallel
// requests cannot slip extra guesses past the check while the first ones are still being verified.

export type ThrottleRule = {
  /** Failed attempts allowed within the window before the key is locked. */
  limit: number;
  windowMs: number;
  lockMs: number;
};

export type PairRule = {
  /** Failures that cost nothing. */
  freeFailures: number;
  /** Wait after the first failure beyond the free ones; it doubles with each further failure. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A pair's failures are forgotten this long after its last one. */
  forgetAfterMs: number;
  /** While an attempt is being checked the pair is held, so parallel guesses wait their turn. */
  holdMs: number;
};

export type ThrottleRules = { pair: PairRule; account: ThrottleRule; address: ThrottleRule; knownGoodForMs: number };

const SECOND = 1_000;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const SIGN_IN_THROTTLE: ThrottleRules = {
  pair: { freeFailures: 3, firstDelayMs: SECOND, maxDelayMs: 15 * MINUTE, forgetAfterMs: DAY, holdMs: 10 * SECOND },
  // Per account, from addresses that are not known-good for it.
  account: { limit: 10, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
  // Per client address, for accounts it is not known-good for.
  address: { limit: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
  knownGoodForMs: 30 * DAY,
};

type Db = Pick<Prisma.TransactionClient, "$queryRaw" | "$executeRaw">;

export function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}

export function addressKey(bucket: string): string {
  return `ip:${bucket}`;
}

/** The account of a directory sign-in, whichever form of the name was typed. */
export function directoryAccountKey(directoryId: string, userName: string): string {
  return `account:${directoryId}:${userName.trim().toLowerCase()}`;
}

export function pairKey(account: string, bucket: string): string {
  return `pair:${account}|${bucket}`;
}

function knownGoodKey(account: string, bucket: string): string {
  return `good:${account}|${bucket}`;
}

/** Whether `account` signed in successfully from `bucket` within the rules' memory. */
export async function isKnownGoodAddress(db: Db, account: string, bucket: string, rules: ThrottleRules, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - rules.knownGoodForMs);
  const rows = await db.$queryRaw<{ key: string }[]>`
    SELECT "key" FROM "SignInThrottle" WHERE "key" = ${knownGoodKey(account, bucket)} AND "windowStart" > ${since}::timestamptz`;
  return rows.length > 0;
}

/** Remembers a successful sign-in of `account` from `bucket`. */
export async function rememberKnownGoodAddress(db: Db, account: string, bucket: string, now: Date): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "SignInThrottle" ("key", "failures", "windowStart", "lockedUntil")
    VALUES (${knownGoodKey(account, bucket)}, 0, ${now}::timestamptz, NULL)
    ON CONFLICT ("key") DO UPDATE SET "windowStart" = ${now}::timestamptz`;
}

/**
 * Takes the pair's turn: refused while the pair waits after its failures (or another attempt of it
 * is being checked); otherwise holds the pair for the check. A pair's "windowStart" is the time of
 * its last failure, and its failures are forgotten `forgetAfterMs` after that.
 */
export async function reservePairAttempt(db: Db, key: string, rule: PairRule, now: Date): Promise<Reservation> {
  const holdUntil = new Date(now.getTime() + rule.holdMs);
  const forgetBefore = new Date(now.getTime() - rule.forgetAfterMs);
  const taken = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO "SignInThrottle" AS t ("key", "failures", "windowStart", "lockedUntil")
    VALUES (${key}, 0, ${now}::timestamptz, ${holdUntil}::timestamptz)
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN t."windowStart" <= ${forgetBefore}::timestamptz THEN 0 ELSE t."failures" END,
      "lockedUntil" = ${holdUntil}::timestamptz
    WHERE t."lockedUntil" IS NULL OR t."lockedUntil" <= ${now}::timestamptz
    RETURNING "failures"`;
  if (taken.length > 0) return { allowed: true };
  const [row] = await db.$queryRaw<{ lockedUntil: Date | null }[]>`SELECT "lockedUntil" FROM "SignInThrottle" WHERE "key" = ${key}`;
  const until = row?.lockedUntil ? new Date(row.lockedUntil).getTime() : now.getTime() + rule.holdMs;
  return { allowed: false, retryAfterMs: Math.max(until - now.getTime(), SECOND) };
}

/** A failure of the pair: counted, and the pair waits before its next try. Returns until when (null: no wait). */
export async function settlePairFailure(db: Db, key: string, rule: PairRule, now: Date): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ failures: number }[]>`
    UPDATE "SignInThrottle" SET "failures" = "failures" + 1, "windowStart" = ${now}::timestamptz
    WHERE "key" = ${key} RETURNING "failures"`;
  const wait = pairDelayMs(row?.failures ?? 1, rule);
  const until = wait > 0 ? new Date(now.getTime() + wait) : null;
  await db.$executeRaw`UPDATE "SignInThrottle" SET "lockedUntil" = ${until}::timestamptz WHERE "key" = ${key}`;
  return until;
}

/** Ends the hold of an attempt that was not a guess (the directory could not be reached, say).
 *  The pair was free when the hold began, so free is what it goes back to. */
export async function releasePair(db: Db, key: string): Promise<void> {
  await db.$executeRaw`UPDATE "SignInThrottle" SET "lockedUntil" = NULL WHERE "key" = ${key}`;
}

/** The wait after a pair's n-th failure: none for the free ones, then 1 s, 2 s, 4 s, … up to the maximum. */
export function pairDelayMs(failures: number, rule: PairRule): number {
  const beyond = failures - rule.freeFailures;
  if (beyond <= 0) return 0;
  return Math.min(rule.firstDelayMs * 2 ** Math.min(beyond - 1, 30), rule.maxDelayMs);
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
  const pairCutoff = new Date(now.getTime() - rules.pair.forgetAfterMs);
  const goodCutoff = new Date(now.getTime() - rules.knownGoodForMs);
  return db.$executeRaw`
    DELETE FROM "SignInThrottle"
    WHERE ("lockedUntil" IS NULL OR "lockedUntil" <= ${now}::timestamptz)
      AND CASE
        WHEN "key" LIKE 'good:%' THEN "windowStart" <= ${goodCutoff}::timestamptz
        WHEN "key" LIKE 'pair:%' THEN "windowStart" <= ${pairCutoff}::timestamptz
        ELSE "windowStart" <= ${cutoff}::timestamptz
      END`;
}

/** "Too many failed sign-ins. Try again in 12 minutes." (seconds under a minute; rounded up, at least 1). */
export function lockoutMessage(retryAfterMs: number): string {
  if (retryAfterMs < MINUTE - 500) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / SECOND));
    return `Too many failed sign-ins. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`;
  }
  const minutes = Math.max(1, Math.ceil(retryAfterMs / MINUTE));
  return `Too many failed sign-ins. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}
