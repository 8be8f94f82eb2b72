import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { NoDemoPortal, UserPage, UsersPage } from "./pages/users";
import { enterTotpCode, expect, nextTotpCode, test } from "./pages/portal";

// Users, roles and the first run. The accounts changed here are the spec's own (on a second portal
// started without the demo), never the shared demo accounts.

const axe = async (page: Page) =>
  (await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze()).violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );

// Admins must use two-step verification: the first sign-in sets it up, later ones take a code.
const totpSecrets = new Map<string, string>();

async function signInAt(browser: Browser, base: string, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const nav = page.getByRole("navigation", { name: "Main" });
  const setUp = page.getByRole("button", { name: "Set up an authenticator app" });
  const codeField = page.getByLabel("Authentication code");
  await expect(nav.or(setUp).or(codeField)).toBeVisible();
  if (await setUp.isVisible()) {
    await setUp.click();
    const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
    totpSecrets.set(email, secret);
    await page.getByLabel("Authentication code").fill(await nextTotpCode(page, secret, email));
    await page.getByRole("button", { name: "Turn on two-step verification" }).click();
    await page.getByRole("link", { name: "Continue to the portal" }).click();
  } else if (await codeField.isVisible()) {
    await enterTotpCode(page, totpSecrets.get(email)!, email);
  }
  await expect(nav).toBeVisible();
  return page;
}

const ADA = { name: "Ada Admin", email: "ada@example.org", password: "the first admin passphrase" };
const FRANK = { name: "Frank Breakglass", email: "frank@example.org", password: "a break-glass passphrase" };

test("first run without the demo: start prints a setup link that creates the first admin once; that admin resets, demotes and disables another account", async ({ browser }) => {
  test.setTimeout(600_000);
  const portal = new NoDemoPortal(Number(process.env.E2E_PORT ?? 3100));
  portal.reset();
  try {
    // The link comes from start-up's own output, as an operator reads it.
    const link = await portal.start();
    expect(link, portal.output).toMatch(new RegExp(`^${portal.url}/setup\\?token=[\\w-]{43}$`));
    expect(portal.output).toContain("The portal has no admin yet");
    expect(portal.output).not.toContain("Demo accounts");

    const setup = await (await browser.newContext()).newPage();
    await setup.goto(link!);
    await expect(setup.getByRole("heading", { level: 1, name: "Create the first admin" })).toBeVisible();
    expect(await axe(setup)).toEqual([]);
    // A password that breaks the rules is refused at its field; the link still works.
    await setup.getByLabel("Your name").fill(ADA.name);
    await setup.getByLabel("E-mail address").fill(ADA.email);
    await setup.getByLabel("Password", { exact: true }).fill("too short");
    await setup.getByLabel("Password again").fill("too short");
    await setup.getByRole("button", { name: "Create admin account" }).click();
    await expect(setup.getByText(/at least 12 characters/).last()).toBeVisible();
    await setup.getByLabel("Password", { exact: true }).fill(ADA.password);
    await setup.getByLabel("Password again").fill(ADA.password);
    await setup.getByRole("button", { name: "Create admin account" }).click();
    await expect(setup.getByText("Your admin account is ready")).toBeVisible();

    // Once only.
    await setup.goto(link!);
    await expect(setup.getByText("This setup link has already been used")).toBeVisible();
    await expect(setup.getByRole("button", { name: "Create admin account" })).toHaveCount(0);

    // A break-glass admin from a shell; with an admin present, the next start prints no link.
    await portal.stop();
    await portal.createAdminFromShell(FRANK.email, FRANK.name, FRANK.password);
    expect(await portal.start(), portal.output).toBeNull();

    const ada = await signInAt(browser, portal.url, ADA.email, ADA.password);
    const users = new UsersPage(ada, portal.url);
    await users.open();
    await expect(users.rows()).toHaveCount(2);
    await users.search("breakglass");
    await expect(users.rows()).toHaveCount(1);
    await users.openUser(FRANK.name);
    const frankPage = new UserPage(ada);
    await expect(frankPage.role()).toHaveText("Admin");
    expect(await axe(ada)).toEqual([]);

    // A generated password, shown once, lets Frank in; he then sets his own on his account page.
    const generated = await frankPage.resetPasswordGenerated();
    const frank = await signInAt(browser, portal.url, FRANK.email, generated);
    await expect(frank.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toBeVisible();
    await frank.goto(`${portal.url}/account`);
    await frank.getByLabel("Current password").fill(generated);
    await frank.getByLabel("New password", { exact: true }).fill("my own new passphrase here");
    await frank.getByLabel("New password again").fill("my own new passphrase here");
    await frank.getByRole("button", { name: "Change password" }).click();
    await expect(frank.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();

    // Ada sees Frank's session and ends it: his next click lands on the sign-in page.
    await ada.reload();
    await expect(frankPage.sessionCount()).toHaveText("1 open session.");
    await expect(frankPage.mfaState()).toContainText("On since");
    await frankPage.endSessions();
    await frank.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My requests" }).click();
    await expect(frank).toHaveURL(/\/sign-in/);
    await frank.close();

    // Signed in again (with his code), then demoted: his sessions end once more, and signed in again
    // he has no admin pages.
    const again = await signInAt(browser, portal.url, FRANK.email, "my own new passphrase here");
    await frankPage.changeRole("Employee");
    await again.goto(`${portal.url}/`);
    await expect(again).toHaveURL(/\/sign-in/);
    await again.close();
    // He lost his phone: Ada resets his two-step verification; as an employee he signs in without it.
    await frankPage.resetMfa();
    totpSecrets.delete(FRANK.email);
    const demoted = await signInAt(browser, portal.url, FRANK.email, "my own new passphrase here");
    await expect(demoted.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My desktops" })).toBeVisible();
    await expect(demoted.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);

    // Disabled, he is signed out at his next click and cannot sign in again.
    await frankPage.disable();
    await demoted.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My requests" }).click();
    await expect(demoted).toHaveURL(/\/sign-in/);
    await demoted.getByLabel("Email").fill(FRANK.email);
    await demoted.getByLabel("Password").fill("my own new passphrase here");
    await demoted.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(demoted.getByRole("alert")).toBeVisible();

    // Ada cannot change her own role or disable herself; the page says why.
    await users.open(`?q=${encodeURIComponent("ada@")}`);
    await users.openUser(ADA.name);
    await expect(ada.getByRole("region", { name: "Role" }).getByRole("button", { name: "Change role" })).toBeDisabled();
    await expect(ada.getByRole("region", { name: "Access" }).getByRole("button", { name: "Disable account" })).toBeDisabled();
    await expect(ada.getByRole("region", { name: "Role" }).locator("p", { hasText: "You cannot change your own role; another admin can." })).toBeVisible();

    // Every change is in the audit trail, by Ada, on Frank.
    await ada.goto(`${portal.url}/admin/audit?action=user.`);
    const events = ada.getByRole("table", { name: "Audit events" }).locator("tbody tr");
    for (const action of ["user.disable", "user.role_change", "user.password_reset"]) {
      await expect(events.filter({ hasText: action }).filter({ hasText: ADA.email }).filter({ hasText: `User ${FRANK.email}` })).toHaveCount(1);
    }
  } finally {
    await test.info().attach("second portal output", { body: portal.output });
    await portal.stop();
  }
});

test("roles from groups: an admin adds a mapping, a duplicate is refused, edits it and deletes it after confirming", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  await dave.goto("/admin/users");
  await dave.getByRole("link", { name: "Roles from groups" }).click();
  await expect(dave.getByRole("heading", { level: 1, name: "Roles from groups" })).toBeVisible();
  const group = `E2E Approvers ${Date.now()}`;

  const add = dave.getByRole("form", { name: "Add a mapping" });
  await add.getByLabel("Source").selectOption("DIRECTORY");
  await add.getByLabel("Group name").fill(group);
  await add.getByLabel("Role").selectOption({ label: "Approver" });
  await add.getByRole("button", { name: "Add mapping" }).click();
  const row = dave.locator(`tr[data-mapping="DIRECTORY|${group}"]`);
  await expect(row).toContainText("Approver");
  expect(await axe(dave)).toEqual([]);

  // The same group in other letters is a duplicate; the field says so.
  await add.getByLabel("Group name").fill(`  ${group.toUpperCase()} `);
  await add.getByRole("button", { name: "Add mapping" }).click();
  await expect(add.getByRole("alert")).toContainText("is already mapped to Approver");
  await expect(dave.locator("tr[data-mapping]").filter({ hasText: group })).toHaveCount(1);

  await row.getByRole("button", { name: /^Edit/ }).click();
  const edit = dave.getByRole("form", { name: `Edit the mapping of ${group}` });
  await edit.getByLabel("Role").selectOption({ label: "Admin" });
  await edit.getByRole("button", { name: "Save mapping" }).click();
  await expect(row).toContainText("Admin");

  await row.getByRole("button", { name: /^Delete/ }).click();
  const dialog = dave.getByRole("dialog", { name: `Delete the mapping of "${group}"?` });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: /^Delete/ }).click();
  await dialog.getByRole("button", { name: "Delete mapping" }).click();
  await expect(row).toHaveCount(0);
});
