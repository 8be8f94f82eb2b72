import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { DEMO_TOTP_SECRET } from "../../prisma/demo-accounts";
import { INVALID_CREDENTIALS_MESSAGE } from "../../lib/auth/sign-in-errors";

export const PASSWORD = "workspaces-demo";
export const USERS = {
  alice: "alice@example.com",
  bob: "bob@example.com",
  carol: "carol@example.com",
  dave: "dave@example.com",
  /** An admin without two-step verification: e2e/two-step.spec.ts sets it up (nobody else uses her). */
  nora: "nora@example.com",
} as const;

type Who = keyof typeof USERS;

// Each person gets a browser context of their own, as on separate machines; closed after the test.
export const test = base.extend<{ signedIn: (who: Who) => Promise<Page> }>({
  signedIn: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (who) => {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      await signIn(page, USERS[who]);
      return page;
    });
    for (const context of contexts) await context.close();
  },
});
export { expect };

/** The demo accounts whose role requires two-step verification share the demo seed's TOTP key. */
const DEMO_TOTP: Record<string, string> = { [USERS.carol]: DEMO_TOTP_SECRET, [USERS.dave]: DEMO_TOTP_SECRET };

export async function signIn(page: Page, email: string, password = PASSWORD, totpSecret = DEMO_TOTP[email]) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const nav = page.getByRole("navigation", { name: "Main" });
  const codeField = page.getByLabel("Authentication code");
  await expect(nav.or(codeField)).toBeVisible();
  if (totpSecret && (await codeField.isVisible())) await enterTotpCode(page, totpSecret, email);
  await expect(nav).toBeVisible();
}

/** A sign-in with a wrong password, which the form refuses (the sign-in limits and the audit trail count it). */
export async function failSignIn(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not-a-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText(INVALID_CREDENTIALS_MESSAGE)).toBeVisible();
}

// The portal refuses a code whose 30-second time step was already used (no replay), and specs sign
// the same person in several times a minute: each sign-in takes the next unused step (the portal
// accepts one step ahead of its clock) and waits only when two steps ahead would be needed.
const lastStep = new Map<string, number>();
const PERIOD_MS = 30_000;

/**
 * The code of the next time step not yet used by `person` (the portal remembers used steps per
 * person; Carol and Dave share the demo key). Waits when two steps ahead would be needed.
 */
export async function nextTotpCode(page: Page, secret: string, person: string): Promise<string> {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
  const current = Math.floor(Date.now() / PERIOD_MS);
  const step = Math.max(current, (lastStep.get(person) ?? 0) + 1);
  if (step > current + 1) await page.waitForTimeout((step - 1) * PERIOD_MS - Date.now() + 200);
  lastStep.set(person, step);
  return totp.generate({ timestamp: step * PERIOD_MS });
}

/**
 * On the forced set-up page (an approver or admin without two-step verification): sets up an
 * authenticator from the secret the page shows, enters its code and continues. Returns the secret.
 */
export async function setUpTwoStep(page: Page, person: string): Promise<string> {
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("Authentication code").fill(await nextTotpCode(page, secret, person));
  await page.getByRole("button", { name: "Turn on two-step verification" }).click();
  await page.getByRole("link", { name: "Continue to the portal" }).click();
  return secret;
}

/** Enters the next unused code on the two-step page; on "already used" (a step used elsewhere), the next one. */
export async function enterTotpCode(page: Page, secret: string, person: string) {
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.getByLabel("Authentication code").fill(await nextTotpCode(page, secret, person));
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/sign-in/two-step"));
    await page.getByRole("button", { name: "Verify" }).click();
    await answered;
    // Accepted: the page moves on. Refused: it stays, saying why (an earlier message may still show, so wait for the move).
    const movedOn = await page.waitForURL((url) => !url.pathname.startsWith("/sign-in/two-step"), { timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (movedOn) return;
    await expect(page.getByText("That code was already used").first()).toBeVisible();
  }
  throw new Error("no unused two-step code was accepted");
}

export class RequestFormPage {
  constructor(private page: Page) {}
  async open() {
    await this.page.goto("/requests/new");
    await expect(this.page.getByRole("heading", { name: "Request a desktop" })).toBeVisible();
  }
  async chooseBundle(name: RegExp | string) {
    const linux = /linux|ubuntu/i.test(String(name));
    // The system switch is a segmented control: its radio is visually hidden, so click its label.
    const system = this.page.getByRole("radio", { name: linux ? "Linux" : "Windows", exact: true });
    await this.page.locator("label").filter({ has: system }).click();
    await expect(system).toBeChecked();
    await this.page.getByRole("radio", { name }).first().check();
  }
  async chooseMode(mode: "AutoStop" | "AlwaysOn") {
    await this.page.getByRole("radio", { name: new RegExp(`^${mode}`) }).check();
  }
  timeout() {
    return this.page.getByLabel("Stop after this many idle hours");
  }
  justification() {
    return this.page.getByLabel("Why do you need it?");
  }
  async submit() {
    await this.page.getByRole("button", { name: "Submit request" }).click();
  }
  /** Submits a valid request and returns the new request's id. */
  async submitValid(justification: string, bundle: RegExp | string = /Standard with Windows/) {
    await this.open();
    await this.chooseBundle(bundle);
    await this.justification().fill(justification);
    await this.submit();
    await this.page.waitForURL(/\/requests\/[^/?]+\?submitted=1/);
    return new URL(this.page.url()).pathname.split("/").pop()!;
  }
  /**
   * The requester withdraws a request still awaiting approval. Specs call it when they are done:
   * the demo accounts are shared, and one open request per user and directory is the rule.
   */
  async cancel(requestId: string) {
    await this.page.goto(`/requests/${requestId}`);
    await this.page.getByRole("button", { name: "Cancel request" }).click();
    await this.page.getByRole("dialog").getByRole("button", { name: "Cancel request" }).click();
    await expect(this.page.getByRole("region", { name: "Status" }).locator('[data-state="CANCELLED"]')).toBeVisible();
  }
}

export class ApprovalsPage {
  constructor(private page: Page) {}
  async open() {
    await this.page.goto("/approvals");
  }
  row(requestId: string) {
    return this.page.locator(`tr[data-request-id="${requestId}"]`);
  }
  async approve(requestId: string) {
    await this.row(requestId).getByRole("button", { name: /^Approve/ }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Approved 1 request" })).toBeVisible();
  }
  async reject(requestId: string, reason: string) {
    await this.row(requestId).getByRole("button", { name: /^Reject/ }).click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByLabel(/Reason/).fill(reason);
    await dialog.getByRole("button", { name: "Reject" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Rejected 1 request" })).toBeVisible();
  }
}

export class DesktopPage {
  constructor(private page: Page) {}
  state() {
    return this.page.getByRole("region", { name: "Status" }).locator("[data-state]").first();
  }
  /** Waits, without reloading, until the live state shows `state`. */
  async expectState(state: string, timeout = 60_000) {
    await expect(this.state()).toHaveAttribute("data-state", state, { timeout });
  }
  button(name: string) {
    return this.page.getByRole("region", { name: "Status" }).getByRole("button", { name, exact: true });
  }
  /** An admin terminates the open desktop, typing its directory user to confirm, and waits until it is gone. */
  async terminate(userName: string) {
    await this.button("Terminate").click();
    const dialog = this.page.getByRole("dialog", { name: /Terminate this desktop/ });
    await dialog.getByLabel(new RegExp(`Type ${userName} to confirm`)).fill(userName);
    await dialog.getByRole("button", { name: "Terminate desktop" }).click();
    await this.expectState("TERMINATED");
  }
}
