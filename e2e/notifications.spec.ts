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

test("admin notice routes: a wrong e-mail address or a plain-http webhook gets a message at the field", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  await dave.goto("/admin/notifications");
  const form = dave.getByRole("form", { name: "Send admin notices also to" });
  await form.getByLabel("Name").fill("IT operations");
  await form.getByLabel("Kind").selectOption("EMAIL");
  await form.getByLabel("Address or webhook URL").fill("it-ops at example");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(form.getByText("Enter an e-mail address like it-ops@example.com.")).toBeVisible();
  await expect(form.getByLabel("Address or webhook URL")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Kind").selectOption("SLACK");
  await form.getByLabel("Address or webhook URL").fill("http://hooks.slack.example.com/services/T0/B0/x");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(form.getByText("The webhook URL must start with https://.")).toBeVisible();
  await expect(dave.getByRole("table", { name: "Where admin notices also go" })).toHaveCount(0);
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
