import { expect, type Page } from "@playwright/test";
import { emulatorUrl } from "./bulk";

// Page objects for day-2 changes: the desktop page's Size card, the approvers' queue of size
// changes, and the emulator's cooldown switch.

/** AWS's modify windows in the emulator (the demo desktop was launched in AWS when the portal started). */
export async function setEmulatorCooldowns(page: Page, on: boolean) {
  const answer = await page.request.post(emulatorUrl(page, "/emulator/config"), { data: { modifyCooldowns: on } });
  expect(answer.ok()).toBe(true);
}

export class SizeCard {
  constructor(private page: Page) {}
  async open(desktopId: string) {
    await this.page.goto(`/desktops/${desktopId}`);
  }
  region() {
    return this.page.getByRole("region", { name: "Size", exact: true });
  }
  computeType() {
    return this.region().getByTestId("compute-type");
  }
  form() {
    return this.region().getByRole("form", { name: "Ask for a different size" });
  }
  async askForComputeType(computeType: string, reason: string) {
    const form = this.form();
    await form.getByLabel("New compute type").selectOption(computeType);
    await form.getByLabel("Why do you need it?").fill(reason);
    await form.getByRole("button", { name: "Send request" }).click();
    // The page refreshes: the form gives way to the request waiting for a decision.
    await expect(this.region()).toContainText("Waiting for approval");
  }
}

export class SizeRequestQueue {
  constructor(private page: Page) {}
  async open() {
    await this.page.goto("/approvals");
  }
  item(text: string) {
    return this.page.getByRole("region", { name: "Desktop size changes waiting for a decision" }).getByRole("listitem").filter({ hasText: text });
  }
  async approve(text: string) {
    await this.item(text).getByRole("button", { name: "Approve" }).click();
    // Decided: it leaves the queue.
    await expect(this.item(text)).toHaveCount(0);
  }
}
