// Two-step verification against the real database: enrolment, the second step of signing in, no
// replay, the progressive delay after wrong codes, recovery codes that work once, an admin's reset.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { resetConfigForTests } from "@/lib/config";
import { createSession, loadActiveSession, type SessionSettings } from "@/lib/auth/sessions";
import { clearAuditTrailForTests, createTestDb } from "@/test-support/test-db";
import { checkCode, confirmEnrolment, disableMfa, MFA_THROTTLE, regenerateRecoveryCodes, resetMfa, startEnrolment, verifySecondFactor } from "./mutations";
import { decryptTotpSecret } from "./secret-box";
import { totpCode } from "./totp";

let db: PrismaClient;
let close: () => Promise<void>;
const previousSecret = process.env.AUTH_SECRET;
beforeAll(async () => {
  process.env.AUTH_SECRET = "mfa-test-secret-that-is-long-enough-0123456789";
  resetConfigForTests();
  ({ db, close } = await createTestDb());
});
afterAll(async () => {
  if (previousSecret === undefined) delete process.env.AUTH_SECRET;
  else process.env.AUTH_SECRET = previousSecret;
  resetConfigForTests();
  await close?.();
});

const settings: SessionSettings = { idleMinutes: 60, maxHours: 8, mfaRequiredRoles: ["APPROVER", "ADMIN"] };
const t0 = new Date("2026-12-03T09:00:10Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

type Person = { id: string; email: string; name: string; role: "APPROVER" };
let carol: Person;
beforeEach(async () => {
  await clearAuditTrailForTests(db);
  await db.user.deleteMany();
  carol = (await db.user.create({ data: { email: "carol@example.com", name: "Carol", role: "APPROVER" }, select: { id: true, email: true, name: true, role: true } })) as Person;
});

const signIn = (now = t0) => createSession(db, { user: carol, ipAddress: null, userAgent: null }, { now, settings });
const stageOf = async (session: { id: string }, now: Date) => (await loadActiveSession(db, { sessionId: session.id, userId: carol.id }, { now, settings }))?.stage ?? "ended";
const tx = <T>(fn: (tx: Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0]) => Promise<T>) => db.$transaction(fn);

/** Carol sets up her app; returns its secret, her recovery codes and the session she did it in. */
async function enrol() {
  const session = await signIn();
  const started = await tx((t) => startEnrolment(t, carol));
  if (!started.ok) throw new Error(started.message);
  const confirmed = await tx((t) => confirmEnrolment(t, { user: carol, sessionId: session.id, sessionAmr: ["pwd"], code: totpCode(started.secret, t0) }, { now: t0 }));
  if (!confirmed.ok) throw new Error(confirmed.message);
  return { secret: started.secret, recoveryCodes: confirmed.recoveryCodes, session };
}

const verify = (session: { id: string }, code: string, now: Date) =>
  tx((t) => verifySecondFactor(t, { user: carol, sessionId: session.id, sessionAmr: ["pwd"], code }, { now }));

describe("enrolment", () => {
  it("an approver without MFA must set it up; the first right code turns it on and gives ten recovery codes", async () => {
    const session = await signIn();
    const other = await signIn();
    expect(await stageOf(session, t0)).toBe("enrol-mfa");
    const started = await tx((t) => startEnrolment(t, carol));
    if (!started.ok) throw new Error(started.message);
    expect(started.otpauthUri).toMatch(/^otpauth:\/\/totp\/WorkSpaces%20Portal:carol%40example\.com\?/);
    expect(started.otpauthUri).toContain(`secret=${started.secret}`);

    const wrong = await tx((t) => confirmEnrolment(t, { user: carol, sessionId: session.id, sessionAmr: ["pwd"], code: "000000" }, { now: t0 }));
    expect(wrong).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS" });
    expect(await stageOf(session, t0)).toBe("enrol-mfa");

    const right = await tx((t) => confirmEnrolment(t, { user: carol, sessionId: session.id, sessionAmr: ["pwd"], code: totpCode(started.secret, t0) }, { now: t0 }));
    if (!right.ok) throw new Error(right.message);
    expect(right.recoveryCodes).toHaveLength(10);
    expect(new Set(right.recoveryCodes).size).toBe(10);
    expect(await stageOf(session, t0)).toBe("complete");
    expect(await stageOf(other, t0), "the session opened without the second factor ended").toBe("ended");
    expect(await db.auditEvent.findFirst({ where: { action: "mfa.enable", targetId: carol.id } })).toMatchObject({ outcome: "SUCCESS" });
  });

  it("keeps the secret encrypted and the recovery codes hashed", async () => {
    const { secret, recoveryCodes } = await enrol();
    const row = await db.userMfa.findUniqueOrThrow({ where: { userId: carol.id } });
    expect(row.secretEncrypted).not.toContain(secret);
    expect(decryptTotpSecret(row.secretEncrypted)).toBe(secret);
    expect(decryptTotpSecret(row.secretEncrypted, "another-secret-another-secret-another-secret")).toBeNull();
    const stored = JSON.stringify(await db.mfaRecoveryCode.findMany());
    for (const code of recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ""));
    }
  });

  it("cannot start again once on (a second app needs turning it off first)", async () => {
    await enrol();
    expect(await tx((t) => startEnrolment(t, carol))).toMatchObject({ ok: false, code: "CONFLICT" });
  });
});

describe("signing in with a second factor", () => {
  it("a session waits for the code; the right one completes it and records how", async () => {
    const { secret } = await enrol();
    const session = await signIn(at(60));
    expect(await stageOf(session, at(60))).toBe("second-factor");
    expect(await verify(session, "123456", at(61))).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS" });
    expect(await stageOf(session, at(61))).toBe("second-factor");
    expect(await verify(session, totpCode(secret, at(62)), at(62))).toMatchObject({ ok: true, kind: "totp" });
    expect(await stageOf(session, at(62))).toBe("complete");
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).amr).toEqual(["pwd", "otp"]);
    const trail = await db.auditEvent.findMany({ where: { action: "auth.second_factor" } });
    expect(trail.map((e) => e.outcome).sort()).toEqual(["FAILURE", "SUCCESS"]);
  });

  it("refuses a code already used, even in another session; the next code works", async () => {
    const { secret } = await enrol();
    const first = await signIn(at(60));
    const second = await signIn(at(60));
    const code = totpCode(secret, at(61));
    expect(await verify(first, code, at(61))).toMatchObject({ ok: true });
    expect(await verify(second, code, at(65))).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS", message: expect.stringContaining("already used") });
    expect(await stageOf(second, at(65))).toBe("second-factor");
    // The code enrolment used (t0's time step) is spent too.
    expect(await verify(second, totpCode(secret, t0), at(20))).toMatchObject({ ok: false, message: expect.stringContaining("already used") });
    expect(await verify(second, totpCode(secret, at(91)), at(91))).toMatchObject({ ok: true });
  });

  it("slows down wrong codes per user, progressively, without locking out the right code for long", async () => {
    const { secret } = await enrol();
    const session = await signIn(at(60));
    let now = at(60);
    for (let i = 1; i < MFA_THROTTLE.freeAttempts; i++) {
      expect(await verify(session, "000000", now)).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS" });
    }
    const fifth = await verify(session, "000000", now);
    expect(fifth).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS", message: expect.stringContaining("wait 15 seconds") });
    // During the wait even the right code is not looked at (and does not extend the wait).
    now = at(70);
    expect(await verify(session, totpCode(secret, now), now)).toMatchObject({ ok: false, code: "LOCKED", message: "Too many wrong codes. Try again in 5 seconds." });
    // After it, a wrong code doubles the wait...
    now = at(76);
    expect(await verify(session, "000000", now)).toMatchObject({ ok: false, message: expect.stringContaining("wait 30 seconds") });
    // ...which is per user: another session of Carol waits too.
    const other = await signIn(at(80));
    expect(await verify(other, totpCode(secret, at(80)), at(80))).toMatchObject({ ok: false, code: "LOCKED" });
    // Then the right code works and clears the count.
    now = at(107);
    expect(await verify(session, totpCode(secret, now), now)).toMatchObject({ ok: true });
    expect(await db.userMfa.findUniqueOrThrow({ where: { userId: carol.id } })).toMatchObject({ failedAttempts: 0, blockedUntil: null });
    expect(await db.auditEvent.count({ where: { action: "auth.second_factor", outcome: "DENIED" } })).toBe(2);
  });

  it("caps the wait at a few minutes", async () => {
    await enrol();
    await db.userMfa.update({ where: { userId: carol.id }, data: { failedAttempts: 40 } });
    const check = await tx((t) => checkCode(t, carol.id, "000000", { now: at(60) }));
    expect(check).toMatchObject({ ok: false, message: expect.stringContaining("wait 300 seconds") });
  });

  it("a recovery code works once, typed in any case and with or without dashes", async () => {
    const { recoveryCodes } = await enrol();
    const session = await signIn(at(60));
    expect(await verify(session, recoveryCodes[3].toLowerCase().replace(/-/g, " "), at(61))).toMatchObject({ ok: true, kind: "recovery", recoveryCodesLeft: 9 });
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).amr).toEqual(["pwd", "recovery-code"]);
    const again = await signIn(at(120));
    expect(await verify(again, recoveryCodes[3], at(121))).toMatchObject({ ok: false, code: "INVALID_CREDENTIALS" });
    expect(await stageOf(again, at(121))).toBe("second-factor");
  });

  it("new recovery codes replace the old ones", async () => {
    const { secret, recoveryCodes } = await enrol();
    const made = await tx((t) => regenerateRecoveryCodes(t, { user: carol, code: totpCode(secret, at(60)) }, { now: at(60) }));
    if (!made.ok) throw new Error(made.message);
    const session = await signIn(at(90));
    expect(await verify(session, recoveryCodes[0], at(91))).toMatchObject({ ok: false });
    expect(await verify(session, made.recoveryCodes[0], at(92))).toMatchObject({ ok: true, kind: "recovery" });
  });
});

describe("turning off and resetting", () => {
  it("turning it off takes a right code, and ends the user's other sessions", async () => {
    const { secret, session } = await enrol();
    const other = await signIn(at(60));
    expect(await tx((t) => disableMfa(t, { user: carol, sessionId: session.id, code: "000000" }, { now: at(61) }))).toMatchObject({ ok: false });
    expect(await tx((t) => disableMfa(t, { user: carol, sessionId: session.id, code: totpCode(secret, at(62)) }, { now: at(62) }))).toEqual({ ok: true });
    expect(await db.userMfa.count()).toBe(0);
    expect(await db.mfaRecoveryCode.count()).toBe(0);
    expect(await stageOf(other, at(63))).toBe("ended");
  });

  it("an admin's reset removes the authenticator and recovery codes, ends every session, and is audited", async () => {
    const { session } = await enrol();
    const dave = await db.user.create({ data: { email: "dave@example.com", name: "Dave", role: "ADMIN" } });
    expect(await tx((t) => resetMfa(t, carol.id, dave, { now: at(60), ipAddress: "203.0.113.5" }))).toEqual({ ok: true, hadMfa: true, sessionsEnded: 1 });
    expect(await stageOf(session, at(61))).toBe("ended");
    expect(await db.session.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ endedReason: "MFA_RESET" });
    expect(await db.userMfa.count()).toBe(0);
    expect(await db.mfaRecoveryCode.count()).toBe(0);
    expect(await db.auditEvent.findFirst({ where: { action: "mfa.reset" } })).toMatchObject({ actorEmail: "dave@example.com", targetId: carol.id, outcome: "SUCCESS", ipAddress: "203.0.113.5" });
    // At her next sign-in she sets up a new app before anything else.
    expect(await stageOf(await signIn(at(120)), at(121))).toBe("enrol-mfa");
  });
});
