// Security review item 2 through the running portal: a client's own X-Forwarded-For (or X-Real-IP)
// does not become the address the sign-in limits count and the audit trail records; the
// connection's address does (no trusted proxy is configured here).
import { expect, test } from "./pages/portal";
import { INVALID_CREDENTIALS_MESSAGE } from "../lib/auth/sign-in-errors";

test("a spoofed X-Forwarded-For is not what the audit trail records for a failed sign-in", async ({ browser, signedIn }) => {
  const spoofed = "203.0.113.77";
  const email = `spoofer-${Date.now()}@example.com`;
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": spoofed, "x-real-ip": spoofed } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not-a-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText(INVALID_CREDENTIALS_MESSAGE)).toBeVisible();
  await context.close();

  const dave = await signedIn("dave");
  await dave.goto(`/admin/audit?q=${encodeURIComponent(email)}`);
  const row = dave.getByRole("row").filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(/from (127\.0\.0\.1|::1)\b/);
  await expect(row).not.toContainText(spoofed);
});
