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
