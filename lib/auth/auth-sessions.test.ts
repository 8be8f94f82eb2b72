// Auth.js's real endpoints (credentials sign-in, sign-out, the session endpoint) against the real
// database: the cookie names a session row, sign-out ends it for good, and the session endpoint
// never carries a session past its absolute end.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { decode } from "next-auth/jwt";
import type { PrismaClient } from "@/lib/db/generated/client";
import { resetConfigForTests } from "@/lib/config";
import { clearAuditTrailForTests, createTestDb } from "@/test-support/test-db";
import { hashPassword } from "./password";

let testDb: PrismaClient;
let cookieHeader = "";
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db/client")>()),
  get db() {
    return testDb;
  },
}));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "Vitest browser", "x-forwarded-for": "203.0.113.9" }),
  cookies: async () => ({ toString: () => cookieHeader }),
}));

const SECRET = "test-secret-that-is-long-enough-for-auth-js-0123456789";
const BASE = "http://localhost:3000";
const COOKIE = "authjs.session-token";
const ENV = { AUTH_SECRET: SECRET, PORTAL_URL: BASE, PORTAL_SESSION_MAX_HOURS: "1", PORTAL_SESSION_IDLE_MINUTES: "45", PORTAL_MFA_REQUIRED_ROLES: "none" };
const saved: Record<string, string | undefined> = {};

const { handlers } = await import("./auth");
const { getCurrentUser } = await import("./session");
const { endSession } = await import("./sessions");

let close: () => Promise<void>;
beforeAll(async () => {
  for (const [k, v] of Object.entries(ENV)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  delete process.env.AUTH_URL;
  resetConfigForTests();
  ({ db: testDb, close } = await createTestDb());
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfigForTests();
  await close?.();
});

const t0 = new Date("2026-12-03T09:00:00Z");
const at = (minutes: number) => vi.setSystemTime(new Date(t0.getTime() + minutes * 60_000));

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  at(0);
  await clearAuditTrailForTests(testDb);
  await testDb.user.deleteMany();
  await testDb.signInThrottle.deleteMany();
  await testDb.user.create({ data: { email: "bob@example.com", name: "Bob", role: "EMPLOYEE", passwordHash: await hashPassword("workspaces-demo") } });
});
afterEach(() => {
  vi.useRealTimers();
});

type Jar = Map<string, string>;
const header = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
function keep(jar: Jar, response: Response) {
  for (const c of response.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const eq = pair.indexOf("=");
    const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
    if (value === "") jar.delete(name);
    else jar.set(name, value);
  }
}
const request = (path: string, jar: Jar, init: { method?: string; form?: Record<string, string> } = {}) =>
  new NextRequest(`${BASE}${path}`, {
    method: init.method ?? "GET",
    headers: { cookie: header(jar), "user-agent": "Vitest browser", ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    body: init.form ? new URLSearchParams(init.form) : undefined,
  });

async function csrfToken(jar: Jar): Promise<string> {
  const response = await handlers.GET(request("/api/auth/csrf", jar));
  keep(jar, response);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

async function signIn(): Promise<Jar> {
  const jar: Jar = new Map();
  const csrf = await csrfToken(jar);
  const response = await handlers.POST(
    request("/api/auth/callback/credentials", jar, { method: "POST", form: { email: "bob@example.com", password: "workspaces-demo", csrfToken: csrf, callbackUrl: BASE } }),
  );
  keep(jar, response);
  expect(jar.has(COOKIE), "signed in").toBe(true);
  return jar;
}

/** Who the portal's pages think is asking with this session cookie. */
async function whoIs(sessionCookie: string | undefined) {
  cookieHeader = sessionCookie ? `${COOKIE}=${sessionCookie}` : "";
  return (await getCurrentUser())?.email ?? null;
}

async function expiryOf(sessionCookie: string): Promise<Date> {
  const token = await decode({ token: sessionCookie, secret: SECRET, salt: COOKIE });
  return new Date((token!.exp as number) * 1000);
}

describe("sessions through Auth.js", () => {
  it("signing in starts a session row, and the cookie holds only its id and the user's", async () => {
    const jar = await signIn();
    const session = await testDb.session.findFirstOrThrow();
    expect(session).toMatchObject({ method: "PASSWORD", amr: ["pwd"], userAgent: "Vitest browser", endedAt: null });
    const token = await decode({ token: jar.get(COOKIE)!, secret: SECRET, salt: COOKIE });
    expect(token).toMatchObject({ sub: session.userId, sid: session.id });
    expect(token).not.toHaveProperty("email");
    expect(token).not.toHaveProperty("role");
    expect(await whoIs(jar.get(COOKIE))).toBe("bob@example.com");
  });

  it("signing out ends the session for good: the old cookie no longer works", async () => {
    const jar = await signIn();
    const oldCookie = jar.get(COOKIE)!;
    const csrf = await csrfToken(jar);
    keep(jar, await handlers.POST(request("/api/auth/signout", jar, { method: "POST", form: { csrfToken: csrf, callbackUrl: BASE } })));
    expect(jar.has(COOKIE), "the cookie is cleared").toBe(false);
    expect(await testDb.session.findFirstOrThrow()).toMatchObject({ endedReason: "SIGN_OUT", endedAt: expect.any(Date) });
    expect(await whoIs(oldCookie), "a copy of the cookie kept from before").toBeNull();
    // Nor can the session endpoint bring it back.
    const again = new Map([[COOKIE, oldCookie]]);
    const response = await handlers.GET(request("/api/auth/session", again));
    keep(again, response);
    expect(await response.json()).toBeNull();
    expect(again.has(COOKIE)).toBe(false);
  });

  it("the session endpoint does not extend a session past its absolute end", async () => {
    const jar = await signIn();
    const end = (await testDb.session.findFirstOrThrow()).expiresAt;
    expect(end).toEqual(new Date(t0.getTime() + 60 * 60_000));
    for (const minute of [30, 59]) {
      at(minute);
      const response = await handlers.GET(request("/api/auth/session", jar));
      keep(jar, response);
      expect(((await response.json()) as { expires: string }).expires).toBe(end.toISOString());
      expect((await expiryOf(jar.get(COOKIE)!)).getTime(), `the cookie re-sealed at minute ${minute}`).toBeLessThanOrEqual(end.getTime());
      expect(await whoIs(jar.get(COOKIE))).toBe("bob@example.com");
    }
    at(61);
    const response = await handlers.GET(request("/api/auth/session", jar));
    expect(await response.json()).toBeNull();
    expect(await whoIs(jar.get(COOKIE))).toBeNull();
  });

  it("a session ended on the server is refused by the pages and cleared by the session endpoint", async () => {
    const jar = await signIn();
    await endSession(testDb, (await testDb.session.findFirstOrThrow()).id, "ENDED_BY_ADMIN");
    expect(await whoIs(jar.get(COOKIE))).toBeNull();
    const response = await handlers.GET(request("/api/auth/session", jar));
    keep(jar, response);
    expect(await response.json()).toBeNull();
    expect(jar.has(COOKIE)).toBe(false);
  });

  it("an idle session ends after the idle timeout", async () => {
    const jar = await signIn();
    at(44);
    expect(await whoIs(jar.get(COOKIE))).toBe("bob@example.com");
    at(44 + 46);
    expect(await whoIs(jar.get(COOKIE))).toBeNull();
  });
});
