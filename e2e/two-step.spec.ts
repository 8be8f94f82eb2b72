import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { nextTotpCode, PASSWORD, signIn, USERS } from "./pages/portal";

// Two-step verification as people meet it. Nora (a demo admin without it) is sent to set it up
// before anything else; then she signs in with codes from her app and with a recovery code.
// Nobody else signs in as Nora, so the other specs never meet her MFA.
test.describe.configure({ mode: "serial" });
// At phone width: these pages are what someone sees with their phone's authenticator app at hand.
test.use({ viewport: { width: 390, height: 844 } });

let secret = "";
let recoveryCodes: string[] = [];

/** No axe violations, and nothing wider than the phone's screen. */
async function expectUsableOnPhone(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

/** Signs in with the password only, from `path` (signed out, it sends to the sign-in page and back). */
async function signInWithPassword(page: Page, email: string, path = "/sign-in") {
  await page.goto(path);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Another tab of the same browser opens `path` and is sent to `expected` instead. */
async function expectSentFrom(page: Page, path: string, expected: RegExp) {
  const tab = await page.context().newPage();
  await tab.goto(path);
  await expect(tab).toHaveURL(expected);
  await expect(tab.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await tab.close();
}

test("an admin without two-step verification is sent to set it up first", async ({ page }) => {
  await signInWithPassword(page, USERS.nora, "/admin/fleet");
  await expect(page).toHaveURL(/\/sign-in\/two-step\/set-up\?callbackUrl=%2Fadmin%2Ffleet$/);
  await expect(page.getByRole("heading", { name: "Set up two-step verification" })).toBeVisible();
  // Any other page sends her back here.
  await expectSentFrom(page, "/approvals", /\/sign-in\/two-step\/set-up(\?|$)/);
  await expectSentFrom(page, "/account", /\/sign-in\/two-step\/set-up(\?|$)/);

  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "1. Add the portal to your authenticator app" })).toBeFocused();
  secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectUsableOnPhone(page);

  // A wrong code is named in the error summary, which takes focus, and at the field.
  await page.getByLabel("Authentication code").fill("000000");
  await page.getByRole("button", { name: "Turn on two-step verification" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("That code is not right");
  await expect(page.getByLabel("Authentication code")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Authentication code").fill(await nextTotpCode(page, secret, USERS.nora));
  await page.getByRole("button", { name: "Turn on two-step verification" }).click();
  await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeFocused();
  recoveryCodes = (await page.getByTestId("recovery-codes").getByRole("listitem").allTextContents()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  await expectUsableOnPhone(page);
  await page.getByRole("link", { name: "Continue to the portal" }).click();
  await expect(page).toHaveURL(/\/admin\/fleet$/);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
});

test("signing in takes a code computed from the secret", async ({ page }) => {
  await signInWithPassword(page, USERS.nora, "/admin/audit");
  await expect(page.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in\/two-step\?callbackUrl=%2Fadmin%2Faudit$/);
  // Nothing but this step (and signing out) is open before the code.
  await expectSentFrom(page, "/approvals", /\/sign-in\/two-step(\?|$)/);
  await expect(page.getByLabel("Authentication code")).toBeFocused();
  await expectUsableOnPhone(page);
  await page.getByLabel("Authentication code").fill(await nextTotpCode(page, secret, USERS.nora));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await page.goto("/account");
  await expect(page.getByTestId("mfa-status")).toContainText("On since");
  await expect(page.getByTestId("mfa-status")).toContainText("10 recovery codes left");
  await expectUsableOnPhone(page);
});

test("a recovery code works once", async ({ page }) => {
  const useRecoveryCode = async (code: string) => {
    await signInWithPassword(page, USERS.nora);
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await expect(page.getByLabel("Recovery code")).toBeFocused();
    await page.getByLabel("Recovery code").fill(code);
    await page.getByRole("button", { name: "Verify" }).click();
  };
  await useRecoveryCode(recoveryCodes[0]);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await useRecoveryCode(recoveryCodes[0]);
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("That code is not right");
  await expect(page).toHaveURL(/\/sign-in\/two-step/);
  await page.getByRole("button", { name: "Cancel and sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  // The helper the other specs use signs in with the app's code.
  await signIn(page, USERS.nora, PASSWORD, secret);
  await page.goto("/account");
  await expect(page.getByTestId("mfa-status")).toContainText("9 recovery codes left");
});

test("a session ended on the server is signed out at its next click", async ({ browser }) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  await signIn(page, USERS.alice);
  await page.goto("/requests");
  // The same session in another browser: a copy of the cookie, as someone who stole it would have.
  const copy = await browser.newContext();
  await copy.addCookies(await first.cookies());
  const other = await copy.newPage();
  await other.goto("/requests");
  await expect(other.getByRole("navigation", { name: "Main" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  // At phone width the menu is folded: the header's home link is the click.
  await other.getByRole("link", { name: "WorkSpaces Portal" }).click();
  await expect(other.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(other.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await first.close();
  await copy.close();
});
