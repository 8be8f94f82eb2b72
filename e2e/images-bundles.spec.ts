import { BulkJobPage, BulkUploadPage } from "./pages/bulk";
import { BundlesPage, ImagesPage, advanceEmulatorClock } from "./pages/images";
import { expect, test } from "./pages/portal";

// An admin makes a custom image from a desktop and a bundle from the image. A user of the
// emulator's directory that no other spec uses gets the desktop (through a one-line CSV).
test("an admin makes an image and a bundle", async ({ signedIn }) => {
  test.setTimeout(300_000);
  const dave = await signedIn("dave");
  const upload = new BulkUploadPage(dave);
  await upload.open();
  const { directoryId, bundleId } = await upload.templateIds();
  await upload.provision([`user0171,${directoryId},${bundleId},AUTO_STOP,1,`], 1);
  await new BulkJobPage(dave).expectFinished(1);
  // The desktop's 20 minutes of PENDING, on the emulator's clock.
  await advanceEmulatorClock(dave, 60);

  const images = new ImagesPage(dave);
  await images.open();
  const form = images.form();
  // AWS's rules, before anything is sent.
  const rules = form.getByRole("list", { name: "AWS's rules for images" });
  await expect(rules).toContainText("The desktop must be AVAILABLE.");
  await expect(rules).toContainText("An encrypted desktop cannot be imaged.");
  await expect(rules).toContainText("unavailable to its user while the image is made, which can take up to 45 minutes");
  await images.waitForDesktop(/^user0171 /);
  await form.getByLabel("Desktop").selectOption({ label: (await form.getByLabel("Desktop").locator("option", { hasText: /^user0171 / }).textContent())! });

  // A name outside AWS's rules is refused at the field.
  await form.getByLabel("Image name").fill("e2e golden");
  await form.getByLabel("Description").fill("Golden image made by the browser test");
  await form.getByRole("button", { name: "Create image" }).click();
  await expect(form.getByLabel("Image name")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("alert")).toContainText("no spaces");

  await form.getByLabel("Image name").fill("e2e-golden");
  await form.getByRole("button", { name: "Create image" }).click();
  await expect(form.getByRole("status")).toContainText("Image creation queued");
  // The worker sends it; the page follows it live: PENDING, then AVAILABLE once the capture is done.
  const row = images.row("e2e-golden");
  await expect(row.locator("[data-state]")).toHaveAttribute("data-state", "PENDING", { timeout: 60_000 });
  await expect(row).toContainText(/Windows|Linux/);
  // Meanwhile AWS suspends the desktop: the fleet and its page say so plainly, and offer nothing to do to it.
  await dave.goto("/admin/fleet?q=user0171");
  const fleetRow = dave.getByRole("row").filter({ hasText: "user0171" });
  await expect(fleetRow.getByTestId("state")).toHaveText("Making an image", { timeout: 30_000 });
  await fleetRow.getByRole("link", { name: "user0171" }).click();
  const status = dave.getByRole("region", { name: "Status" });
  await expect(status.locator("[data-state]").first()).toHaveText("Making an image");
  await expect(dave.getByTestId("imaging-note")).toContainText("up to 45 minutes");
  await expect(status.getByRole("button")).toHaveCount(0);
  await images.open();
  await advanceEmulatorClock(dave, 2_800);
  await expect(row.locator("[data-state]")).toHaveAttribute("data-state", "AVAILABLE", { timeout: 60_000 });

  const bundles = new BundlesPage(dave);
  await bundles.open();
  const bundleForm = bundles.form();
  await bundleForm.getByLabel("Bundle name").fill("e2e-golden-standard");
  await bundleForm.getByLabel("Description", { exact: true }).fill("Golden image on Standard");
  await bundleForm.getByLabel("Image").selectOption({ label: (await bundleForm.getByLabel("Image").locator("option", { hasText: "e2e-golden" }).textContent())! });
  await bundleForm.getByLabel("Compute type").selectOption("STANDARD");
  // A volume size AWS does not allow is refused at the field.
  await bundleForm.getByLabel("Root volume (GB)").fill("80");
  await bundleForm.getByLabel("User volume (GB)").fill("60");
  await bundleForm.getByRole("button", { name: "Create bundle" }).click();
  await expect(bundleForm.getByLabel("User volume (GB)")).toHaveAttribute("aria-invalid", "true");
  await expect(bundleForm.getByRole("alert")).toHaveText("With an 80 GB root volume, AWS allows a user volume of 10, 50 or 100 GB.");
  await bundleForm.getByLabel("User volume (GB)").fill("50");
  await bundleForm.getByRole("button", { name: "Create bundle" }).click();
  await expect(bundleForm.getByRole("status")).toContainText("Bundle creation queued");
  const bundleRow = bundles.row("e2e-golden-standard");
  await expect(bundleRow).toContainText("e2e-golden", { timeout: 60_000 });
  await expect(bundleRow).toContainText("STANDARD");
  await expect(bundleRow).toContainText("80 GB root, 50 GB user");
  await expect(bundleRow.getByText("Existing desktops get the new image only when they are rebuilt.")).toBeVisible();

  // The image is now in use: it cannot be deleted, and the page says why before asking.
  await images.open();
  const del = images.row("e2e-golden").getByRole("button", { name: "Delete image" });
  await expect(del).toBeDisabled();
  await expect(del).toHaveAttribute("title", /Used by wsb-\w+: AWS deletes an image only when no bundle uses it/);
});
