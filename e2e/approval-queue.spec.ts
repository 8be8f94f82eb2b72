import { ApprovalsPage, RequestFormPage, expect, test } from "./pages/portal";

test("an approver's own request says why it cannot be decided; approving several asks first, with how many", async ({ signedIn }) => {
  test.setTimeout(180_000);
  const carol = await signedIn("carol");
  const own = await new RequestFormPage(carol).submitValid("Carol's own desktop: approvers cannot decide their own.");
  const bob = await signedIn("bob");
  const bobs = await new RequestFormPage(bob).submitValid("Bulk approval check: Bob's desktop for the audit.");
  const dave = await signedIn("dave");
  const daves = await new RequestFormPage(dave).submitValid("Bulk approval check: Dave's desktop for testing images.");

  const approvals = new ApprovalsPage(carol);
  await approvals.open();
  const ownRow = approvals.row(own);
  await expect(ownRow).toContainText("You can't decide your own request; another approver will.");
  await expect(ownRow.getByRole("button")).toHaveCount(0);
  await expect(ownRow.getByRole("checkbox")).toHaveCount(0);

  // Select the two others; the first click only asks, naming the count.
  for (const id of [bobs, daves]) await approvals.row(id).getByRole("checkbox").check();
  await carol.getByRole("toolbar", { name: "Bulk decisions" }).getByRole("button", { name: "Approve selected" }).click();
  const dialog = carol.getByRole("dialog", { name: "Approve 2 requests?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  for (const id of [bobs, daves]) await expect(approvals.row(id).getByRole("button", { name: /^Approve/ })).toBeVisible();

  await carol.getByRole("toolbar", { name: "Bulk decisions" }).getByRole("button", { name: "Approve selected" }).click();
  await dialog.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(carol.getByRole("status").filter({ hasText: "Approved 2 requests." })).toBeVisible();
  await expect(dialog).toBeHidden();
  // The queue shows what waits by default: the two approved requests have left it, Carol's own has not.
  await expect(approvals.row(bobs)).toHaveCount(0);
  await expect(approvals.row(daves)).toHaveCount(0);
  await expect(ownRow).toBeVisible();

  // Another approver (the admin) can decide it.
  const queue = new ApprovalsPage(dave);
  await queue.open();
  await expect(queue.row(own).getByRole("button", { name: /^Reject/ })).toBeVisible();
  await queue.reject(own, "Checked by the approval queue test.");
});
