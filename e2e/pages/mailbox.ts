import { expect, type Page } from "@playwright/test";

/** Admin → Notifications → Mailbox: the e-mail the portal sent while no SMTP server is set. */
export class MailboxPage {
  constructor(private page: Page) {}

  /** Waits (reloading, as the worker sends within a second or two) for a message to `to` whose subject matches; opens it. */
  async openMessage(to: string, subject: string | RegExp) {
    const message = this.page.getByRole("list", { name: "Messages" }).getByRole("listitem").filter({ hasText: subject }).first();
    await expect(async () => {
      await this.page.goto(`/admin/notifications/mailbox?to=${encodeURIComponent(to)}`);
      await expect(message).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
    await message.locator("summary").click();
    return message;
  }
}
