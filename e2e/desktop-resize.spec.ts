import { DesktopPage, expect, test } from "./pages/portal";
import { SizeCard, SizeRequestQueue, setEmulatorCooldowns } from "./pages/resize";

// Alice's demo desktop (lib/desktops/resize/seed.ts) was launched 8 hours ago by the portal's clock,
// so the portal lets her ask; the emulator made it when the portal started, so its own 6-hour
// window is switched off here (that AWS refuses inside it is lib/desktops/resize/resize.test.ts).
// Prices: the default list, Standard Windows $35 and Performance $60 a month AlwaysOn.
test("an employee asks for a bigger compute type, an approver approves it, and the desktop shows it once AWS has made it", async ({ signedIn }) => {
  test.setTimeout(240_000);
  const alice = await signedIn("alice");
  const card = new SizeCard(alice);
  await card.open("demo-resize-alice");
  await new DesktopPage(alice).expectState("AVAILABLE", 120_000);
  await setEmulatorCooldowns(alice, false);
  try {
    await expect(card.computeType()).toHaveText("Standard");
    const form = card.form();
    await form.getByLabel("New compute type").selectOption("PERFORMANCE");
    // The cost change for the month, and who decides, before confirming.
    await expect(form.getByTestId("resize-cost")).toHaveText("Cost change: +$25.00 a month");
    await expect(form).toContainText("This change costs more, so an approver decides it.");
    // An approver needs a reason.
    await form.getByRole("button", { name: "Send request" }).click();
    await expect(form.getByLabel("Why do you need it?")).toHaveAttribute("aria-invalid", "true");
    await card.askForComputeType("PERFORMANCE", "Compiling the monorepo takes all morning.");
    await expect(card.region()).toContainText("Waiting for approval: compute type Standard → Performance (+$25.00 a month).");

    const carol = await signedIn("carol");
    const queue = new SizeRequestQueue(carol);
    await queue.open();
    await expect(queue.item("user0199")).toContainText("asks for the compute type Standard → Performance");
    await queue.approve("user0199");

    // The worker sends it; the page follows AWS's work live, then shows the new compute type.
    await expect(card.region()).toContainText("Modifying: AWS is changing the compute type Standard → Performance.", { timeout: 60_000 });
    await expect(card.computeType()).toHaveText("Performance", { timeout: 120_000 });
    await new DesktopPage(alice).expectState("AVAILABLE");
    await expect(card.region()).not.toContainText("Modifying");
  } finally {
    await setEmulatorCooldowns(alice, true);
  }
});

// The owner asks to move to another bundle (the admin's own migration is in desktop-lifecycle.spec):
// the dialog says what is kept, what is lost and the cost, an approver decides, the worker migrates.
// Runs after the test above on the same demo desktop.
test("an employee asks to migrate their desktop to another bundle, an approver approves, and AWS gives it a new WorkSpace id", async ({ signedIn }) => {
  test.setTimeout(240_000);
  const alice = await signedIn("alice");
  const card = new SizeCard(alice);
  await card.open("demo-resize-alice");
  const desktop = new DesktopPage(alice);
  await desktop.expectState("AVAILABLE", 120_000);
  const workspaceId = alice.locator("dt", { hasText: "WorkSpace id" }).locator("xpath=following-sibling::dd");
  const oldWorkspaceId = (await workspaceId.textContent())!;
  expect(oldWorkspaceId).toMatch(/^ws-/);

  // Employees ask; they cannot migrate themselves.
  await expect(desktop.button("Migrate to another bundle")).toHaveCount(0);
  await desktop.button("Ask to migrate to another bundle").click();
  const dialog = alice.getByRole("dialog", { name: "Ask to migrate this desktop to another bundle?" });
  await expect(dialog).toContainText("The user volume is kept");
  await expect(dialog).toContainText("programs installed on the desktop are lost");
  // The month's cost change from the price list, before sending.
  await expect(dialog).toContainText(/Cost change: [+−-]?\$[\d,]+\.\d{2} a month/);
  const bundle = dialog.getByLabel("New bundle");
  await bundle.selectOption({ index: 0 });
  const bundleName = ((await bundle.locator("option:checked").textContent()) ?? "").replace(/ \(.*$/, "");
  await dialog.getByLabel("Why you need it (for your approver)").fill("The new image has the tools my team uses.");
  await dialog.getByRole("button", { name: "Send request" }).click();
  await expect(alice.getByRole("status").filter({ hasText: "Request sent to an approver." })).toBeVisible();
  await expect(card.region()).toContainText(`Waiting for approval: migration to the ${bundleName} bundle`);
  // One open request at a time: the dialog is not offered again while this one waits.
  await expect(desktop.button("Ask to migrate to another bundle")).toBeDisabled();

  const carol = await signedIn("carol");
  const queue = new SizeRequestQueue(carol);
  await queue.open();
  await expect(queue.item("user0199")).toContainText(`asks for the migration to the ${bundleName} bundle`);
  await expect(queue.item("user0199")).toContainText("The new image has the tools my team uses.");
  await queue.approve("user0199");

  // The worker migrates it: AWS replaces the WorkSpace, and the page follows the new id.
  await alice.reload();
  await expect(workspaceId).not.toHaveText(oldWorkspaceId, { timeout: 90_000 });
  await expect(workspaceId).toHaveText(/^ws-/);
  await expect(card.region()).not.toContainText("Waiting for approval");
});
