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

test("sorting by a column, searching a tag value and exporting the list as CSV", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  await dave.goto("/admin/fleet");
  const userNames = () => dave.locator("tr[data-desktop-id] td:nth-child(2) a").allTextContents();
  const header = dave.getByRole("columnheader", { name: "User" });

  await header.getByRole("link").click();
  await expect(header).toHaveAttribute("aria-sort", "ascending");
  await expect(dave).toHaveURL(/sort=user/);
  const ascending = await userNames();
  expect(ascending.length).toBeGreaterThan(1);
  expect(ascending).toEqual([...ascending].sort());

  await header.getByRole("link").click();
  await expect(header).toHaveAttribute("aria-sort", "descending");
  const descending = await userNames();
  expect(descending).toEqual([...descending].sort().reverse());
  expect(descending[0] >= ascending.at(-1)!).toBe(true);

  // The demo's Engineering desktops (a tag value), in the order chosen above.
  const filter = dave.getByRole("search", { name: "Filter the fleet" });
  await filter.getByLabel("Search").fill("engineering");
  await filter.getByRole("button", { name: "Apply" }).click();
  await expect(dave).toHaveURL(/q=engineering/);
  await expect(header).toHaveAttribute("aria-sort", "descending");
  await expect.poll(userNames).toEqual(["user0003", "user0002"]);
  // Narrowed to the demo directory: in the URL with the others, and the export follows it.
  await filter.getByLabel("Directory").selectOption("d-9067000001");
  await filter.getByRole("button", { name: "Apply" }).click();
  await expect(dave).toHaveURL(/directoryId=d-9067000001/);
  await expect(dave).toHaveURL(/q=engineering/);
  await expect(filter.getByLabel("Directory")).toHaveValue("d-9067000001");
  await expect.poll(userNames).toEqual(["user0003", "user0002"]);
  await expect(dave.getByRole("link", { name: "Download CSV" })).toHaveAttribute("href", /directoryId=d-9067000001/);

  const [download] = await Promise.all([dave.waitForEvent("download"), dave.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^fleet-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await (await import("node:fs/promises")).readFile((await download.path())!, "utf8")).trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^desktop_id,workspace_id,user_name,/);
  expect(lines.slice(1).map((l) => l.split(",")[2])).toEqual(["user0003", "user0002"]);
  expect(lines[1]).toContain("Department=Engineering");
});

test("at phone width (390 px) the fleet page does not scroll sideways; state, selection and actions are reachable", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  await dave.setViewportSize({ width: 390, height: 844 });
  await dave.goto("/admin/fleet");
  const row = dave.locator("tr[data-desktop-id]").first();
  await expect(row).toBeVisible();
  expect(await dave.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  const inView = async (locator: ReturnType<typeof dave.locator>) => {
    await expect(locator).toBeVisible();
    const box = (await locator.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  };
  await inView(row.getByTestId("state"));
  await inView(row.getByRole("link").first());
  await inView(row.getByRole("checkbox"));
  await inView(dave.getByRole("link", { name: "Download CSV" }));
  await inView(dave.getByLabel("Sort by"));

  await row.getByRole("checkbox").check();
  await expect(dave.getByTestId("selection-count")).toHaveText("1 selected");
  const toolbar = dave.getByRole("toolbar", { name: "Bulk actions" });
  for (const action of ["Reboot…", "Start…", "Stop…", "Rebuild…", "Terminate…"]) await inView(toolbar.getByRole("button", { name: action }));
  await toolbar.getByRole("button", { name: "Reboot…" }).click();
  const dialog = dave.getByRole("dialog");
  await inView(dialog.getByRole("button", { name: "Cancel" }));
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect(await dave.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
