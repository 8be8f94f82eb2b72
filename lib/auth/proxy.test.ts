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

  it.each(["/sign-in", "/sign-in/", "/sign-in/two-step", "/help", "/setup", "/healthz", "/readyz", "/api/auth/session", "/api/auth/callback/credentials", "/_next/webpack-hmr", "/favicon.ico", "/robots.txt", "/logo.svg"])(
    "lets an anonymous visitor through to %s (no sign-in needed)",
    (path) => {
      expect(proxy(request(path)).headers.get("x-middleware-next")).toBe("1");
    },
  );

  it.each(["/sign-inx", "/helpdesk", "/setupx", "/healthzx", "/apix"])("redirects an anonymous visitor of app page %s", (path) => {
    expect(proxy(request(path)).status).toBe(307);
  });

  describe("security headers", () => {
    const csp = (response: Response) => response.headers.get("content-security-policy") ?? "";
    const nonceOf = (policy: string) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];

    it.each(["/", "/sign-in", "/api/auth/session", "/healthz", "/favicon.ico"])("sends a strict policy with a nonce on %s, redirects included", (path) => {
      const response = proxy(request(path));
      const policy = csp(response);
      expect(nonceOf(policy)).toBeTruthy();
      expect(policy).toContain(`script-src 'self' 'nonce-${nonceOf(policy)}' 'strict-dynamic'`);
      expect(policy).not.toContain("unsafe-inline");
      expect(policy).not.toContain("unsafe-eval");
      for (const directive of ["frame-ancestors 'none'", "form-action 'self'", "base-uri 'self'", "object-src 'none'"]) expect(policy).toContain(directive);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
      expect(response.headers.get("permissions-policy")).toContain("camera=()");
    });

    it("uses a new nonce on every request and hands the same policy to the page render", () => {
      const first = proxy(request("/sign-in"));
      const second = proxy(request("/sign-in"));
      expect(nonceOf(csp(first))).not.toBe(nonceOf(csp(second)));
      // NextResponse.next passes the changed request headers on as x-middleware-request-*.
      expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp(first));
    });

    it("sends HSTS over https only", () => {
      expect(proxy(request("/sign-in")).headers.get("strict-transport-security")).toBeNull();
      const overHttps = proxy(new NextRequest("https://portal.example.com/sign-in"));
      expect(overHttps.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}/);
      expect(csp(overHttps)).toContain("upgrade-insecure-requests");
    });

    it("runs on every path but Next's build assets", () => {
      const [source] = config.matcher;
      const matches = (path: string) => new RegExp(`^${source}$`).test(path);
      for (const path of ["/", "/sign-in", "/help", "/setup", "/api/auth/session", "/healthz", "/favicon.ico", "/admin/fleet/export.csv"]) expect(matches(path)).toBe(true);
      for (const path of ["/_next/static/chunks/a.js", "/_next/image"]) expect(matches(path)).toBe(false);
    });
  });
});
