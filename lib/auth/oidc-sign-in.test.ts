// Single sign-on through the portal's real Auth.js endpoints against a real OpenID provider
// (node-oidc-provider): discovery, PKCE, state, nonce and ID token validation are Auth.js's
// production code path; the provider is made to hand over bad ID tokens signed with its own key.
// (An ID token fetched from the token endpoint is authenticated by that TLS channel, not by its
// signature: OIDC Core 3.1.3.7 step 6, which oauth4webapi follows. Hence the https-only issuer.)
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { decode } from "next-auth/jwt";
import type { PrismaClient } from "@/lib/db/generated/client";
import { resetConfigForTests } from "@/lib/config";
import { createTestDb } from "@/test-support/test-db";
import { startTestOidcProvider, TEST_OIDC_ACCOUNTS, TEST_OIDC_ADMIN_GROUP, type TestOidcProvider } from "@/test-support/oidc-provider";
import { captureLogs } from "@/test-support/log-capture";

let testDb: PrismaClient;
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return testDb;
  },
}));

const PORTAL = "http://localhost:3999";
const SECRET = "integration-test-secret-0123456789abcdef";
let idp: TestOidcProvider;
let close: () => Promise<void>;
let handlers: typeof import("@/lib/auth/auth").handlers;
const savedEnv = { ...process.env };

function configure(extra: Record<string, string> = {}) {
  Object.assign(process.env, {
    AUTH_SECRET: SECRET,
    AUTH_URL: PORTAL,
    PORTAL_OIDC_ISSUER: idp.issuer,
    PORTAL_OIDC_CLIENT_ID: idp.clientId,
    PORTAL_OIDC_CLIENT_SECRET: idp.clientSecret,
    PORTAL_OIDC_SCOPES: "openid email profile groups",
    PORTAL_OIDC_USERNAME_DOMAIN: "corp.example.com",
    PORTAL_OIDC_DIRECTORY_ID: "d-1234567890",
    ...extra,
  });
  resetConfigForTests();
}

beforeAll(async () => {
  ({ db: testDb, close } = await createTestDb());
  idp = await startTestOidcProvider({ redirectUris: [`${PORTAL}/api/auth/callback/oidc`] });
  configure();
  ({ handlers } = await import("@/lib/auth/auth"));
  await testDb.roleMapping.create({ data: { source: "SSO", groupName: TEST_OIDC_ADMIN_GROUP, groupKey: TEST_OIDC_ADMIN_GROUP.toLowerCase(), role: "ADMIN" } });
});
afterAll(async () => {
  process.env = savedEnv;
  resetConfigForTests();
  await idp?.close();
  await close?.();
});
beforeEach(() => {
  idp.tamper(null);
  configure();
});

/** Cookies per origin, as a browser keeps them. */
class Jar {
  private cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  get(name: string) {
    return this.cookies.get(name);
  }
}

async function portal(method: "GET" | "POST", path: string, jar: Jar, body?: URLSearchParams): Promise<Response> {
  const request = new NextRequest(new URL(path, PORTAL), {
    method,
    headers: { cookie: jar.header(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    body,
  });
  const response = await (method === "GET" ? handlers.GET(request) : handlers.POST(request));
  jar.take(response);
  return response;
}

async function provider(url: string, jar: Jar, body?: URLSearchParams): Promise<Response> {
  const response = await fetch(url, {
    method: body ? "POST" : "GET",
    redirect: "manual",
    headers: { cookie: jar.header(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    body,
  });
  jar.take(response);
  return response;
}

/** The whole browser journey: the portal's sign-in, the provider's login page, back to the portal's callback. */
async function signIn(user: keyof typeof TEST_OIDC_ACCOUNTS, callbackUrl = "/requests") {
  const portalJar = new Jar();
  const idpJar = new Jar();
  const csrf = (await (await portal("GET", "/api/auth/csrf", portalJar)).json()) as { csrfToken: string };
  const start = await portal("POST", "/api/auth/signin/oidc", portalJar, new URLSearchParams({ csrfToken: csrf.csrfToken, callbackUrl }));
  const authorize = new URL(start.headers.get("location")!);
  expect(authorize.origin, "the portal sends the browser to the provider").toBe(idp.issuer);
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorize.searchParams.get("state")).toBeTruthy();
  expect(authorize.searchParams.get("nonce")).toBeTruthy();

  let response = await provider(authorize.href, idpJar);
  const loginPage = new URL(response.headers.get("location")!, idp.issuer).href;
  expect((await (await provider(loginPage, idpJar)).text())).toContain("Test IdP");
  const account = TEST_OIDC_ACCOUNTS[user];
  response = await provider(loginPage, idpJar, new URLSearchParams({ username: user, password: account.password }));
  // Back through the provider's resume endpoint to the portal's redirect URI.
  let location = new URL(response.headers.get("location")!, idp.issuer);
  while (location.origin === idp.issuer) {
    response = await provider(location.href, idpJar);
    location = new URL(response.headers.get("location")!, idp.issuer);
  }
  expect(location.href.startsWith(`${PORTAL}/api/auth/callback/oidc?`)).toBe(true);
  const callback = await portal("GET", `${location.pathname}${location.search}`, portalJar);
  return { landing: callback.headers.get("location") ?? "", sessionCookie: portalJar.get("authjs.session-token"), portalJar };
}

async function sessionSubject(cookie: string | undefined) {
  if (!cookie) return undefined;
  const token = await decode({ token: cookie, secret: SECRET, salt: "authjs.session-token" });
  return token?.sub;
}

describe("single sign-on against a real OpenID provider", () => {
  it("creates the portal user at first sign-in, maps the groups to a role and signs them in", async () => {
    const { landing, sessionCookie } = await signIn("olivia");
    expect(landing).toBe(`${PORTAL}/requests`);
    const user = await testDb.user.findUniqueOrThrow({ where: { email: "olivia@sso.example.com" } });
    expect(user).toMatchObject({
      source: "SSO",
      externalId: `sso:${idp.issuer}|00u-olivia`,
      role: "ADMIN",
      directoryId: "d-1234567890",
      directoryUserName: "olivia",
      groups: ["Everyone", "Portal Admins"],
    });
    expect(await sessionSubject(sessionCookie), "the session names the portal user").toBe(user.id);
    const audit = await testDb.auditEvent.findFirstOrThrow({ where: { action: "auth.sign_in", actorId: user.id } });
    expect(audit).toMatchObject({ outcome: "SUCCESS", details: { method: "SSO", amr: ["pwd", "mfa", "otp"] } });
  });

  it("makes an unmapped user an employee, and signs the same person in to the same account again", async () => {
    const first = await signIn("sam");
    const second = await signIn("sam");
    const user = await testDb.user.findUniqueOrThrow({ where: { email: "sam@sso.example.com" } });
    expect(user.role).toBe("EMPLOYEE");
    expect(user.managerEmail, "the IdP's manager claim").toBe("olivia@sso.example.com");
    expect(await sessionSubject(first.sessionCookie)).toBe(user.id);
    expect(await sessionSubject(second.sessionCookie)).toBe(user.id);
  });

  it("sends a disabled user back to the sign-in page with the reason and no session", async () => {
    await signIn("sam");
    await testDb.user.update({ where: { email: "sam@sso.example.com" }, data: { disabled: true } });
    try {
      const { landing, sessionCookie } = await signIn("sam");
      expect(landing).toBe(`${PORTAL}/sign-in?error=SsoRefused&code=DISABLED`);
      expect(sessionCookie).toBeUndefined();
    } finally {
      await testDb.user.update({ where: { email: "sam@sso.example.com" }, data: { disabled: false } });
    }
  });

  for (const [fault, claim, what] of [
    ["issuer", "iss", "an ID token from another issuer"],
    ["audience", "aud", "an ID token for another application"],
    ["expired", "exp", "an expired ID token"],
  ] as const) {
    it(`refuses ${what}`, async () => {
      const before = await testDb.auditEvent.count({ where: { action: "auth.sign_in", outcome: "SUCCESS" } });
      idp.tamper(fault);
      const logs = captureLogs();
      const { landing, sessionCookie } = await signIn("olivia");
      logs.restore();
      // Refused for that claim, not for something else along the way.
      expect(logs.text()).toContain(`unexpected JWT \\"${claim}\\"`);
      expect(new URL(landing).pathname).toBe("/sign-in");
      expect(new URL(landing).searchParams.get("error")).toBeTruthy();
      expect(sessionCookie).toBeUndefined();
      expect(await testDb.auditEvent.count({ where: { action: "auth.sign_in", outcome: "SUCCESS" } })).toBe(before);
    });
  }

  it("refuses a provider whose discovery document names another issuer", async () => {
    configure({ PORTAL_OIDC_ISSUER: idp.issuer.replace("localhost", "127.0.0.1") });
    const jar = new Jar();
    const csrf = (await (await portal("GET", "/api/auth/csrf", jar)).json()) as { csrfToken: string };
    const start = await portal("POST", "/api/auth/signin/oidc", jar, new URLSearchParams({ csrfToken: csrf.csrfToken, callbackUrl: "/" }));
    const location = new URL(start.headers.get("location")!, PORTAL);
    expect(location.origin).toBe(PORTAL);
    expect(location.pathname).toBe("/sign-in");
  });
});
