import { BulkJobPage, BulkUploadPage, FleetSelectionPage, emulatorUrl } from "./pages/bulk";
import { DesktopPage, expect, test } from "./pages/portal";

// Creates that AWS refused (users not in the directory): admins retry them once the cause is fixed,
// or remove them, one on its page or many from the fleet. Users of the emulator's directory that no
// other spec uses; the "x" names do not exist there until the test adds them.
test("failed creates: retry and remove, one on the desktop page and many from the fleet", async ({ signedIn }) => {
  test.setTimeout(360_000);
  const dave = await signedIn("dave");
  const upload = new BulkUploadPage(dave);
  await upload.open();
  const { directoryId: dir, bundleId: bundle } = await upload.templateIds();
  const users = ["user0141x", "user0142x", "user0143x", "user0144x", "user0145x"];
  const jobId = await upload.provision(users.map((u) => `${u},${dir},${bundle},AUTO_STOP,1,`), users.length);
  const job = new BulkJobPage(dave);
  await job.expectFinished(users.length);
  await expect(job.count("FAILED")).toHaveText(String(users.length));
  // Every item failed: the job says so, in red, here and in the list of jobs.
  await expect(dave.getByRole("region", { name: "Progress" }).locator('[data-state="FAILED"]')).toHaveText("Failed");
  await dave.goto("/admin/bulk");
  await expect(dave.locator(`tr[data-job-id="${jobId}"] [data-state]`)).toHaveText("Failed");

  // The page says what is offered: retry or remove, and no disabled AWS actions.
  const fleet = new FleetSelectionPage(dave);
  await fleet.open("user0141x");
  await fleet.row("user0141x").getByRole("link", { name: "user0141x" }).click();
  const desktop = new DesktopPage(dave);
  await desktop.expectState("ERROR");
  const status = dave.getByRole("region", { name: "Status" });
  await expect(status.getByRole("alert").first()).toContainText("This desktop could not be created, so it does not exist in AWS. Retry the create (once its cause is fixed) or remove it.");
  await expect(status.getByRole("button", { name: "Reboot" })).toHaveCount(0);
  await expect(status.getByRole("button", { name: "Terminate" })).toHaveCount(0);

  // The cause fixed (the user now exists in the directory): retry, and the desktop gets created.
  const added = await dave.request.post(emulatorUrl(dave, `/emulator/directories/${dir}/users`), { data: { Users: [{ UserName: "user0141x" }, { UserName: "user0145x" }] } });
  expect(added.ok()).toBe(true);
  await desktop.button("Retry create").click();
  await expect(desktop.state()).not.toHaveAttribute("data-state", "ERROR", { timeout: 30_000 });
  await expect(status.getByRole("button", { name: "Retry create" })).toHaveCount(0);
  await desktop.expectState("AVAILABLE", 120_000);

  // Remove one on its page: confirmed, closed, nothing left to act on.
  await fleet.open("user0142x");
  await fleet.row("user0142x").getByRole("link", { name: "user0142x" }).click();
  await desktop.expectState("ERROR");
  await desktop.button("Remove").click();
  const confirm = dave.getByRole("dialog", { name: "Remove this desktop?" });
  await expect(confirm).toContainText("AWS never created this desktop");
  await confirm.getByRole("button", { name: "Remove desktop" }).click();
  await desktop.expectState("TERMINATED");

  // Many from the fleet: terminate offers nothing for them, remove and retry do.
  await fleet.open("user014");
  await expect(dave.locator("tr[data-desktop-id]")).toHaveCount(4);
  await fleet.row("user0143x").getByRole("checkbox").check();
  await fleet.row("user0144x").getByRole("checkbox").check();
  await fleet.row("user0141x").getByRole("checkbox").check();
  let dialog = await fleet.start("Remove");
  await expect(dialog.getByTestId("plan-summary")).toContainText("2 of 3 selected");
  await expect(dialog.getByRole("list", { name: "Why desktops are skipped" })).toContainText("The desktop exists in AWS");
  await dialog.getByRole("button", { name: /^Remove 2 desktop/ }).click();
  await expect(dave.getByRole("status").filter({ hasText: "2 desktops removed." })).toBeVisible();
  await expect(dave.locator("tr[data-desktop-id]")).toHaveCount(2);

  await fleet.row("user0145x").getByRole("checkbox").check();
  dialog = await fleet.start("Retry create");
  await dialog.getByRole("button", { name: /^Retry create 1 desktop/ }).click();
  await expect(dave.getByRole("status").filter({ hasText: "1 desktop queued for creation again." })).toBeVisible();
  await expect(fleet.row("user0145x").locator("[data-state]")).not.toHaveAttribute("data-state", "ERROR", { timeout: 30_000 });

  // The audit trail records both kinds.
  await dave.goto("/admin/audit?action=desktop.remove");
  await expect(dave.getByRole("main")).toContainText("desktop.remove");
  await dave.goto("/admin/audit?action=desktop.retry");
  await expect(dave.getByRole("main")).toContainText("desktop.retry");
});
