import { setEmulatorSessions } from "./pages/images";
import { ApprovalsPage, DesktopPage, RequestFormPage, expect, test } from "./pages/portal";

// A stop that stays stopped whatever the time of day: no simulated user connects meanwhile.
test.afterEach(async ({ request, baseURL }) => {
  const emulator = `http://127.0.0.1:${Number(new URL(baseURL!).port) + 1}`;
  expect((await request.post(`${emulator}/emulator/config`, { data: { sessions: true } })).ok()).toBe(true);
});

test("employee requests, approver approves, desktop becomes available, employee reboots, admin rebuilds and terminates", async ({ signedIn }) => {
  // Creation, reboot, rebuild, restore, migration and termination each take emulated AWS time.
  test.setTimeout(600_000);
  const alice = await signedIn("alice");
  await setEmulatorSessions(alice, false);
  const requestId = await new RequestFormPage(alice).submitValid("I need a Windows desktop for the quarterly close.");
  await expect(alice.getByRole("region", { name: "Status" }).locator('[data-state="SUBMITTED"]')).toBeVisible();

  const carol = await signedIn("carol");
  const approvals = new ApprovalsPage(carol);
  await approvals.open();
  await approvals.approve(requestId);

  // The request page follows provisioning live: no reload from here on.
  const desktopLink = alice.getByRole("link", { name: /^Desktop:/ });
  await expect(desktopLink).toBeVisible({ timeout: 30_000 });
  await desktopLink.click();
  const desktop = new DesktopPage(alice);
  await desktop.expectState("PENDING");
  await desktop.expectState("AVAILABLE");
  await expect(alice.getByTestId("registration-code")).toHaveText(/^[A-Za-z]+\+[A-Z0-9]+$/);
  await expect(alice.getByTestId("directory-user")).toHaveText("alice");
  // Employees cannot terminate, restore or migrate (they can only ask an approver to migrate); they can reboot.
  await expect(desktop.button("Terminate")).toHaveCount(0);
  await expect(desktop.button("Restore to last snapshot")).toHaveCount(0);
  await expect(desktop.button("Migrate to another bundle")).toHaveCount(0);
  await desktop.button("Reboot").click();
  await expect(alice.getByText("Reboot requested. The state above updates as AWS works on it.")).toBeVisible();
  await desktop.expectState("REBOOTING");
  await desktop.expectState("AVAILABLE");
  // Once the state has settled the "requested" message has done its job and goes.
  await expect(alice.getByText(/Reboot requested/)).toHaveCount(0);
  await desktop.button("Stop").click();
  await expect(alice.getByText("Stop requested. The state above updates as AWS works on it.")).toBeVisible();
  await desktop.expectState("STOPPED");
  await expect(alice.getByText(/Stop requested/)).toHaveCount(0);
  await desktop.button("Start").click();
  await desktop.expectState("AVAILABLE");
  await expect(alice.getByText(/Start requested/)).toHaveCount(0);
  const desktopUrl = alice.url();

  // Another employee cannot open it by its address.
  const bob = await signedIn("bob");
  expect((await bob.goto(desktopUrl))?.status()).toBe(404);
  await expect(bob.getByTestId("registration-code")).toHaveCount(0);

  const dave = await signedIn("dave");
  await dave.goto("/admin/fleet");
  await dave.getByRole("link", { name: "alice", exact: true }).first().click();
  await expect(dave).toHaveURL(desktopUrl);
  const adminView = new DesktopPage(dave);
  await adminView.expectState("AVAILABLE");

  await adminView.button("Rebuild").click();
  const rebuildDialog = dave.getByRole("dialog", { name: "Rebuild this desktop?" });
  await expect(rebuildDialog).toContainText("may be lost");
  await rebuildDialog.getByRole("button", { name: "Rebuild desktop" }).click();
  await adminView.expectState("REBUILDING");
  await adminView.expectState("AVAILABLE");

  // Restore: AWS's warning about data written since the last snapshot, and when that snapshot was taken.
  await adminView.button("Restore to last snapshot").click();
  const restoreDialog = dave.getByRole("dialog", { name: "Restore this desktop to its last snapshot?" });
  await expect(restoreDialog).toContainText("data written since then is lost");
  await expect(restoreDialog).toContainText("The last snapshot was taken");
  await expect(restoreDialog.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
  await restoreDialog.getByRole("button", { name: "Restore desktop" }).click();
  await adminView.expectState("RESTORING");
  await adminView.expectState("AVAILABLE");

  // Migrate to another bundle: the page says what is kept and what is replaced; the row follows the new WorkSpace id.
  const workspaceId = dave.locator("dt", { hasText: "WorkSpace id" }).locator("xpath=following-sibling::dd");
  const oldWorkspaceId = (await workspaceId.textContent())!;
  expect(oldWorkspaceId).toMatch(/^ws-/);
  await adminView.button("Migrate to another bundle").click();
  const migrateDialog = dave.getByRole("dialog", { name: "Migrate this desktop to another bundle?" });
  await expect(migrateDialog).toContainText("The user volume is kept");
  await expect(migrateDialog).toContainText("The root volume is replaced");
  await expect(migrateDialog).toContainText("programs installed on the desktop are lost");
  await migrateDialog.getByLabel("New bundle").selectOption({ index: 0 });
  await migrateDialog.getByRole("button", { name: "Migrate desktop" }).click();
  await expect(workspaceId).not.toHaveText(oldWorkspaceId, { timeout: 60_000 });
  await expect(workspaceId).toHaveText(/^ws-/);
  await adminView.expectState("AVAILABLE", 240_000);

  await adminView.button("Terminate").click();
  const terminateDialog = dave.getByRole("dialog", { name: /Terminate this desktop/ });
  const confirm = terminateDialog.getByRole("button", { name: "Terminate desktop" });
  await expect(confirm).toBeDisabled();
  await terminateDialog.getByLabel(/Type alice to confirm/).fill("alice");
  await confirm.click();
  await adminView.expectState("TERMINATING");
  await adminView.expectState("TERMINATED");
  await expect(dave.getByText(/Terminate requested/)).toHaveCount(0);
  // Refused with a reason once terminated.
  await expect(adminView.button("Reboot")).toBeDisabled();
  await expect(dave.getByText(/has been terminated/).first()).toBeVisible();
});

test("a rejected request shows the approver's reason to the requester", async ({ signedIn }) => {
  const bob = await signedIn("bob");
  const requestId = await new RequestFormPage(bob).submitValid("Would like a second desktop for experiments.", /Amazon Linux|Ubuntu/);

  const carol = await signedIn("carol");
  const approvals = new ApprovalsPage(carol);
  await approvals.open();
  await approvals.reject(requestId, "Use the shared lab machines for experiments.");

  await bob.goto(`/requests/${requestId}`);
  await expect(bob.getByRole("region", { name: "Status" }).locator('[data-state="REJECTED"]')).toBeVisible();
  await expect(bob.getByTestId("decision-reason")).toHaveText("Use the shared lab machines for experiments.");
});
