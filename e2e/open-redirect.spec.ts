// Security review item 1: the sign-in page's callbackUrl must never send anyone off the site,
// however the path is dressed up ("/..//evil" normalises to "//evil", which browsers read as a host).
import type { Page } from "@playwright/test";
import { expect, PASSWORD, test, USERS } from "./pages/portal";
import { E2E_OIDC } from "../playwright.config";
import { TEST_OIDC_ACCOUNTS } from "../test-support/oidc-provider";

const TRICKS = ["/..//evil.example/phish", "/.//evil.example/phish", "/%2e%2e//evil.example/phish", "/%2E%2E/%2e//evil.example/phish", "/\\evil.example/phish"];

test("signed in, the sign-in page redirects only to paths on the portal", async ({ signedIn, baseURL }) => {
  const page = await signedIn("alice");
  for (const trick of TRICKS) {
    const response = await page.request.get(`/sign-in?callbackUrl=${encodeURIComponent(trick)}`, { maxRedirects: 0 });
    expect(response.status(), trick).toBe(307);
    const target = new URL(response.headers().location, baseURL);
    expect(target.origin, trick).toBe(new URL(baseURL!).origin);
    expect(target.pathname, trick).toBe("/");
  }
  // A real path still works.
  const response = await page.request.get(`/sign-in?callbackUrl=${encodeURIComponent("/requests/new")}`, { maxRedirects: 0 });
  expect(new URL(response.headers().location, baseURL).pathname).toBe("/requests/new");
});

test("signing in with a password from a doctored link lands on the portal's home page", async ({ page, baseURL }) => {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(TRICKS[0])}`);
  await signInOnThisPage(page);
  await expect(page.getByRole("heading", { name: "My desktops" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
});

test("single sign-on from a doctored link comes back to the portal's home page", async ({ page, baseURL }) => {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(TRICKS[2])}`);
  await page.getByRole("button", { name: `Sign in with ${E2E_OIDC.name}` }).click();
  // Wait for the provider's page: the portal's own form has a "directory user name" field too.
  await expect(page.getByRole("heading", { name: "Test IdP" })).toBeVisible();
  await page.getByLabel("User name").fill("sam");
  await page.getByLabel("Password").fill(TEST_OIDC_ACCOUNTS.sam.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "My desktops" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
});

async function signInOnThisPage(page: Page) {
  await page.getByLabel("Email").fill(USERS.bob);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}
