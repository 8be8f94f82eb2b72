// Server-side sessions against the real database: a session is on until it is ended, idle for too
// long, past its absolute end, or its user is disabled; lastSeenAt is written at most once a minute.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { clearAuditTrailForTests, createTestDb } from "@/test-support/test-db";
import { createSession, endSession, endUserSessions, listOpenSessions, loadActiveSession, type SessionSettings } from "./sessions";

let db: PrismaClient;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, close } = await createTestDb());
});
afterAll(async () => close?.());

const settings: SessionSettings = { idleMinutes: 30, maxHours: 8, mfaRequiredRoles: ["APPROVER", "ADMIN"] };
const t0 = new Date("2026-12-03T09:00:00Z");
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

let bob: { id: string; email: string; name: string; role: "EMPLOYEE" };
beforeEach(async () => {
  await clearAuditTrailForTests(db);
  await db.user.deleteMany();
  bob = (await db.user.create({ data: { email: "bob@example.com", name: "Bob", role: "EMPLOYEE" }, select: { id: true, email: true, name: true, role: true } })) as typeof bob;
});

const start = (user = bob, extra: { method?: "PASSWORD" | "SSO"; amr?: string[] } = {}) =>
  createSession(db, { user: { ...user, ...extra }, ipAddress: "203.0.113.7", userAgent: "Firefox" }, { now: t0, settings });
const load = (session: { id: string }, now: Date, userId = bob.id) => loadActiveSession(db, { sessionId: session.id, userId }, { now, settings });

describe("a session", () => {
  it("is recorded at sign-in with how, from where, and its absolute end", async () => {
    const session = await start();
    expect(await db.session.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({
      userId: bob.id,
      method: "PASSWORD",
      amr: ["pwd"],
      ipAddress: "203.0.113.7",
      userAgent: "Firefox",
      createdAt: t0,
      expiresAt: later(8 * 60),
      endedAt: null,
      secondFactorPending: false,
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: bob.id } })).lastSignInAt).toEqual(t0);
    expect(await load(session, later(1))).toMatchObject({ id: session.id, stage: "complete", user: { id: bob.id, email: "bob@example.com", role: "EMPLOYEE" } });
  });

  it("ends for good when signed out, and only that one", async () => {
    const first = await start();
    const second = await start();
    expect(await endSession(db, first.id, "SIGN_OUT", later(5))).toBe(true);
    expect(await load(first, later(6))).toBeNull();
    expect(await load(second, later(6))).not.toBeNull();
    expect(await db.session.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ endedAt: later(5), endedReason: "SIGN_OUT" });
    expect(await endSession(db, first.id, "SIGN_OUT"), "ending it twice changes nothing").toBe(false);
  });

  it("ends after the idle timeout, and activity keeps it on (lastSeenAt written at most once a minute)", async () => {
    const session = await start();
    expect(await load(session, later(29))).not.toBeNull();
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt).toEqual(later(29));
    // Within the minute: no write.
    await load(session, later(29.5));
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt).toEqual(later(29));
    expect(await load(session, later(58))).not.toBeNull();
    expect(await load(session, later(58 + 31)), "31 minutes without a request").toBeNull();
  });

  it("ends at its absolute end, however active", async () => {
    const session = await start();
    for (let minute = 25; minute < 8 * 60; minute += 25) expect(await load(session, later(minute))).not.toBeNull();
    expect(await load(session, later(8 * 60 - 1))).not.toBeNull();
    expect(await load(session, later(8 * 60))).toBeNull();
  });

  it("gives nothing once its user is disabled, or to a cookie naming another user", async () => {
    const session = await start();
    const alice = await db.user.create({ data: { email: "alice@example.com", name: "Alice" } });
    expect(await load(session, later(1), alice.id)).toBeNull();
    await db.user.update({ where: { id: bob.id }, data: { disabled: true } });
    expect(await load(session, later(1))).toBeNull();
  });

  it("endUserSessions ends every session of the user but the one kept, and nobody else's", async () => {
    const [a, b, kept] = [await start(), await start(), await start()];
    const alice = (await db.user.create({ data: { email: "alice@example.com", name: "Alice" }, select: { id: true, email: true, name: true, role: true } })) as typeof bob;
    const alices = await start(alice);
    expect(await endUserSessions(db, bob.id, "MFA_CHANGED", { except: kept.id, now: later(2) })).toBe(2);
    expect(await load(a, later(3))).toBeNull();
    expect(await load(b, later(3))).toBeNull();
    expect(await load(kept, later(3))).not.toBeNull();
    expect(await load(alices, later(3), alice.id)).not.toBeNull();
    expect(await endUserSessions(db, bob.id, "USER_DISABLED", { now: later(4) })).toBe(1);
    expect(await load(kept, later(5))).toBeNull();
    expect((await db.session.findMany({ where: { userId: bob.id }, orderBy: { endedReason: "asc" } })).map((s) => s.endedReason)).toEqual(["MFA_CHANGED", "MFA_CHANGED", "USER_DISABLED"]);
    expect(await listOpenSessions(db, alice.id, { now: later(5), settings })).toHaveLength(1);
    expect(await listOpenSessions(db, bob.id, { now: later(5), settings })).toHaveLength(0);
  });
});

describe("the stage of a session", () => {
  it("waits for the second factor when the user has MFA, except after SSO (the IdP did it)", async () => {
    await db.userMfa.create({ data: { userId: bob.id, secretEncrypted: "x", enabledAt: t0 } });
    expect(await load(await start(), later(1))).toMatchObject({ stage: "second-factor", mfaEnabled: true });
    const sso = await start(bob, { method: "SSO", amr: ["pwd", "mfa"] });
    expect(await load(sso, later(1))).toMatchObject({ stage: "complete", method: "SSO", amr: ["pwd", "mfa"] });
  });

  it("sends an approver or admin without MFA to set it up, but not an employee or an SSO user", async () => {
    const carol = (await db.user.create({ data: { email: "carol@example.com", name: "Carol", role: "APPROVER" }, select: { id: true, email: true, name: true, role: true } })) as unknown as typeof bob;
    expect(await load(await start(carol), later(1), carol.id)).toMatchObject({ stage: "enrol-mfa" });
    expect(await load(await start(carol, { method: "SSO" }), later(1), carol.id)).toMatchObject({ stage: "complete", amr: [] });
    expect(await load(await start(), later(1))).toMatchObject({ stage: "complete" });
    // A promotion applies at the next request.
    const session = await start();
    await db.user.update({ where: { id: bob.id }, data: { role: "ADMIN" } });
    expect(await load(session, later(1))).toMatchObject({ stage: "enrol-mfa" });
  });
});
