import type { Locator, Page } from "@playwright/test";
import { MailboxPage } from "./pages/mailbox";
import { ApprovalsPage, RequestFormPage, expect, test } from "./pages/portal";

// Notifications on the embedded default: e-mail goes to the portal's own mailbox, which admins read.

test("a decided request sends the requester an e-mail with the reason, visible in the local mailbox", async ({ signedIn }) => {
  const alice = await signedIn("alice");
  const requestId = await new RequestFormPage(alice).submitValid("I need a desktop for the quarterly review.");
  const reason = `Use the shared lab desktop (${requestId.slice(-6)}).`;
  const carol = await signedIn("carol");
  const approvals = new ApprovalsPage(carol);
  await approvals.open();
  await approvals.reject(requestId, reason);

  const dave = await signedIn("dave");
  await dave.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notifications" }).click();
  await expect(dave.getByRole("heading", { name: "Notifications" })).toBeVisible();
  const message = await new MailboxPage(dave).openMessage("alice@example.com", "Your desktop request was rejected");
  await expect(message).toContainText(`Reason: ${reason}`);
  await expect(message).toContainText("Carol");
  await expect(message).toContainText(`/requests/${requestId}`);
});

async function openRouteForm(page: Page): Promise<Locator> {
  await page.goto("/admin/notifications");
  return page.getByRole("form", { name: "Send admin notices also to" });
}

/** Fills the admin-notice route form on Admin → Notifications and submits it. */
async function addRoute(form: Locator, route: { name?: string; kind: "EMAIL" | "SLACK" | "TEAMS"; target: string }) {
  if (route.name !== undefined) await form.getByLabel("Name").fill(route.name);
  await form.getByLabel("Kind").selectOption(route.kind);
  await form.getByLabel("Address or webhook URL").fill(route.target);
  await form.getByRole("button", { name: "Add" }).click();
}

test("admin notice routes: a wrong e-mail address or a plain-http webhook gets a message at the field", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  const form = await openRouteForm(dave);
  await addRoute(form, { name: "IT operations", kind: "EMAIL", target: "it-ops at example" });
  await expect(form.getByText("Enter an e-mail address like it-ops@example.com.")).toBeVisible();
  await expect(form.getByLabel("Address or webhook URL")).toHaveAttribute("aria-invalid", "true");

  await addRoute(form, { kind: "SLACK", target: "http://hooks.slack.example.com/services/T0/B0/x" });
  await expect(form.getByText("The webhook URL must start with https://.")).toBeVisible();
  await expect(dave.getByRole("table", { name: "Where admin notices also go" })).toHaveCount(0);
});

test("admin notice routes: an admin adds a Slack webhook, sees it listed without its secret path, then removes it after confirming", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  const form = await openRouteForm(dave);
  // A host that never resolves (.invalid): a notice queued while the route exists posts nowhere.
  await addRoute(form, { name: "IT operations on Slack", kind: "SLACK", target: "https://hooks.slack.invalid/services/T0E2E/B0E2E/secret-e2e-token" });
  await expect(form.getByText("Added.")).toBeVisible();
  await expect(form.getByLabel("Address or webhook URL")).toHaveValue("");

  const routes = dave.getByRole("table", { name: "Where admin notices also go" });
  const row = routes.getByRole("row").filter({ hasText: "IT operations on Slack" });
  await expect(row).toContainText("Slack webhook");
  // The URL is a secret that posts into the channel: only its host is shown.
  await expect(row).toContainText("https://hooks.slack.invalid/…");
  await expect(routes).not.toContainText("secret-e2e-token");
  await dave.reload();
  await expect(row).toBeVisible();

  // As it was, for the other specs: removed, after the confirmation dialog.
  await row.getByRole("button", { name: "Remove IT operations on Slack" }).click();
  const dialog = dave.getByRole("dialog", { name: "Stop sending admin notices to IT operations on Slack?" });
  await expect(dialog).toContainText("Notices already queued for it are still sent.");
  await dialog.getByRole("button", { name: "Remove" }).click();
  await expect(dialog).toBeHidden();
  await expect(routes).toHaveCount(0);
  await expect(dave.getByText("Admin notices go only to each admin's own e-mail.")).toBeVisible();
});

test("an employee turns one kind of e-mail off on their account page, and it stays off", async ({ signedIn }) => {
  const alice = await signedIn("alice");
  await alice.goto("/account");
  const form = alice.getByRole("form", { name: "Notifications" });
  const decided = form.getByRole("checkbox", { name: "My request was approved or rejected" });
  // An employee is offered only what reaches employees: nothing for approvers or admins.
  await expect(form.getByRole("checkbox", { name: "A request waits for my approval" })).toHaveCount(0);
  await expect(decided).toBeChecked();
  await decided.uncheck();
  await form.getByRole("button", { name: "Save notifications" }).click();
  await expect(form.getByText("Saved.")).toBeVisible();
  await alice.reload();
  await expect(decided).not.toBeChecked();
  await expect(form.getByRole("checkbox", { name: "My desktop is ready" })).toBeChecked();
  // As it was, for the other specs' e-mails.
  await decided.check();
  await form.getByRole("button", { name: "Save notifications" }).click();
  await expect(form.getByText("Saved.")).toBeVisible();
});
