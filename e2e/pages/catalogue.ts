import { expect, type Page } from "@playwright/test";

// The admin's catalogue page (Admin → Catalogue).
export class CataloguePage {
  constructor(private page: Page) {}
  async open() {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Catalogue" }).click();
    await expect(this.page.getByRole("heading", { name: "Catalogue", level: 1 })).toBeVisible();
  }
  bundle(awsName: string) {
    return this.page.getByRole("listitem").filter({ has: this.page.getByText(awsName, { exact: false }) }).first();
  }
  /** Offers a bundle under a display name, optionally to some roles only. */
  async offer(awsName: string, displayName: string, options: { description?: string; roles?: string[] } = {}) {
    const item = this.page.locator("li[data-bundle-id]").filter({ has: this.page.getByRole("heading", { name: awsName, exact: true }) });
    await item.getByRole("button", { name: `Offer ${awsName}` }).click();
    const form = item.getByRole("form", { name: `Offer ${awsName}` });
    await form.getByLabel("Name employees see").fill(displayName);
    if (options.description) await form.getByLabel("Description").fill(options.description);
    for (const role of options.roles ?? []) await form.getByRole("checkbox", { name: role, exact: true }).check();
    await form.getByRole("button", { name: "Offer it" }).click();
    await expect(this.page.locator("li[data-bundle-id]").filter({ has: this.page.getByRole("heading", { name: displayName, exact: true }) })).toContainText("Offered");
  }
  /** Withdraws every offer, so the catalogue is back to its fresh-install default. */
  async withdrawAll() {
    const buttons = this.page.getByRole("main").getByRole("button", { name: /^Withdraw / });
    for (let count = await buttons.count(); count > 0; count--) {
      await buttons.first().click();
      await this.page.getByRole("dialog").getByRole("button", { name: "Withdraw offer" }).click();
      await expect(this.page.getByRole("dialog")).toBeHidden();
      // The page refreshes after each withdrawal: wait for that offer's button to go.
      await expect(buttons).toHaveCount(count - 1);
    }
  }
}
