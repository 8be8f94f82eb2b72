// Sign-in rate limits on a real, migrated database: the SQL that counts and locks,
// and the whole credential check (verifyCredentials) that uses it.
import bcrypt from "bcryptjs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { clearAuditTrailForTests, createTestDb } from "@/test-support/test-db";
import {
  accountKey,
  addressKey,
  lockoutMessage,
  pruneSignInThrottle,
  refundAttempt,
  reserveAttempt,
  resetKey,
  settleFailedAttempt,
  SIGN_IN_THROTTLE,
  type ThrottleRule,
} from "./sign-in-throttle";
import { verifyCredentials } from "./verify-credentials";

let db: PrismaClient;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, close } = await createTestDb());
});
afterAll(async () => {
  await close?.();
});
beforeEach(async () => {
  await clearAuditTrailForTests(db);
  await db.signInThrottle.deleteMany();
  await db.user.deleteMany();
});

const MINUTE = 60_000;
const T0 = new Date("2026-03-02T09:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);
const ACCOUNT: ThrottleRule = SIGN_IN_THROTTLE.account; // 5 in 15 min, locked 15 min

async function row(key: string) {
  return db.signInThrottle.findUnique({ where: { key } });
}

/** One failed attempt, as verifyCredentials makes it: charge, then settle as failed. */
async function failOnce(key: string, rule: ThrottleRule, now: Date) {
  const reservation = await reserveAttempt(db, key, rule, now);
  if (!reservation.allowed) return { reservation, lockedUntil: null };
  return { reservation, lockedUntil: await settleFailedAttempt(db, key, rule, now) };
}

describe("the throttle counter (SQL)", () => {
  it("allows 5 failures, locks on the 5th for 15 minutes, and refuses the 6th", async () => {
    const key = accountKey("a@example.com");
    for (let i = 1; i <= 4; i++) {
      const { reservation, lockedUntil } = await failOnce(key, ACCOUNT, at(i));
      expect(reservation.allowed).toBe(true);
      expect(lockedUntil).toBeNull();
    }
    const fifth = await failOnce(key, ACCOUNT, at(5));
    expect(fifth.reservation.allowed).toBe(true);
    expect(fifth.lockedUntil?.toISOString()).toBe(at(20).toISOString());

    const sixth = await reserveAttempt(db, key, ACCOUNT, at(6));
    expect(sixth).toEqual({ allowed: false, retryAfterMs: 14 * MINUTE });
    expect((await row(key))?.failures).toBe(5); // a refused attempt is not charged
  });

  it("starts afresh once the lock has expired", async () => {
    const key = accountKey("b@example.com");
    for (let i = 0; i < 5; i++) await failOnce(key, ACCOUNT, at(0));
    expect((await reserveAttempt(db, key, ACCOUNT, at(14.9))).allowed).toBe(false);

    const after = await reserveAttempt(db, key, ACCOUNT, at(15));
    expect(after.allowed).toBe(true);
    const state = await row(key);
    expect(state?.failures).toBe(1);
    expect(state?.lockedUntil).toBeNull();
    expect(state?.windowStart.toISOString()).toBe(at(15).toISOString());
  });

  it("forgets failures older than the window", async () => {
    const key = accountKey("c@example.com");
    for (let i = 0; i < 4; i++) await failOnce(key, ACCOUNT, at(0));
    // 15 minutes after the window opened, it closes: the 5th failure is the first of a new window.
    const { lockedUntil } = await failOnce(key, ACCOUNT, at(15));
    expect(lockedUntil).toBeNull();
    expect((await row(key))?.failures).toBe(1);
    // Within the window, it still counts.
    for (let i = 0; i < 2; i++) await failOnce(key, ACCOUNT, at(16));
    expect((await failOnce(key, ACCOUNT, at(29))).lockedUntil).toBeNull();
    expect((await failOnce(key, ACCOUNT, at(29.5))).lockedUntil?.toISOString()).toBe(at(44.5).toISOString());
  });

  it("resetKey clears the count and any lock; refundAttempt gives one back", async () => {
    const key = accountKey("d@example.com");
    for (let i = 0; i < 5; i++) await failOnce(key, ACCOUNT, at(0));
    await resetKey(db, key);
    expect(await row(key)).toBeNull();
    expect((await reserveAttempt(db, key, ACCOUNT, at(1))).allowed).toBe(true);

    await refundAttempt(db, key);
    expect((await row(key))?.failures).toBe(0);
    await refundAttempt(db, key); // never below zero
    expect((await row(key))?.failures).toBe(0);
  });

  it("keys are independent", async () => {
    for (let i = 0; i < 5; i++) await failOnce(accountKey("e@example.com"), ACCOUNT, at(0));
    expect((await reserveAttempt(db, accountKey("e@example.com"), ACCOUNT, at(1))).allowed).toBe(false);
    expect((await reserveAttempt(db, accountKey("f@example.com"), ACCOUNT, at(1))).allowed).toBe(true);
    expect((await reserveAttempt(db, addressKey("203.0.113.7"), SIGN_IN_THROTTLE.address, at(1))).allowed).toBe(true);
  });

  it("counts 10 parallel failures as 10 (no lost updates)", async () => {
    const key = accountKey("parallel@example.com");
    const roomy: ThrottleRule = { limit: 100, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
    const results = await Promise.all(Array.from({ length: 10 }, () => failOnce(key, roomy, at(0))));
    expect(results.every((r) => r.reservation.allowed)).toBe(true);
    expect((await row(key))?.failures).toBe(10);
  });

  it("lets exactly 5 of 10 parallel attempts through, so parallel requests cannot out-guess the limit", async () => {
    const key = accountKey("burst@example.com");
    const reservations = await Promise.all(Array.from({ length: 10 }, () => reserveAttempt(db, key, ACCOUNT, at(0))));
    expect(reservations.filter((r) => r.allowed)).toHaveLength(5);
    expect((await row(key))?.failures).toBe(5);
  });

  it("prunes rows whose window and lock are over, and keeps the others", async () => {
    await failOnce(accountKey("old@example.com"), ACCOUNT, at(0));
    for (let i = 0; i < 5; i++) await failOnce(accountKey("locked@example.com"), ACCOUNT, at(10));
    await failOnce(accountKey("recent@example.com"), ACCOUNT, at(20));
    expect(await pruneSignInThrottle(db, at(22))).toBe(1);
    const left = (await db.signInThrottle.findMany({ orderBy: { key: "asc" } })).map((r) => r.key);
    expect(left).toEqual([accountKey("locked@example.com"), accountKey("recent@example.com")]);
  });
});

describe("lockoutMessage", () => {
  it("rounds up to whole minutes, at least one", () => {
    expect(lockoutMessage(15 * MINUTE)).toBe("Too many failed sign-ins. Try again in 15 minutes.");
    expect(lockoutMessage(14 * MINUTE + 1)).toBe("Too many failed sign-ins. Try again in 15 minutes.");
    expect(lockoutMessage(30_000)).toBe("Too many failed sign-ins. Try again in 1 minute.");
    expect(lockoutMessage(0)).toBe("Too many failed sign-ins. Try again in 1 minute.");
  });
});

// ---------------------------------------------------------------------------------------------
// The whole credential check. Users get cost-4 hashes so the tests run fast; the comparison
// reads the cost from the hash, so the code path is the one production uses.

const PASSWORD = "right-password";
const IP = "203.0.113.7";

async function createUser(email: string, options: { disabled?: boolean; role?: "EMPLOYEE" | "APPROVER" | "ADMIN" } = {}) {
  return db.user.create({
    data: {
      email,
      name: email.split("@")[0],
      role: options.role ?? "EMPLOYEE",
      passwordHash: await bcrypt.hash(PASSWORD, 4),
      disabled: options.disabled ?? false,
    },
  });
}

function attempt(email: string, password: string, ipAddress = IP, now = T0) {
  return verifyCredentials(db, { email, password, ipAddress }, { now });
}

function tally(values: string[]) {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

// Rows written within one millisecond share `at`; callers compare counts, not order.
async function signInAudit() {
  return db.auditEvent.findMany({ where: { action: "auth.sign_in" }, orderBy: { at: "asc" } });
}

describe("verifyCredentials", () => {
  it("signs in with the right password and records SUCCESS with the address", async () => {
    const user = await createUser("alice@example.com", { role: "APPROVER" });
    const verdict = await attempt("alice@example.com", PASSWORD);
    expect(verdict).toEqual({ ok: true, user: { id: user.id, email: "alice@example.com", name: "alice", role: "APPROVER" } });
    const [event] = await signInAudit();
    expect(event).toMatchObject({ actorId: user.id, actorEmail: "alice@example.com", outcome: "SUCCESS", ipAddress: IP, targetType: "user", targetId: user.id });
  });

  it("matches the email case-insensitively", async () => {
    await createUser("alice@example.com");
    expect((await attempt("  ALICE@Example.com ", PASSWORD)).ok).toBe(true);
  });

  it("locks the account after 5 failures, then refuses even the right password, with a distinct message", async () => {
    await createUser("alice@example.com");
    for (let i = 1; i <= 4; i++) {
      expect(await attempt("alice@example.com", `wrong-${i}`, IP, at(i))).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS", message: "Invalid email address or password." });
    }
    // The 5th failure already says so.
    expect(await attempt("alice@example.com", "wrong-5", IP, at(5))).toMatchObject({
      ok: false,
      code: "LOCKED",
      message: "Too many failed sign-ins. Try again in 15 minutes.",
    });
    expect(await attempt("alice@example.com", PASSWORD, IP, at(10))).toMatchObject({
      ok: false,
      code: "LOCKED",
      message: "Too many failed sign-ins. Try again in 10 minutes.",
    });
    // From another address too: the lock is on the account.
    expect((await attempt("alice@example.com", PASSWORD, "198.51.100.1", at(10))).ok).toBe(false);

    expect(tally((await signInAudit()).map((e) => e.outcome))).toEqual({ FAILURE: 5, DENIED: 2 });
    // Other accounts are unaffected.
    await createUser("bob@example.com");
    expect((await attempt("bob@example.com", PASSWORD, IP, at(10))).ok).toBe(true);
  });

  it("lets the account in again when the lock expires", async () => {
    await createUser("alice@example.com");
    for (let i = 0; i < 5; i++) await attempt("alice@example.com", "wrong", IP, at(0));
    expect((await attempt("alice@example.com", PASSWORD, IP, at(14.99))).ok).toBe(false);
    expect((await attempt("alice@example.com", PASSWORD, IP, at(15))).ok).toBe(true);
  });

  it("a success resets the account's count", async () => {
    await createUser("alice@example.com");
    for (let i = 0; i < 4; i++) await attempt("alice@example.com", "wrong", IP, at(0));
    expect((await attempt("alice@example.com", PASSWORD, IP, at(1))).ok).toBe(true);
    expect(await row(accountKey("alice@example.com"))).toBeNull();
    for (let i = 0; i < 4; i++) {
      expect(await attempt("alice@example.com", "wrong", IP, at(2))).toMatchObject({ code: "INVALID_CREDENTIALS" });
    }
    expect((await attempt("alice@example.com", PASSWORD, IP, at(3))).ok).toBe(true);
  });

  it("answers an unknown account exactly like a known one, lockout included", async () => {
    await createUser("alice@example.com");
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 1; i <= 7; i++) {
      known.push(await attempt("alice@example.com", "wrong", IP, at(i)));
      unknown.push(await attempt("nobody@example.com", "wrong", "198.51.100.1", at(i)));
    }
    expect(unknown).toEqual(known);
    const forUnknown = (await signInAudit()).filter((e) => e.actorId === null);
    expect(tally(forUnknown.map((e) => e.outcome))).toEqual({ FAILURE: 5, DENIED: 2 });
    expect(forUnknown[0]).toMatchObject({ actorEmail: null, details: { email: "nobody@example.com" }, ipAddress: "198.51.100.1" });
  });

  it("limits one client address to 20 failures in 15 minutes, across accounts", async () => {
    for (let i = 0; i < 21; i++) await createUser(`user${i}@example.com`);
    for (let i = 0; i < 19; i++) {
      expect(await attempt(`user${i}@example.com`, "wrong", IP, at(0))).toMatchObject({ code: "INVALID_CREDENTIALS" });
    }
    expect(await attempt("user19@example.com", "wrong", IP, at(1))).toMatchObject({ code: "LOCKED", message: "Too many failed sign-ins. Try again in 15 minutes." });
    // The 21st account has never failed, and its password is right, but the address is locked.
    expect(await attempt("user20@example.com", PASSWORD, IP, at(2))).toMatchObject({ code: "LOCKED", message: "Too many failed sign-ins. Try again in 14 minutes." });
    // ...and that refusal did not count against the account.
    expect((await row(accountKey("user20@example.com")))?.failures ?? 0).toBe(0);
    // Another address is not affected.
    expect((await attempt("user20@example.com", PASSWORD, "198.51.100.1", at(2))).ok).toBe(true);
    // The address is free again after the lock.
    expect((await attempt("user0@example.com", PASSWORD, IP, at(16))).ok).toBe(true);
    const denied = (await signInAudit()).filter((e) => e.outcome === "DENIED");
    expect(denied).toHaveLength(1);
    expect(denied[0].message).toMatch(/address/);
  });

  it("does not count successful sign-ins against the address (an office shares one)", async () => {
    await createUser("alice@example.com");
    for (let i = 0; i < 30; i++) expect((await attempt("alice@example.com", PASSWORD, IP, at(0))).ok).toBe(true);
    expect((await row(addressKey(IP)))?.failures).toBe(0);
  });

  it("groups IPv6 clients by /64 network", async () => {
    await createUser("alice@example.com");
    await attempt("alice@example.com", "wrong", "2001:db8:1:2::1");
    await attempt("alice@example.com", "wrong", "2001:db8:1:2::ffff");
    expect((await row(addressKey("2001:db8:1:2::/64")))?.failures).toBe(2);
  });

  it("applies only the account limit when the address is unknown (no shared 'unknown' bucket)", async () => {
    await createUser("alice@example.com");
    await attempt("alice@example.com", "wrong", "unknown");
    expect(await db.signInThrottle.count()).toBe(1);
    expect((await row(accountKey("alice@example.com")))?.failures).toBe(1);
    expect((await signInAudit())[0].ipAddress).toBe("unknown");
  });

  it("refuses a disabled account with the ordinary message, and audits why", async () => {
    await createUser("gone@example.com", { disabled: true });
    expect(await attempt("gone@example.com", PASSWORD)).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS", message: "Invalid email address or password." });
    const [event] = await signInAudit();
    expect(event).toMatchObject({ outcome: "FAILURE", message: "Account is disabled" });
  });

  it("refuses an account without a password", async () => {
    await db.user.create({ data: { email: "sso@example.com", name: "SSO" } });
    expect(await attempt("sso@example.com", "")).toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await attempt("sso@example.com", "anything")).toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect((await signInAudit()).map((e) => e.message)).toEqual(["Account has no password set"]);
  });

  it("does not charge or audit malformed input", async () => {
    expect(await attempt("not-an-email", "x")).toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await attempt("alice@example.com", "")).toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await db.signInThrottle.count()).toBe(0);
    expect(await db.auditEvent.count()).toBe(0);
  });

  it("10 parallel wrong passwords: exactly 5 are checked, the rest refused, and the account is locked", async () => {
    await createUser("alice@example.com");
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => attempt("alice@example.com", "wrong")));
    expect(verdicts.every((v) => !v.ok)).toBe(true);
    expect(tally((await signInAudit()).map((e) => e.outcome))).toEqual({ FAILURE: 5, DENIED: 5 });
    const state = await row(accountKey("alice@example.com"));
    expect(state?.failures).toBe(5);
    expect(state?.lockedUntil?.toISOString()).toBe(at(15).toISOString());
    expect((await row(addressKey(IP)))?.failures).toBe(5);
  });

  it("10 parallel wrong passwords under a roomier limit all count", async () => {
    await createUser("alice@example.com");
    const rules = { ...SIGN_IN_THROTTLE, account: { ...SIGN_IN_THROTTLE.account, limit: 100 } };
    await Promise.all(Array.from({ length: 10 }, () => verifyCredentials(db, { email: "alice@example.com", password: "wrong", ipAddress: IP }, { now: T0, rules })));
    expect((await row(accountKey("alice@example.com")))?.failures).toBe(10);
    expect((await row(addressKey(IP)))?.failures).toBe(10);
  });
});
