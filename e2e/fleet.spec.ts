import { expect, test } from "./pages/portal";

// The fleet page as admins live in it: a watching tab, sorting, search, export, phone width.

test("a watching Fleet tab makes at most one small request per refresh interval, and shows changes without reloading", async ({ signedIn }) => {
  test.setTimeout(180_000);
  const dave = await signedIn("dave");
  // A demo desktop, rebuilt from another tab while this one watches.
  await dave.goto("/admin/fleet?q=user0005");
  const row = dave.locator("tr[data-desktop-id]").filter({ has: dave.getByRole("link", { name: "user0005", exact: true }) });
  await expect(row.locator('[data-state="AVAILABLE"]')).toBeVisible({ timeout: 90_000 });
  // Let the page's own loading settle (scripts, fonts), then count what watching costs.
  await dave.waitForLoadState("networkidle");
  const requests: string[] = [];
  dave.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await dave.waitForTimeout(10_000);
  // 10 s at one refresh every 3 s: three intervals, four if the count started just before one.
  expect(requests.length).toBeGreaterThanOrEqual(3);
  expect(requests.length).toBeLessThanOrEqual(4);
  expect(new Set(requests)).toEqual(new Set(["/admin/fleet/live"]));

  const other = await signedIn("dave");
  await other.goto("/admin/fleet?q=user0005");
  await other.getByRole("link", { name: "user0005", exact: true }).click();
  await other.getByRole("region", { name: "Status" }).getByRole("button", { name: "Rebuild", exact: true }).click();
  await other.getByRole("dialog", { name: "Rebuild this desktop?" }).getByRole("button", { name: "Rebuild desktop" }).click();
  const navigations: string[] = [];
  dave.on("framenavigated", (f) => navigations.push(f.url()));
  await expect(row.locator('[data-state="REBUILDING"]')).toBeVisible({ timeout: 60_000 });
  await expect(row.locator('[data-state="AVAILABLE"]')).toBeVisible({ timeout: 90_000 });
  expect(navigations).toEqual([]);
});
