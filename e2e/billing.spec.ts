import { RequestFormPage, expect, test } from "./pages/portal";
import { BillingCard, CostDashboardPage, RecommendationsPage, usd } from "./pages/billing";

// Relies on the billing demo data (lib/billing/seed.ts, seedBillingDemo) and the default price list
// (lib/billing/prices/price-list.ts): Standard Windows $35 AlwaysOn, $9.75 + $0.30/h AutoStop; etc.
const WEEKS_PER_MONTH = 365 / 12 / 7;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function firstOfNextMonthUtc(now = new Date()) {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return `1 ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, 00:00 UTC`;
}

test("an employee sees the estimate of both billing modes change with hours and mode", async ({ signedIn }) => {
  const alice = await signedIn("alice");
  const form = new RequestFormPage(alice);
  await form.open();
  await form.chooseBundle(/Standard with Windows/);
  const timeout = Number(await form.timeout().inputValue());
  const hours = alice.getByLabel("Hours a week you expect to use it");
  const autoStop = alice.getByTestId("estimate-autostop");
  const alwaysOn = alice.getByTestId("estimate-alwayson");
  // Before the hours are known there is no AutoStop figure, so nothing is called cheaper.
  const estimate = alice.getByRole("region", { name: "Cost estimate" });
  await expect(alwaysOn).toHaveText(usd(35));
  await expect(autoStop).toHaveText(`from ${usd(9.75)}`);
  await expect(estimate).not.toContainText("cheaper");
  await expect(estimate).not.toContainText("about 0 h");

  // 5 h a week in five sessions, each followed by the idle timeout: AutoStop is cheaper.
  await hours.fill("5");
  const light = (5 + 5 * timeout) * WEEKS_PER_MONTH;
  await expect(autoStop).toHaveText(usd(9.75 + light * 0.3));
  await expect(alwaysOn).toHaveText(usd(35));
  await expect(alice.getByTestId("estimate-cheaper")).toHaveText("AutoStop");

  // Full time: AlwaysOn is cheaper, and the AutoStop figure grew.
  await hours.fill("40");
  const heavy = Math.min(730, (40 + 5 * timeout) * WEEKS_PER_MONTH);
  await expect(autoStop).toHaveText(usd(9.75 + heavy * 0.3));
  await expect(alice.getByTestId("estimate-cheaper")).toHaveText("AlwaysOn");
  await expect(alice.getByTestId("estimate-summary")).toContainText("the mode you chose costs");

  // Choosing AlwaysOn makes it "your choice", which is now the cheaper one.
  await form.chooseMode("AlwaysOn");
  await expect(alice.getByTestId("estimate-summary")).not.toContainText("the mode you chose costs");
  await expect(alwaysOn).toHaveAttribute("data-chosen", "true");
  await expect(autoStop).toHaveAttribute("data-chosen", "false");
});

test("an admin schedules an AlwaysOn → AutoStop change and sees it pending for the 1st", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  const card = new BillingCard(dave);
  await card.open("demo-billing-grace");
  await expect(card.mode()).toHaveText("AlwaysOn");
  await card.change("AutoStop", 2);
  await expect(card.pending()).toContainText(`Switches to AutoStop (stops after 2 h idle) on ${firstOfNextMonthUtc()}`);
  // Until then the desktop stays AlwaysOn, and the history keeps the scheduled change.
  await expect(card.mode()).toHaveText("AlwaysOn");
  await card.region().getByText("Billing history").click();
  await expect(card.region().getByTestId("billing-history")).toContainText("pending");

  // The admin may cancel it before it takes effect.
  await card.region().getByRole("button", { name: "Cancel scheduled change" }).click();
  await expect(card.pending()).toHaveCount(0);
  await expect(card.region().getByTestId("billing-history")).toContainText("cancelled");
});

test("an admin applies a recommendation, by the month rules", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  const page = new RecommendationsPage(dave);
  await page.open();
  // Erin is AlwaysOn for two hours a day: AutoStop from the 1st would be cheaper.
  const erin = page.row("demo-billing-erin");
  await expect(erin).toHaveAttribute("data-recommendation", "SWITCH_TO_AUTO_STOP");
  // Ivan's is exempt from the automatic policy (BillingExempt tag), and the dry run says so.
  await dave.getByRole("button", { name: "Dry run" }).click();
  const run = dave.getByTestId("policy-run");
  await expect(run.locator("li", { hasText: "user0004" })).toContainText("skipped: Exempt by the BillingExempt tag");
  await expect(run.locator("li", { hasText: "erin" })).toContainText("would schedule");

  await erin.getByRole("button", { name: /Switch to AutoStop on the 1st/ }).click();
  await expect(dave.getByRole("status").filter({ hasText: "erin: AutoStop scheduled for" })).toBeVisible();
  await expect(erin.getByTestId("scheduled")).toContainText(`AutoStop from ${firstOfNextMonthUtc()}`);

  const card = new BillingCard(dave);
  await card.open("demo-billing-erin");
  await expect(card.pending()).toContainText(firstOfNextMonthUtc());
});

test("switching to AlwaysOn now asks first, showing what it costs this month", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  await new RecommendationsPage(dave).open();
  const row = dave.locator('tr[data-recommendation="SWITCH_TO_ALWAYS_ON"]').filter({ has: dave.getByRole("button", { name: /Switch to AlwaysOn now/ }) }).first();
  const saving = (await row.locator("td").nth(6).textContent())!.trim();
  await row.getByRole("button", { name: /Switch to AlwaysOn now/ }).click();
  const dialog = dave.getByRole("dialog", { name: /to AlwaysOn now\?/ });
  await expect(dialog.getByTestId("switch-cost")).toContainText(new RegExp(`AutoStop would cost \\$[\\d,.]+ for the month and AlwaysOn \\$[\\d,.]+: about ${saving.replace(/[$.]/g, "\\$&")} less`));
  // Cancelling changes nothing.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(dave.getByRole("status").filter({ hasText: "switched to AlwaysOn" })).toHaveCount(0);
  await expect(row.getByRole("button", { name: /Switch to AlwaysOn now/ })).toBeVisible();
});

test("an admin narrows the recommendations to one kind or one desktop", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  const page = new RecommendationsPage(dave);
  await page.open();
  await expect(dave.getByTestId("recommendation-counts")).toContainText(/\d+ ready to switch/);
  const filter = dave.getByRole("search", { name: "Filter recommendations" });
  const table = dave.getByRole("table", { name: "Billing-mode recommendations" });
  // Grace's Performance desktop is AlwaysOn and used all day: AlwaysOn stays the cheaper mode.
  await filter.getByLabel("Show").selectOption("keep");
  await filter.getByRole("button", { name: "Apply" }).click();
  await expect(dave).toHaveURL(/show=keep/);
  await expect(page.row("demo-billing-grace")).toHaveAttribute("data-recommendation", "KEEP");
  await expect(table.locator("tr[data-recommendation^=SWITCH]")).toHaveCount(0);

  await filter.getByLabel("Show").selectOption("all");
  await filter.getByLabel("Search").fill("erin");
  await filter.getByRole("button", { name: "Apply" }).click();
  await expect(page.row("demo-billing-erin")).toBeVisible();
  await expect(table.locator("tbody tr")).toHaveCount(1);

  await filter.getByLabel("Search").fill("nobody-by-this-name");
  await filter.getByRole("button", { name: "Apply" }).click();
  await expect(dave.getByText("No desktops match")).toBeVisible();
});

test("the cost dashboard shows last month's figures as the seeded usage implies them", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  const now = new Date();
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const key = `${last.getUTCFullYear()}-${String(last.getUTCMonth() + 1).padStart(2, "0")}`;
  const D = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 0)).getUTCDate();
  // Every day: Frank 08–18 and Judy 09–17 connected, Heidi 09–10; AutoStop bills until the idle
  // timeout (1 h, 2 h, 1 h) stops the desktop, in whole clock hours.
  const frank = 9.75 + 11 * D * 0.3; // Standard Windows
  const heidi = 7.25 + 2 * D * 0.17; // Value Linux
  const judy = 9.75 + 10 * D * 0.19; // Standard Linux
  const alwaysOn = 35 + 60 + 80; // Erin (Standard), Grace (Performance), Ivan (Power), Windows
  const dashboard = new CostDashboardPage(dave);
  await dashboard.open(key);
  await expect(dashboard.total("projected")).toHaveText(usd(alwaysOn + frank + heidi + judy));
  // A past month has one total, not the same card twice.
  await expect(dave.getByText("Cost of the month", { exact: true })).toHaveCount(1);
  await expect(dashboard.total("to-date")).toHaveCount(0);
  await expect(dashboard.bar("by-mode", "AlwaysOn")).toHaveText(usd(alwaysOn));
  await expect(dashboard.bar("by-mode", "AutoStop")).toHaveText(usd(frank + heidi + judy));
  await expect(dashboard.bar("by-cost-centre", "CC-1001")).toHaveText(usd(35 + frank));
  await expect(dashboard.bar("by-department", "Engineering")).toHaveText(usd(60 + heidi));
  await expect(dashboard.bar("by-cost-centre", "Untagged")).toHaveText(usd(judy));
  await expect(dashboard.bar("by-user", "Frank Fischer")).toHaveText(usd(frank));

  // The CSV export has one row per desktop with the same figures.
  const csv = await (await dave.request.get(`/admin/billing/export?month=${key}`)).text();
  const frankRow = csv.split("\r\n").find((line) => line.includes("demo-billing-frank"))!;
  expect(frankRow.split(",")).toContain(String(Math.round(frank * 100) / 100));
});

test("only admins can export costs", async ({ signedIn }) => {
  const carol = await signedIn("carol");
  expect((await carol.request.get("/admin/billing/export")).status()).toBe(403);
  expect((await carol.goto("/admin/billing"))?.status()).toBe(404);
});
