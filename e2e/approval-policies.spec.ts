import { ApprovalsPage, DesktopPage, RequestFormPage, expect, test } from "./pages/portal";

// The demo seed makes Dave (an admin) Alice's manager. The rule this spec adds matches only
// Performance AlwaysOn requests, and is deleted at the end, with the desktop it made.
test("two-level approval: the manager approves level 1, an approver level 2, and the desktop is provisioned", async ({ signedIn }) => {
  test.setTimeout(300_000);
  const ruleName = "Performance AlwaysOn: manager, then an approver";
  const dave = await signedIn("dave");
  await dave.goto("/admin/approval-policies");
  await dave.getByRole("button", { name: "Add a rule" }).click();
  const form = dave.getByRole("form", { name: "New rule" });
  // A rule that can never match is refused at its field.
  await form.getByLabel("Rule name").fill(ruleName);
  await form.getByLabel("Monthly cost estimate at least").fill("500");
  await form.getByLabel("Monthly cost estimate at most").fill("100");
  await form.getByRole("button", { name: "Add rule" }).click();
  await expect(form.getByText("The highest monthly cost is below the lowest: this rule can never match.")).toBeVisible();
  await form.getByLabel("Monthly cost estimate at least").fill("");
  await form.getByLabel("Monthly cost estimate at most").fill("");
  await form.getByRole("checkbox", { name: "PERFORMANCE", exact: true }).check();
  await form.getByRole("checkbox", { name: "AlwaysOn", exact: true }).check();
  await form.getByRole("radio", { name: "Two approval levels" }).check();
  await form.getByRole("checkbox", { name: "Level 1: the requester's manager" }).check();
  await form.getByRole("button", { name: "Add rule" }).click();
  const rule = dave.getByRole("listitem").filter({ hasText: ruleName });
  await expect(rule).toContainText(`Rule 1: ${ruleName}`);
  await expect(rule).toContainText("two approvals: level 1 by the manager, then level 2 by any approver");

  // The preview answers for Alice before she asks.
  const preview = dave.getByRole("form", { name: "Preview a request" });
  await preview.getByLabel("Requester").selectOption({ label: "Alice Employee (alice@example.com)" });
  const bundle = (await preview.getByLabel("Bundle").locator("option", { hasText: /^Performance with Windows Server/ }).first().textContent())!;
  await preview.getByLabel("Bundle").selectOption({ label: bundle });
  await preview.getByLabel("Running mode").selectOption({ label: "AlwaysOn" });
  await preview.getByRole("button", { name: "Preview" }).click();
  await expect(preview.getByTestId("preview-verdict")).toHaveText(
    `This request would wait for two approvals by rule 1 (${ruleName}): level 1: the manager dave@example.com; then level 2: any approver.`,
  );

  const alice = await signedIn("alice");
  const request = new RequestFormPage(alice);
  await request.open();
  await request.chooseBundle(/Performance with Windows Server/);
  await request.chooseMode("AlwaysOn");
  await request.justification().fill("Two-level approval check: a Performance desktop all day.");
  await request.submit();
  await alice.waitForURL(/\/requests\/[^/?]+\?submitted=1/);
  const requestId = new URL(alice.url()).pathname.split("/").pop()!;
  await expect(alice.getByText("It needs two approvals: first the manager dave@example.com, then any approver.")).toBeVisible();

  // Level 1 is the manager's: another approver cannot decide it.
  const carol = await signedIn("carol");
  const carolsQueue = new ApprovalsPage(carol);
  await carolsQueue.open();
  await expect(carolsQueue.row(requestId).getByTestId("approval-level")).toHaveText("Level 1 of 2: the manager dave@example.com");
  await expect(carolsQueue.row(requestId)).toContainText("Not yours to decide at this level.");
  await expect(carolsQueue.row(requestId).getByRole("button", { name: /^Approve/ })).toHaveCount(0);

  const davesQueue = new ApprovalsPage(dave);
  await davesQueue.open();
  await davesQueue.approve(requestId);
  await expect(davesQueue.row(requestId).getByTestId("approval-level")).toHaveText("Level 2 of 2: any approver");

  await carolsQueue.open();
  await carolsQueue.approve(requestId);
  await expect(carolsQueue.row(requestId)).toHaveCount(0);

  // The desktop is created and becomes available.
  await alice.goto(`/requests/${requestId}`);
  await expect(alice.getByText(/Level 1 approved by Dave Admin\. It now waits for any approver\./)).toBeVisible();
  const desktopLink = alice.getByRole("link", { name: /^Desktop:/ });
  await expect(desktopLink).toBeVisible({ timeout: 30_000 });
  await desktopLink.click();
  await new DesktopPage(alice).expectState("AVAILABLE");
  const desktopUrl = alice.url();

  // Clean up for the specs that follow: the desktop goes, and so does the rule.
  await dave.goto(desktopUrl);
  await new DesktopPage(dave).terminate("alice");
  await dave.goto("/admin/approval-policies");
  await dave.getByRole("button", { name: `Delete rule ${ruleName}` }).click();
  await dave.getByRole("dialog").getByRole("button", { name: "Delete rule" }).click();
  await expect(dave.getByText("No rules yet: every request waits for one approval by any approver.")).toBeVisible();
});
