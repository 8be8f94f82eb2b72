// Directory sign-in in the browser, in the embedded default: the emulator's demo directory
// answers LDAPS itself (lib/aws-emulator/ldap), and the portal binds to it through its production
// LDAP code with the emulator's CA verified (lib/config sets the endpoint and the CA file).
import { DEMO } from "@/lib/aws-emulator/demo-seed";
import type { Page } from "@playwright/test";
import { RequestFormPage, USERS, expect, setUpTwoStep, signIn, test } from "./pages/portal";

const DIRECTORY_PASSWORD = DEMO.signIn.password;

async function signInAs(page: Page, login: string, password = DIRECTORY_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email or directory user name").fill(login);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test.describe("directory sign-in", () => {
  test("a demo directory employee signs in with her directory password, in the user@domain form", async ({ page }) => {
    await signInAs(page, "alice.archer@corp.example.com");
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expect(page.getByText("Alice Archer").first()).toBeVisible();
    // Sales maps to no role: an employee, with no approval queue.
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Approvals/ })).toHaveCount(0);
  });

  test("an account that must change its password is told so", async ({ page }) => {
    await signInAs(page, "CORP\\mike.mustchange");
    await expect(page.locator("#sign-in-error")).toHaveText(
      "You must change your directory password before you can sign in. Change it (for example at a Windows sign-in), then sign in here.",
    );
  });

  test("a directory account signs in (no portal account before), gets its role from its groups, and requests a desktop", async ({ page }) => {
    await signInAs(page, "CORP\\nina.nested");
    // Her groups make her an approver, and approvers use two-step verification: she sets it up first.
    await expect(page.getByRole("heading", { name: "Set up two-step verification" })).toBeVisible();
    await setUpTwoStep(page, "nina.nested");
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expect(page.getByText("Nina Nested").first()).toBeVisible();
    // Helpdesk is nested in Portal Approvers, which PORTAL's demo mapping makes APPROVER: the queue is hers.
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Approvals/ })).toBeVisible();

    // No manual linking: the request goes to her directory user.
    const form = new RequestFormPage(page);
    const requestId = await form.submitValid("Directory sign-in check: a desktop for Nina.");
    await expect(page.getByText("nina.nested").first()).toBeVisible();
    await form.cancel(requestId);
  });

  test("a disabled directory account is told so, and a wrong password is told nothing more", async ({ page }) => {
    await signInAs(page, "dave.disabled@corp.example.com");
    await expect(page.locator("#sign-in-error")).toHaveText("Your directory account is disabled. Ask your IT help desk to enable it.");

    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.locator("#sign-in-error")).toHaveText("Wrong email address, user name or password.");
  });
});

test("an attacker's wrong guesses from another address do not lock the admin out", async ({ browser }) => {
  // Two machines: the attacker's, and the admin's. The portal takes the client address from the
  // proxy header here (see playwright.config.ts).
  const attacker = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.66" } });
  const admin = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.10" } });
  try {
    const page = await attacker.newPage();
    await page.goto("/sign-in");
    // Ten guesses: five once locked the account for 15 minutes. Now the attacker's own address is
    // made to wait, twice as long after each failure beyond the third.
    const answers: string[] = [];
    for (let i = 0; i < 10; i++) {
      await page.getByLabel("Email or directory user name").fill(USERS.dave);
      await page.getByLabel("Password").fill(`guess-${i}`);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      const answer = page.locator("#sign-in-error");
      await expect(answer).toBeVisible();
      answers.push((await answer.textContent()) ?? "");
      await page.reload();
    }
    expect(answers.slice(0, 3)).toEqual(Array(3).fill("Wrong email address, user name or password."));
    expect(answers.some((a) => /Too many failed sign-ins\. Try again in \d+ seconds?\./.test(a))).toBe(true);

    // The admin, from his own address, signs in with his password and his two-step code.
    const adminPage = await admin.newPage();
    await signIn(adminPage, USERS.dave);
    await expect(adminPage.getByRole("navigation", { name: "Main" })).toBeVisible();
  } finally {
    await attacker.close();
    await admin.close();
  }
});
