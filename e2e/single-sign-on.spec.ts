// Single sign-on through a real OpenID provider (test-support/oidc-provider.ts, started by
// playwright.config.ts): the provider's own login page, back to the portal signed in, and the
// provider's group claim decides the role (its "Portal Admins" group is mapped to ADMIN).
import type { Page } from "@playwright/test";
import { expect, test } from "./pages/portal";
import { E2E_OIDC } from "../playwright.config";
import { TEST_OIDC_ACCOUNTS } from "../test-support/oidc-provider";

// The portal's own form has a "directory user name" field too: type only once the provider's page is there.
async function openProviderPage(page: Page, path = "/sign-in") {
  await page.goto(path);
  await page.getByRole("button", { name: `Sign in with ${E2E_OIDC.name}` }).click();
  await expect(page.getByRole("heading", { name: "Test IdP" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(E2E_OIDC.issuer);
}

async function signInWithSso(page: Page, user: keyof typeof TEST_OIDC_ACCOUNTS, path = "/sign-in") {
  await openProviderPage(page, path);
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill(TEST_OIDC_ACCOUNTS[user].password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

async function heading(page: Page, path: string) {
  const response = await page.goto(path);
  const h1 = page.getByRole("main").getByRole("heading", { level: 1 }).first();
  await h1.waitFor();
  return { status: response?.status(), text: (await h1.textContent())?.trim() };
}

test("a member of the mapped admin group signs in through the provider and is an admin", async ({ page }) => {
  await signInWithSso(page, "olivia", "/sign-in?callbackUrl=%2Frequests");
  await expect(page).toHaveURL(/\/requests$/);
  expect(await heading(page, "/admin/audit")).toEqual({ status: 200, text: "Audit trail" });
  // The trail says how she signed in, with the provider's authentication methods.
  await expect(page.getByRole("row").filter({ hasText: "Signed in with single sign-on" }).filter({ hasText: "olivia@sso.example.com" }).first()).toBeVisible();
});

test("an unmapped user signs in through the provider as an employee", async ({ page }) => {
  await signInWithSso(page, "sam");
  await expect(page.getByRole("heading", { name: "My desktops" })).toBeVisible();
  expect(await heading(page, "/admin/audit")).toEqual({ status: 404, text: "Not found" });
  expect((await heading(page, "/requests/new")).status).toBe(200);
});

test("a wrong password on the provider's page keeps the visitor there, signed out of the portal", async ({ page }) => {
  await openProviderPage(page);
  await page.getByLabel("User name").fill("sam");
  await page.getByLabel("Password").fill("not-his-password");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong user name or password.");
  await page.goto("/requests");
  await expect(page).toHaveURL(/\/sign-in/);
});
