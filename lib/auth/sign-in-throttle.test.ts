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
  pairDelayMs,
  pairKey,
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
// The counter's SQL with a small rule (the account ceiling itself is 10 in 15 minutes).
const ACCOUNT: ThrottleRule = { limit: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

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

describe("the pair's progressive delay", () => {
  const rule = SIGN_IN_THROTTLE.pair;
  it("is free for 3 failures, then doubles from 1 second up to 15 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => pairDelayMs(n, rule))).toEqual([0, 0, 0, 1_000, 2_000, 4_000, 8_000]);
    expect(pairDelayMs(14, rule)).toBe(15 * MINUTE);
    expect(pairDelayMs(1_000, rule)).toBe(15 * MINUTE);
  });
});

describe("lockoutMessage", () => {
  it("says seconds under a minute", () => {
    expect(lockoutMessage(1_000)).toBe("Too many failed sign-ins. Try again in 1 second.");
    expect(lockoutMessage(7_200)).toBe("Too many failed sign-ins. Try again in 8 seconds.");
  });

  it("rounds up to whole minutes, at least one", () => {
    expect(lockoutMessage(15 * MINUTE)).toBe("Too many failed sign-ins. Try again in 15 minutes.");
    expect(lockoutMessage(14 * MINUTE + 1)).toBe("Too many failed sign-ins. Try again in 15 minutes.");
    expect(lockoutMessage(59_600)).toBe("Too many failed sign-ins. Try again in 1 minute.");
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

const SECOND = 1_000;
const after = (ms: number) => new Date(T0.getTime() + ms);
const HOME = "198.51.100.10";
const ATTACKER = "203.0.113.66";

describe("verifyCredentials", () => {
  it("signs in with the right password and records SUCCESS with the address", async () => {
    const user = await createUser("alice@example.com", { role: "APPROVER" });
    const verdict = await attempt("alice@example.com", PASSWORD);
    expect(verdict).toEqual({ ok: true, user: { id: user.id, email: "alice@example.com", name: "alice", role: "APPROVER", method: "PASSWORD" } });
    const [event] = await signInAudit();
    expect(event).toMatchObject({ actorId: user.id, actorEmail: "alice@example.com", outcome: "SUCCESS", ipAddress: IP, targetType: "user", targetId: user.id });
  });

  it("matches the email case-insensitively", async () => {
    await createUser("alice@example.com");
    expect((await attempt("  ALICE@Example.com ", PASSWORD)).ok).toBe(true);
  });

  it("no lock-out button: wrong guesses from another address never stop the right password (the admin's included)", async () => {
    await createUser("admin@example.com", { role: "ADMIN" });
    await createUser("alice@example.com");
    expect((await attempt("admin@example.com", PASSWORD, HOME, at(0))).ok).toBe(true);
    // Far more than the old limit of five, from the attacker's address, one every 3 seconds for a minute.
    for (let i = 0; i < 20; i++) {
      expect((await attempt("admin@example.com", `guess-${i}`, ATTACKER, after(MINUTE + i * 3 * SECOND))).ok).toBe(false);
      expect((await attempt("alice@example.com", `guess-${i}`, ATTACKER, after(MINUTE + i * 3 * SECOND))).ok).toBe(false);
    }
    expect((await attempt("admin@example.com", PASSWORD, HOME, at(2))).ok).toBe(true);
    // Alice has never signed in before: a new address works too, the attacker did not reach the ceiling.
    expect((await attempt("alice@example.com", PASSWORD, HOME, at(2))).ok).toBe(true);
  });

  it("makes one address wait longer after each failure beyond 3, for that account only", async () => {
    await createUser("alice@example.com");
    await createUser("bob@example.com");
    for (let i = 0; i < 3; i++) expect(await attempt("alice@example.com", "wrong", IP, T0)).toMatchObject({ code: "INVALID_CREDENTIALS" });
    // The 4th failure is answered as any other, and makes the pair wait 1 second.
    expect(await attempt("alice@example.com", "wrong", IP, T0)).toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await attempt("alice@example.com", PASSWORD, IP, after(500))).toMatchObject({ code: "LOCKED", message: "Too many failed sign-ins. Try again in 1 second." });
    expect(await attempt("alice@example.com", "wrong", IP, after(SECOND))).toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await attempt("alice@example.com", "wrong", IP, after(2 * SECOND))).toMatchObject({ code: "LOCKED", message: "Too many failed sign-ins. Try again in 1 second." });
    expect(await attempt("alice@example.com", "wrong", IP, after(3 * SECOND))).toMatchObject({ code: "INVALID_CREDENTIALS" });
    // 6 failures: now 4 seconds. The same address may try another account meanwhile.
    expect(await attempt("alice@example.com", PASSWORD, IP, after(6 * SECOND))).toMatchObject({ code: "LOCKED" });
    expect((await attempt("bob@example.com", PASSWORD, IP, after(6 * SECOND))).ok).toBe(true);
    // ...and the account from another address.
    expect((await attempt("alice@example.com", PASSWORD, HOME, after(6 * SECOND))).ok).toBe(true);
    // After the wait, the right password works here too, and the pair starts afresh.
    expect((await attempt("alice@example.com", PASSWORD, IP, after(7 * SECOND))).ok).toBe(true);
    expect(await row(pairKey(accountKey("alice@example.com"), IP))).toBeNull();
    const denied = (await signInAudit()).filter((e) => e.outcome === "DENIED");
    expect(denied.map((e) => e.message)).toEqual(Array(3).fill("Too many failed sign-ins for this account from this address"));
  });

  it("an account ceiling slows guessing from many addresses, except from an address the person signed in from", async () => {
    await createUser("alice@example.com");
    expect((await attempt("alice@example.com", PASSWORD, HOME, T0)).ok).toBe(true);
    // A botnet: one guess from each of 12 addresses. The 10th reaches the ceiling.
    const verdicts = [];
    for (let i = 1; i <= 12; i++) verdicts.push(await attempt("alice@example.com", "wrong", `192.0.2.${i}`, at(1)));
    expect(verdicts.slice(0, 9).every((v) => v.ok === false && v.code === "INVALID_CREDENTIALS")).toBe(true);
    expect(verdicts[9]).toMatchObject({ code: "LOCKED", message: "Too many failed sign-ins. Try again in 15 minutes." });
    expect(verdicts.slice(10).every((v) => v.ok === false && v.code === "LOCKED")).toBe(true);
    // Alice at home is not slowed at all; at a new address she waits out the 15 minutes.
    expect((await attempt("alice@example.com", PASSWORD, HOME, at(2))).ok).toBe(true);
    expect(await attempt("alice@example.com", PASSWORD, "198.51.100.99", at(2))).toMatchObject({ code: "LOCKED" });
    expect((await attempt("alice@example.com", PASSWORD, "198.51.100.99", at(16))).ok).toBe(true);
  });

  it("answers an unknown account exactly like a known one, throttling included", async () => {
    await createUser("alice@example.com");
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await attempt("alice@example.com", "wrong", IP, after(i * 300)));
      unknown.push(await attempt("nobody@example.com", "wrong", "198.51.100.1", after(i * 300)));
    }
    expect(unknown).toEqual(known);
    expect(known.some((v) => (v as { code: string }).code === "LOCKED")).toBe(true);
    const forUnknown = (await signInAudit()).filter((e) => e.actorId === null);
    expect(forUnknown[0]).toMatchObject({ actorEmail: null, details: { email: "nobody@example.com" }, ipAddress: "198.51.100.1" });
  });

  it("limits one client address to 20 failures in 15 minutes, across accounts it has not signed in to", async () => {
    for (let i = 0; i < 21; i++) await createUser(`user${i}@example.com`);
    await createUser("regular@example.com");
    expect((await attempt("regular@example.com", PASSWORD, IP, at(0))).ok).toBe(true);
    for (let i = 0; i < 19; i++) {
      expect(await attempt(`user${i}@example.com`, "wrong", IP, at(0))).toMatchObject({ code: "INVALID_CREDENTIALS" });
    }
    expect(await attempt("user19@example.com", "wrong", IP, at(1))).toMatchObject({ code: "LOCKED", message: "Too many failed sign-ins. Try again in 15 minutes." });
    // The 21st account has never failed, and its password is right, but the address is throttled.
    expect(await attempt("user20@example.com", PASSWORD, IP, at(2))).toMatchObject({ code: "LOCKED", message: "Too many failed sign-ins. Try again in 14 minutes." });
    // ...and that refusal did not count against the account.
    expect((await row(accountKey("user20@example.com")))?.failures ?? 0).toBe(0);
    // Someone who signs in from this address as a rule still can (an office behind one NAT).
    expect((await attempt("regular@example.com", PASSWORD, IP, at(2))).ok).toBe(true);
    // Another address is not affected, and the address is free again after 15 minutes.
    expect((await attempt("user20@example.com", PASSWORD, "198.51.100.1", at(2))).ok).toBe(true);
    expect((await attempt("user0@example.com", PASSWORD, IP, at(16))).ok).toBe(true);
  });

  it("does not count successful sign-ins against the address (an office shares one)", async () => {
    await createUser("alice@example.com");
    await createUser("bob@example.com");
    for (let i = 0; i < 30; i++) expect((await attempt(i % 2 ? "alice@example.com" : "bob@example.com", PASSWORD, IP, at(0))).ok).toBe(true);
    expect((await row(addressKey(IP)))?.failures ?? 0).toBe(0);
  });

  it("groups IPv6 clients by /64 network", async () => {
    await createUser("alice@example.com");
    await attempt("alice@example.com", "wrong", "2001:db8:1:2::1");
    await attempt("alice@example.com", "wrong", "2001:db8:1:2::ffff");
    expect((await row(addressKey("2001:db8:1:2::/64")))?.failures).toBe(2);
    expect((await row(pairKey(accountKey("alice@example.com"), "2001:db8:1:2::/64")))?.failures).toBe(2);
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
    expect(await attempt("gone@example.com", PASSWORD)).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS", message: "Wrong email address, user name or password." });
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
    expect(await attempt("   ", "x")).toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await attempt("alice@example.com", "")).toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await db.signInThrottle.count()).toBe(0);
    expect(await db.auditEvent.count()).toBe(0);
  });

  it("10 parallel wrong passwords from one address: one is checked at a time, the others are refused", async () => {
    await createUser("alice@example.com");
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => attempt("alice@example.com", "wrong")));
    expect(verdicts.every((v) => !v.ok)).toBe(true);
    const outcomes = tally((await signInAudit()).map((e) => e.outcome));
    expect(outcomes.FAILURE).toBeGreaterThanOrEqual(1);
    expect(outcomes.FAILURE + outcomes.DENIED).toBe(10);
    expect((await row(pairKey(accountKey("alice@example.com"), IP)))?.failures).toBe(outcomes.FAILURE);
  });

  it("10 parallel wrong passwords from 10 addresses all count against the account", async () => {
    await createUser("alice@example.com");
    const rules = { ...SIGN_IN_THROTTLE, account: { ...SIGN_IN_THROTTLE.account, limit: 100 } };
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => verifyCredentials(db, { email: "alice@example.com", password: "wrong", ipAddress: `192.0.2.${i + 1}` }, { now: T0, rules })),
    );
    expect((await row(accountKey("alice@example.com")))?.failures).toBe(10);
  });
});
