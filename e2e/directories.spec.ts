import { expect, test } from "./pages/portal";
import { DirectoryPage, createSimpleAdInEmulator } from "./pages/directories";

test("directories: a new Simple AD listed with its network, registered, web access allowed and deregistered, each read back from AWS", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  // A directory of its own: the demo directory holds other journeys' desktops.
  const directoryId = await createSimpleAdInEmulator(dave, "e2e-dirs.example.com");

  await dave.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Directories" }).click();
  const table = dave.getByRole("table", { name: "Directories" });
  const demo = table.locator("tr", { hasText: "corp.example.com" });
  await expect(demo).toContainText("SLiad+C0RP7X");
  await expect(demo).toContainText("vpc-0d3e0000000000001");
  // The demo directory holds desktops: AWS would refuse to deregister it, so the page says how many,
  // offers no deregistration, and points to the clean-up (which is not run here).
  await demo.getByRole("link", { name: "corp.example.com" }).click();
  await expect(dave.getByTestId("desktops-block-deregistration")).toHaveText(/AWS deregisters a directory only when no desktop is left in it: \d+ desktops are still here\./);
  await expect(new DirectoryPage(dave).registration().getByRole("button", { name: "Deregister from WorkSpaces" })).toBeDisabled();
  await dave.getByRole("link", { name: "clean up the whole directory" }).click();
  await expect(dave.getByRole("heading", { name: "Clean up corp.example.com", level: 1 })).toBeVisible();
  await dave.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Directories" }).click();

  const row = table.locator(`tr[data-directory-id="${directoryId}"]`);
  await expect(row).toContainText("not registered");
  await row.getByRole("link", { name: "e2e-dirs.example.com" }).click();
  await dave.waitForURL(`**/admin/directories/${directoryId}`);

  const page = new DirectoryPage(dave);
  await page.waitForStage("Active");
  const registration = page.registration();
  await registration.getByRole("button", { name: "Register with WorkSpaces" }).click();
  await expect(registration.getByRole("status").first()).toContainText(/Registration queued|Registering/);
  // The worker registers it; the page follows until WorkSpaces reports it.
  await expect(page.fact("WorkSpaces registration")).toHaveText("registered", { timeout: 60_000 });
  await expect(page.fact("Registration code")).not.toHaveText("—");
  await expect(registration.getByRole("button", { name: "Deregister from WorkSpaces" })).toBeEnabled();

  // A setting written to AWS by the worker and read back: web access.
  const access = dave.getByRole("region", { name: "Device access" });
  await expect(access.getByTestId("web-access")).toContainText("denied");
  await access.getByRole("checkbox", { name: "Web browser" }).check();
  await access.getByRole("button", { name: "Save device access" }).click();
  await expect(access.getByTestId("web-access")).toContainText("allowed", { timeout: 60_000 });
  await expect(access.getByRole("checkbox", { name: "Web browser" })).toBeChecked();

  await registration.getByRole("button", { name: "Deregister from WorkSpaces" }).click();
  await expect(page.fact("WorkSpaces registration")).toHaveText("not registered", { timeout: 60_000 });
  await expect(registration.getByRole("button", { name: "Register with WorkSpaces" })).toBeVisible();
});
