import { expect, type Page } from "@playwright/test";

// Page objects for billing: the desktop page's Billing card, the recommendations and the dashboard.

export class BillingCard {
  constructor(private page: Page) {}
  region() {
    return this.page.getByRole("region", { name: "Billing" });
  }
  async open(desktopId: string) {
    await this.page.goto(`/desktops/${desktopId}`);
    await expect(this.region()).toBeVisible();
  }
  mode() {
    return this.region().getByTestId("billing-mode");
  }
  pending() {
    return this.region().getByTestId("pending-change");
  }
  /** An admin's direct change. */
  async change(to: "AutoStop" | "AlwaysOn", timeoutHours?: number) {
    const form = this.region().getByRole("form", { name: "Change billing mode" });
    await form.getByRole("radio", { name: new RegExp(`^${to}`) }).check();
    if (timeoutHours !== undefined) await form.getByLabel("Stop after this many idle hours").fill(String(timeoutHours));
    await form.getByRole("button", { name: "Change billing mode" }).click();
  }
}

export class RecommendationsPage {
  constructor(private page: Page) {}
  async open() {
    await this.page.goto("/admin/billing/recommendations");
    await expect(this.page.getByRole("heading", { name: "Recommendations" })).toBeVisible();
  }
  row(desktopId: string) {
    return this.page.locator(`tr[data-desktop-id="${desktopId}"]`);
  }
}

export class CostDashboardPage {
  constructor(private page: Page) {}
  async open(monthKey?: string) {
    await this.page.goto(`/admin/billing${monthKey ? `?month=${monthKey}` : ""}`);
    await expect(this.page.getByRole("heading", { name: "Costs" })).toBeVisible();
  }
  total(which: "to-date" | "projected" | "saving") {
    return this.page.getByTestId(`total-${which}`);
  }
  /** The projected (or whole-month) figure of one bar in one chart. */
  bar(chart: "by-mode" | "by-bundle" | "by-cost-centre" | "by-department" | "by-user", label: string) {
    return this.page.getByTestId(chart).locator(`tr[data-group="${label}"] td[data-col="projected"]`);
  }
}

/** "$1,234.50", as the portal formats US dollars. */
export function usd(amount: number): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(Math.round(amount * 100) / 100);
}
