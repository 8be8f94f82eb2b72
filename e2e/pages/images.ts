import { expect, type Page } from "@playwright/test";
import { emulatorUrl } from "./bulk";

// Page objects for the admin's Images and Bundles pages, and the emulator clock they wait on.

/** Moves the emulator's clock on (AWS's 45-minute image capture need not be waited for). */
/**
 * The emulator's simulated users. Off, nobody connects: at working hours (UTC) a simulated user
 * would connect to an AutoStop desktop being stopped and so start it again, as AWS does.
 */
export async function setEmulatorSessions(page: Page, on: boolean) {
  const answer = await page.request.post(emulatorUrl(page, "/emulator/config"), { data: { sessions: on } });
  expect(answer.ok()).toBe(true);
}

export async function advanceEmulatorClock(page: Page, seconds: number) {
  const answer = await page.request.post(emulatorUrl(page, "/emulator/clock/advance"), { data: { seconds } });
  expect(answer.ok()).toBe(true);
}

export class ImagesPage {
  constructor(private page: Page) {}
  async open() {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Images" }).click();
    await expect(this.page.getByRole("heading", { name: "Images", level: 1 })).toBeVisible();
  }
  form() {
    return this.page.getByRole("form", { name: "Create an image from a desktop" });
  }
  row(name: string) {
    return this.page.getByRole("table", { name: "Custom images" }).locator(`tr[data-image-name="${name}"]`);
  }
  /** Reloads until the desktop can be chosen (the portal sees it AVAILABLE). */
  async waitForDesktop(label: RegExp) {
    await expect(async () => {
      await this.page.reload();
      const option = this.form().getByLabel("Desktop").locator("option", { hasText: label });
      await expect(option).toBeEnabled({ timeout: 1_000 });
    }).toPass({ timeout: 120_000 });
  }
}

export class BundlesPage {
  constructor(private page: Page) {}
  async open() {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bundles" }).click();
    await expect(this.page.getByRole("heading", { name: "Bundles", level: 1 })).toBeVisible();
  }
  form() {
    return this.page.getByRole("form", { name: "Create a bundle" });
  }
  row(name: string) {
    return this.page.getByRole("table", { name: "Custom bundles" }).locator(`tr[data-bundle-name="${name}"]`);
  }
}
