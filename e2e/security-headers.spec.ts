import type { APIResponse, BrowserContext, Page, Response } from "@playwright/test";
import { RequestFormPage, expect, test } from "./pages/portal";

// Every page, for every role, under the strict Content-Security-Policy (lib/http/security-headers.js,
// proxy.ts): no violation reported, the page hydrates (its scripts ran), and every response carries
// the security headers. Pages with ids are reached by following the portal's own links.

/** CSP (and Permissions-Policy) problems any page or frame of the context reports. */
async function watchPolicies(context: BrowserContext): Promise<string[]> {
  const problems: string[] = [];
  // The browser fires this event in the page for every blocked script, style, frame or request.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline code"} on ${location.pathname} (${e.sample})`);
    });
  });
  context.on("console", (message) => {
    if (/Content Security Policy|CSP violation|Permissions-Policy|Refused to/i.test(message.text())) {
      problems.push(`${message.page()?.url() ?? "?"}: ${message.text()}`);
    }
  });
  return problems;
}

/** What is wrong with one response's security headers. */
function headerProblems(headers: Record<string, string>, what: string, { document = true } = {}): string[] {
  const problems: string[] = [];
  const expectHeader = (name: string, test: (value: string) => boolean) => {
    if (!test(headers[name] ?? "")) problems.push(`${what}: ${name} is "${headers[name] ?? ""}"`);
  };
  expectHeader("x-frame-options", (v) => v === "DENY");
  expectHeader("x-content-type-options", (v) => v === "nosniff");
  expectHeader("referrer-policy", (v) => v === "same-origin");
  expectHeader("permissions-policy", (v) => v.includes("camera=()") && v.includes("microphone=()"));
  expectHeader("strict-transport-security", (v) => v === ""); // plain http here: no HSTS
  if (document) {
    expectHeader("content-security-policy", (v) => {
      const scripts = v.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
      return /'nonce-[A-Za-z0-9+/=]{16,}'/.test(scripts) && scripts.includes("'strict-dynamic'") && !v.includes("unsafe-inline") && !v.includes("unsafe-eval")
        && ["frame-ancestors 'none'", "form-action 'self'", "base-uri 'self'", "object-src 'none'"].every((d) => v.includes(d));
    });
  }
  return problems;
}

const headersOf = async (response: Response | APIResponse | null) => (response ? ("allHeaders" in response ? await response.allHeaders() : response.headers()) : {});

/** Whether React took over the page: it marks the document it hydrates. Blocked scripts never get there. */
async function expectHydrated(page: Page, path: string) {
  await expect
    .poll(() => page.evaluate(() => Object.keys(document).some((key) => key.startsWith("_reactListening"))), { message: `${path} hydrates`, timeout: 15_000 })
    .toBe(true);
}

// Path segments that name a page; any other segment is an id ("/desktops/ws-1a2b3c4d5" and
// "/desktops/demo-billing-erin" are one page).
const PAGE_SEGMENTS = new Set(
  "admin account approvals audit billing bulk bundles catalogue clean-up desktops directories fleet guardrails help images import ip-groups mailbox new notifications prices quick-setup recommendations requests roles users".split(" "),
);
const routeOf = (path: string) =>
  path
    .split("/")
    .map((segment) => (segment === "" || PAGE_SEGMENTS.has(segment) ? segment : ":id"))
    .join("/");

/**
 * Opens each page and every page it links to (one per route, up to `limit`), checking each.
 * Downloads, live feeds and APIs are skipped (no document to render). Returns the routes seen.
 */
async function visitAll(page: Page, seeds: string[], problems: string[], limit = 80): Promise<string[]> {
  const origin = new URL(page.url()).origin; // signed in: the page is on the portal
  const seen = new Set<string>();
  const queue = [...seeds];
  while (queue.length > 0 && seen.size < limit) {
    const path = queue.shift()!;
    const route = routeOf(path.split("?")[0]);
    if (seen.has(route)) continue;
    seen.add(route);
    const response = await page.goto(path);
    expect(response, path).not.toBeNull();
    problems.push(...headerProblems(await headersOf(response), `${path} (${response!.status()})`));
    await expectHydrated(page, path);
    const links = await page.locator("a[href]").evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
    for (const href of links) {
      const url = new URL(href);
      if (url.origin !== origin) continue;
      if (/\.csv$|\/export$|\/live$|^\/api\//.test(url.pathname)) continue;
      queue.push(url.pathname);
    }
  }
  return [...seen];
}

test.describe("security headers and the Content-Security-Policy", () => {
  test("sign-in, help, set-up and error pages: no policy violation, headers on every response", async ({ page, request, context }) => {
    const problems = await watchPolicies(context);
    for (const path of ["/sign-in", "/help", "/setup", "/setup?token=not-a-real-token", "/sign-in/two-step"]) {
      const response = await page.goto(path);
      problems.push(...headerProblems(await headersOf(response), path));
      await expectHydrated(page, path);
    }
    // The anonymous redirect, an API, the icon, one of Next's script files, an unknown file.
    const redirect = await request.get("/admin/fleet", { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    problems.push(...headerProblems(redirect.headers(), "the sign-in redirect"));
    const api = await request.get("/api/auth/session");
    expect(api.status()).toBe(200);
    problems.push(...headerProblems(api.headers(), "/api/auth/session"));
    problems.push(...headerProblems((await request.get("/favicon.ico")).headers(), "/favicon.ico", { document: false }));
    await page.goto("/sign-in");
    const script = await page.locator("script[src]").first().getAttribute("src");
    expect(script).toMatch(/^\/_next\/static\//);
    const chunk = await request.get(script!);
    expect(chunk.status()).toBe(200);
    problems.push(...headerProblems(chunk.headers(), script!, { document: false }));
    const missing = await request.get("/no-such-file.txt");
    expect(missing.status()).toBe(404);
    problems.push(...headerProblems(missing.headers(), "/no-such-file.txt (404)"));

    // A fresh nonce for each response: a nonce an attacker saw once is worth nothing.
    const nonce = async () => /'nonce-([^']+)'/.exec((await request.get("/sign-in")).headers()["content-security-policy"])?.[1];
    expect(await nonce()).not.toBe(await nonce());
    expect(problems).toEqual([]);
  });

  test("every employee, approver and admin page: no policy violation, hydrated, headers sent", async ({ signedIn }) => {
    test.setTimeout(420_000);
    const alice = await signedIn("alice");
    const aliceProblems = await watchPolicies(alice.context());
    const requestId = await new RequestFormPage(alice).submitValid("CSP check: a desktop to try the portal under a strict policy");
    const aliceRoutes = await visitAll(alice, ["/", "/requests", "/requests/new", `/requests/${requestId}`, "/account", "/help", "/no-such-page"], aliceProblems);
    expect(["/requests/:id", "/account", "/:id" /* /no-such-page, the 404 page */].filter((route) => !aliceRoutes.includes(route)), "pages not reached").toEqual([]);
    expect(aliceProblems).toEqual([]);

    const carol = await signedIn("carol");
    const carolProblems = await watchPolicies(carol.context());
    const carolRoutes = await visitAll(carol, ["/approvals", "/admin/fleet", "/admin/billing/requests", "/account", `/requests/${requestId}`], carolProblems);
    expect(["/approvals", "/admin/fleet", "/requests/:id"].filter((route) => !carolRoutes.includes(route)), "pages not reached").toEqual([]);
    expect(carolProblems).toEqual([]);
    await new RequestFormPage(alice).cancel(requestId);

    const dave = await signedIn("dave");
    const daveProblems = await watchPolicies(dave.context());
    const adminPages = [
      "/admin/fleet",
      "/admin/bulk",
      "/admin/bulk/new",
      "/admin/directories",
      "/admin/directories/new",
      "/admin/directories/quick-setup",
      "/admin/ip-groups",
      "/admin/images",
      "/admin/bundles",
      "/admin/catalogue",
      "/admin/audit",
      "/admin/users",
      "/admin/roles",
      "/admin/notifications",
      "/admin/notifications/mailbox",
      "/admin/billing",
      "/admin/billing/prices",
      "/admin/billing/recommendations",
      "/admin/billing/requests",
    ];
    const daveRoutes = await visitAll(dave, ["/", ...adminPages], daveProblems, 120);
    // Pages with ids reached through links: a desktop, a request, a directory and its sub-pages, a user.
    const expected = [...adminPages, "/desktops/:id", "/requests/:id", "/admin/directories/:id", "/admin/directories/:id/guardrails", "/admin/directories/:id/users", "/admin/users/:id"];
    expect(expected.filter((route) => !daveRoutes.includes(route)), "pages not reached").toEqual([]);
    // A download answers with the headers too.
    const download = await dave.request.get("/admin/fleet/export.csv");
    expect(download.status()).toBe(200);
    daveProblems.push(...headerProblems(download.headers(), "/admin/fleet/export.csv", { document: false }));
    expect(daveProblems).toEqual([]);
  });

  test("a desktop page cannot be framed by another origin of the same site", async ({ signedIn, baseURL }) => {
    const dave = await signedIn("dave");
    await dave.goto("/admin/billing/recommendations");
    const desktopPath = await dave.locator('a[href^="/desktops/"]').first().getAttribute("href");
    expect(desktopPath).toBeTruthy();
    // Opened directly, the page shows its desktop and its buttons.
    await dave.goto(desktopPath!);
    await expect(dave.getByRole("region", { name: "Status" })).toBeVisible();

    // Same site (cookies go along), other origin: a page on another port of the same host, played by the test.
    const framer = `http://localhost:${Number(new URL(baseURL!).port) + 9}`;
    await dave.route(`${framer}/**`, (route) =>
      route.fulfill({ contentType: "text/html", body: `<!doctype html><title>Framer</title><iframe title="framed" src="${baseURL}${desktopPath}"></iframe>` }),
    );
    await dave.goto(`${framer}/`);
    // The browser refuses the frame and shows its own error page in it instead of the portal's.
    await expect.poll(() => dave.frames().map((f) => f.url())).toContain("chrome-error://chromewebdata/");
    const framed = dave.frameLocator('iframe[title="framed"]');
    await expect(framed.getByRole("region", { name: "Status" })).toHaveCount(0);
    await expect(framed.getByRole("button")).toHaveCount(0);
  });
});
