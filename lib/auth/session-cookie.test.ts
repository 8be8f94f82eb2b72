// readSessionIdentity decrypts the Auth.js session cookie itself: it must accept exactly what
// Auth.js issues and nothing else (a guard on who the portal thinks is asking).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";
import { resetConfigForTests } from "@/lib/config";

let cookieHeader = "";
vi.mock("next/headers", () => ({ cookies: async () => ({ toString: () => cookieHeader }) }));

const { readSessionIdentity } = await import("./session-cookie");

const SECRET = "test-secret-that-is-long-enough-for-auth-js-0123456789";
const previous = process.env.AUTH_SECRET;

beforeAll(() => {
  process.env.AUTH_SECRET = SECRET;
  resetConfigForTests();
});
afterAll(() => {
  if (previous === undefined) delete process.env.AUTH_SECRET;
  else process.env.AUTH_SECRET = previous;
  resetConfigForTests();
});
beforeEach(() => {
  cookieHeader = "";
});

const token = (name: string, claims: Record<string, unknown>, options: { secret?: string; maxAge?: number } = {}) =>
  encode({ token: claims, secret: options.secret ?? SECRET, salt: name, maxAge: options.maxAge });

const withPortalUrl = (url: string) => {
  process.env.PORTAL_URL = url;
  resetConfigForTests();
};

describe("readSessionIdentity", () => {
  afterAll(() => {
    delete process.env.PORTAL_URL;
    resetConfigForTests();
  });

  it("reads the session and user ids from the cookie the portal sets: the plain name over http", async () => {
    withPortalUrl("http://localhost:3000");
    cookieHeader = `authjs.session-token=${await token("authjs.session-token", { sub: "user-1", sid: "s-1" })}`;
    expect(await readSessionIdentity()).toEqual({ userId: "user-1", sessionId: "s-1" });
  });

  it("over https, only the __Secure- name (security review item 4: not both names)", async () => {
    withPortalUrl("https://portal.example.com");
    cookieHeader = `other=1; __Secure-authjs.session-token=${await token("__Secure-authjs.session-token", { sub: "user-2", sid: "s-2" })}`;
    expect(await readSessionIdentity()).toEqual({ userId: "user-2", sessionId: "s-2" });
    cookieHeader = `authjs.session-token=${await token("authjs.session-token", { sub: "user-1", sid: "s-1" })}`;
    expect(await readSessionIdentity(), "the plain name, which anyone on http could set").toBeNull();
    withPortalUrl("http://localhost:3000");
    cookieHeader = `__Secure-authjs.session-token=${await token("__Secure-authjs.session-token", { sub: "user-2", sid: "s-2" })}`;
    expect(await readSessionIdentity(), "the secure name on a portal served over http").toBeNull();
  });

  it("refuses a cookie without a session id (one from before sessions were server-side)", async () => {
    withPortalUrl("http://localhost:3000");
    cookieHeader = `authjs.session-token=${await token("authjs.session-token", { sub: "user-1" })}`;
    expect(await readSessionIdentity()).toBeNull();
  });

  it("refuses no cookie, a cookie sealed with another secret, a tampered one and an expired one", async () => {
    expect(await readSessionIdentity()).toBeNull();
    cookieHeader = `authjs.session-token=${await token("authjs.session-token", { sub: "user-1", sid: "s-1" }, { secret: "another-secret-another-secret-another-secret" })}`;
    expect(await readSessionIdentity()).toBeNull();
    const good = await token("authjs.session-token", { sub: "user-1", sid: "s-1" });
    cookieHeader = `authjs.session-token=${good.slice(0, -4)}AAAA`;
    expect(await readSessionIdentity()).toBeNull();
    cookieHeader = `authjs.session-token=${await token("authjs.session-token", { sub: "user-1", sid: "s-1" }, { maxAge: -60 })}`;
    expect(await readSessionIdentity()).toBeNull();
  });

  it("refuses a cookie sealed for the other name (the salt is the cookie's name) and one without a user", async () => {
    cookieHeader = `authjs.session-token=${await token("__Secure-authjs.session-token", { sub: "user-1", sid: "s-1" })}`;
    expect(await readSessionIdentity()).toBeNull();
    cookieHeader = `authjs.session-token=${await token("authjs.session-token", { email: "a@example.com", sid: "s-1" })}`;
    expect(await readSessionIdentity()).toBeNull();
  });
});
