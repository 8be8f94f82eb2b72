// Security review item 2 through the running portal: what a client writes into X-Forwarded-For
// (or X-Real-IP) is not the address the sign-in limits count and the audit trail record. The
// portal here trusts one proxy (playwright.config.ts), which the browser context plays: only the
// last entry counts, as a load balancer appends it; entries before it are the client's own words.
import { expect, failSignIn as failSignInOn, test } from "./pages/portal";

const SPOOFED = "203.0.113.77";

async function failSignIn(browser: import("@playwright/test").Browser, email: string, forwardedFor: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": forwardedFor, "x-real-ip": SPOOFED } });
  await failSignInOn(await context.newPage(), email);
  await context.close();
}

test("a spoofed X-Forwarded-For entry, or garbage from the proxy, is not what the audit trail records", async ({ browser, signedIn }) => {
  const stamp = Date.now();
  const behindProxy = `spoofer-${stamp}@example.com`;
  const garbage = `garbage-${stamp}@example.com`;
  await failSignIn(browser, behindProxy, `${SPOOFED}, 198.51.100.10`);
  await failSignIn(browser, garbage, `${SPOOFED}, not-an-address`);

  const dave = await signedIn("dave");
  for (const [email, address] of [
    [behindProxy, /from 198\.51\.100\.10\b/],
    // Garbage where the proxy's entry belongs: the connection's own address, never "unknown".
    [garbage, /from (127\.0\.0\.1|::1)\b/],
  ] as const) {
    await dave.goto(`/admin/audit?q=${encodeURIComponent(email)}`);
    const row = dave.getByRole("row").filter({ hasText: email });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(address);
    await expect(row).not.toContainText(SPOOFED);
  }
});
