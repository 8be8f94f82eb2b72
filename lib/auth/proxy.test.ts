import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "@/proxy";

function request(path: string, init: { method?: string; cookie?: string } = {}) {
  return new NextRequest(new URL(path, "http://localhost:3000"), {
    method: init.method ?? "GET",
    headers: init.cookie ? { cookie: init.cookie } : {},
  });
}

describe("proxy (redirects anonymous visitors only; not a security boundary)", () => {
  it("sends an anonymous visitor to /sign-in, remembering where they were going", () => {
    const response = proxy(request("/requests/r1?tab=history"));
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("http://localhost:3000/sign-in?callbackUrl=%2Frequests%2Fr1%3Ftab%3Dhistory");
  });

  it("sends an anonymous visitor of the home page to plain /sign-in", () => {
    expect(proxy(request("/")).headers.get("location")).toBe("http://localhost:3000/sign-in");
  });

  it.each(["authjs.session-token=abc", "__Secure-authjs.session-token=abc", "authjs.session-token.0=abc; authjs.session-token.1=def"])(
    "lets a visitor with a session cookie through (%s)",
    (cookie) => {
      const response = proxy(request("/admin/fleet", { cookie }));
      expect(response.status).toBe(200);
      expect(response.headers.get("x-middleware-next")).toBe("1");
    },
  );

  it("does not count other or empty cookies as a session", () => {
    expect(proxy(request("/", { cookie: "authjs.csrf-token=abc" })).status).toBe(307);
    expect(proxy(request("/", { cookie: "authjs.session-token=" })).status).toBe(307);
    expect(proxy(request("/", { cookie: "xauthjs.session-token=abc" })).status).toBe(307);
  });

  it("leaves POSTs (server actions) alone: they answer UNAUTHENTICATED themselves", () => {
    expect(proxy(request("/requests/new", { method: "POST" })).headers.get("x-middleware-next")).toBe("1");
  });

  describe("matcher", () => {
    const [source] = config.matcher;
    const matches = (path: string) => new RegExp(`^${source}$`).test(path);

    it.each(["/", "/requests", "/requests/new", "/desktops/abc", "/admin/audit", "/sign-inx", "/helpdesk", "/setupx", "/approvals?x=1"])("covers app page %s", (path) => {
      expect(matches(path.split("?")[0])).toBe(true);
    });

    it.each(["/sign-in", "/sign-in/", "/help", "/setup", "/api/auth/session", "/api/auth/callback/credentials", "/api/health", "/_next/static/chunks/a.js", "/_next/image", "/favicon.ico", "/robots.txt", "/logo.svg"])(
      "skips %s",
      (path) => {
        expect(matches(path)).toBe(false);
      },
    );
  });
});
