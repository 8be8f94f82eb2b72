import { BulkJobPage, BulkUploadPage, FleetSelectionPage, HEADER, emulatorUrl } from "./pages/bulk";
import { expect, test } from "./pages/portal";

// Users of the emulator's seeded directory not used by other specs. A new desktop takes ~36 s at
// the browser tests' emulator speed.

test("CSV upload: refused files, preview with bad rows, confirm, progress to completion, retry of the failed item", async ({ signedIn }) => {
  test.setTimeout(360_000);
  const dave = await signedIn("dave");
  await dave.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bulk" }).click();
  await dave.getByRole("link", { name: "Provision from CSV" }).click();
  const upload = new BulkUploadPage(dave);
  await expect(dave.getByRole("heading", { name: "Provision desktops from a CSV file" })).toBeVisible();
  const { directoryId: dir, bundleId: bundle } = await upload.templateIds();
  expect(dir).toMatch(/^d-[0-9a-f]{10}$/);
  expect(bundle).toMatch(/^wsb-/);

  // Files that cannot be read are refused with a clear message, before any preview.
  const text = [HEADER, `user0101,${dir},${bundle},AUTO_STOP,1,`].join("\n");
  await upload.check("people.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
  await expect(upload.error()).toContainText("UTF-16");
  await upload.check("people.csv", Buffer.from(`${HEADER}\nj\xfcrgen,${dir},${bundle},AUTO_STOP,1,\n`, "latin1"));
  await expect(upload.error()).toContainText("Line 2 is not valid UTF-8");
  await upload.choose("people.csv", Buffer.alloc(2 * 1024 * 1024 + 10, "a"));
  await expect(upload.error()).toContainText("The file is 2,049 KB; the limit is 2,048 KB");
  await expect(dave.getByTestId("preview-summary")).toHaveCount(0);

  const lines = [
    `user0101,${dir},${bundle},AUTO_STOP,2,CostCenter=42;Team=Finance`, // 2
    `user0102,${dir},${bundle},ALWAYS_ON,,`, // 3
    `ghost0001,${dir},${bundle},AUTO_STOP,,`, // 4: not in the directory (yet)
    `user0101,${dir},${bundle},AUTO_STOP,2,CostCenter=42;Team=Finance`, // 5: duplicate
    `user0103,${dir},${bundle},SOMETIMES,,`, // 6
    `user0104,${dir},wsb-unknown001,AUTO_STOP,1,`, // 7
    `user0105,${dir},${bundle},AUTO_STOP,1.5,`, // 8
    `user0106,${dir},${bundle},AUTO_STOP,1,aws:owner=me`, // 9
  ];
  await upload.check("people.csv", [HEADER, ...lines].join("\n"));
  await expect(upload.summary()).toHaveText("8 rows: 3 ready to create, 5 with errors (skipped), 3 with warnings.");
  await expect(upload.row(5)).toContainText("Error: Duplicate of line 2.");
  await expect(upload.row(6)).toContainText('"SOMETIMES" is not a running mode');
  await expect(upload.row(7)).toContainText("Bundle wsb-unknown001 is not in the portal's catalogue.");
  await expect(upload.row(8)).toContainText("must be a whole number of hours, not 1.5");
  await expect(upload.row(9)).toContainText("keys starting with aws: are reserved by AWS");
  // Seven rows (errors included) name users the portal does not know: said once, above the rows.
  await expect(dave.getByTestId("warning-group")).toContainText("7 rows name users who are not portal users yet: user0101, user0102, ghost0001, user0103, user0104 and 2 more.");
  await expect(upload.row(4)).toContainText("Warning: Not a portal user yet (see above).");
  for (const line of [2, 3, 4]) await expect(upload.row(line)).toHaveAttribute("data-valid", "true");

  const jobId = await upload.confirm(3);
  expect(jobId).not.toBe("new");
  const job = new BulkJobPage(dave);
  await expect(dave.getByRole("heading", { name: "Provisioning from people.csv" })).toBeVisible();
  await expect(dave.getByRole("progressbar", { name: "Job progress" })).toBeVisible();
  // Live: queued → pending → available, without reloading.
  await expect(job.count("PENDING")).toHaveText("2", { timeout: 30_000 });
  await job.expectFinished(3);
  await expect(job.count("AVAILABLE")).toHaveText("2");
  await expect(job.count("FAILED")).toHaveText("1");
  const failed = job.failedItems().locator('tr[data-line="4"]');
  await expect(failed).toContainText("ghost0001");
  await expect(failed.getByTestId("error-code")).toHaveText("ResourceNotFound.User");

  // The user now exists in the directory: retry the failed item.
  const added = await dave.request.post(emulatorUrl(dave, `/emulator/directories/${dir}/users`), { data: { UserName: "ghost0001" } });
  expect(added.status()).toBe(201);
  await job.retryFailed(1);
  await expect(job.item("ghost0001")).toHaveAttribute("data-status", /QUEUED|CREATING|PENDING/);
  await job.expectFinished(3);
  await expect(job.count("AVAILABLE")).toHaveText("3");
  await expect(job.count("FAILED")).toHaveText("0");

  const results = await dave.request.get(`/admin/bulk/${jobId}/results.csv`);
  expect(results.status()).toBe(200);
  const csv = await results.text();
  expect(csv).toContain(`2,user0101,${dir},${bundle},AUTO_STOP,2,CostCenter=42;Team=Finance,AVAILABLE,ws-`);
  expect(csv).toContain(`4,ghost0001,${dir},${bundle},AUTO_STOP,1,,AVAILABLE,ws-`);

  // Not for employees: no nav entry, and the pages and files answer 404.
  const alice = await signedIn("alice");
  await expect(alice.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bulk" })).toHaveCount(0);
  expect((await alice.goto(`/admin/bulk/${jobId}`))?.status()).toBe(404);
  expect((await alice.request.get(`/admin/bulk/${jobId}/results.csv`)).status()).toBe(404);
  expect((await alice.request.get("/admin/bulk/template.csv")).status()).toBe(404);
});

test("bulk terminate on the fleet: refused desktops are listed and skipped, AWS's refusal is shown", async ({ signedIn }) => {
  test.setTimeout(360_000);
  const dave = await signedIn("dave");
  const upload = new BulkUploadPage(dave);
  await upload.open();
  const { directoryId: dir, bundleId: bundle } = await upload.templateIds();
  // user0129x is not in the directory: its create fails, so its desktop never exists in AWS.
  const provisioned = await upload.provision(
    ["user0121", "user0122", "user0123", "user0129x"].map((u) => `${u},${dir},${bundle},AUTO_STOP,1,`),
    4,
  );
  const job = new BulkJobPage(dave);
  await job.expectFinished(4);
  await expect(job.count("AVAILABLE")).toHaveText("3");
  const suspendedId = await job.item("user0123").getByRole("link").textContent();
  expect(suspendedId).toMatch(/^ws-/);
  // AWS suspends one desktop behind the portal's back: AWS will refuse to terminate it.
  const forced = await dave.request.post(emulatorUrl(dave, `/emulator/workspaces/${suspendedId}/state`), { data: { State: "SUSPENDED" } });
  expect(forced.ok()).toBe(true);

  const fleet = new FleetSelectionPage(dave);
  await fleet.open("user012");
  await expect(dave.locator("tr[data-desktop-id]")).toHaveCount(4);
  await fleet.selectAllOnPage();
  await expect(dave.getByTestId("selection-count")).toHaveText("4 selected");
  const dialog = await fleet.start("Terminate");
  await expect(dialog.getByRole("heading")).toHaveText("Terminate 3 desktops?");
  await expect(dialog.getByTestId("plan-summary")).toHaveText("3 of 4 selected desktops will be terminated; 1 will be skipped.");
  await expect(dialog.getByRole("list", { name: "Why desktops are skipped" })).toContainText("1 × Its create failed, so AWS has no desktop to act on; an administrator can retry the create or remove it.");
  await dialog.getByText("Skipped desktops").click();
  await expect(dialog.getByTestId("skipped-list")).toContainText("user0129x");
  const confirm = dialog.getByRole("button", { name: "Terminate 3 desktops" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/to confirm/).fill("4");
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/to confirm/).fill("3");
  await confirm.click();

  await dave.waitForURL(/\/admin\/bulk\/[^/?]+$/);
  expect(new URL(dave.url()).pathname).not.toBe(`/admin/bulk/${provisioned}`);
  await expect(dave.getByRole("heading", { name: "Terminate desktops" })).toBeVisible();
  await job.expectFinished(4, 120_000);
  await expect(job.count("DONE")).toHaveText("2");
  await expect(job.count("SKIPPED")).toHaveText("1");
  await expect(job.count("FAILED")).toHaveText("1");
  // Some items failed: not a plain "Completed".
  await expect(dave.getByRole("region", { name: "Progress" }).locator("[data-state]").first()).toHaveText("Completed with failures");
  await expect(job.item("user0129x")).toHaveAttribute("data-status", "SKIPPED");
  await expect(job.item("user0129x")).toContainText("Its create failed, so AWS has no desktop to act on");
  await expect(job.failedItems().locator('tr[data-user="user0123"]').getByTestId("error-code")).toHaveText("InvalidResourceState.Workspace");
  await expect(job.item("user0121")).toContainText("terminated");

  // The fleet no longer lists the terminated ones.
  await fleet.open("user012");
  await expect(dave.locator("tr[data-desktop-id]")).toHaveCount(2);
});
