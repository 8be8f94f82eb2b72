import { BulkJobPage, BulkUploadPage } from "./pages/bulk";
import { CataloguePage } from "./pages/catalogue";
import { BundlesPage, ImagesPage, advanceEmulatorClock } from "./pages/images";
import { ApprovalsPage, DesktopPage, RequestFormPage, expect, signIn, test, USERS } from "./pages/portal";

// The offer changes what every later spec's employees see: withdrawn at the end; should the test
// fail before that, put the fresh-install default back here.
test.afterEach(async ({ browser }, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, USERS.dave);
  await new CataloguePage(page).open();
  await new CataloguePage(page).withdrawAll();
  await context.close();
});

// An admin makes a custom image from a desktop and a bundle from the image, and offers it; an
// employee requests it and gets a desktop on it. A user of the emulator's directory that no other
// spec uses gives the image its desktop (through a one-line CSV).
test("an admin makes an image and a bundle and offers it; an employee requests it and gets a desktop on it", async ({ signedIn }) => {
  test.setTimeout(480_000);
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

  // Offered at once (the worker read the new bundle back into the catalogue), under a name of the admin's.
  const catalogue = new CataloguePage(dave);
  await catalogue.open();
  await catalogue.offer("e2e-golden-standard", "Golden desktop", { description: "The team's tools, preinstalled." });

  const alice = await signedIn("alice");
  const requestForm = new RequestFormPage(alice);
  await requestForm.open();
  const golden = alice.getByRole("radio", { name: "Golden desktop", exact: true });
  await expect(alice.getByRole("group", { name: "Desktop type" }).getByRole("radio")).toHaveCount(1);
  await expect(golden).toHaveAccessibleDescription(/^The team's tools, preinstalled\. 2 vCPU · 8 GiB memory · 80 GB system \+ 50 GB user storage/);
  await golden.check();
  await requestForm.justification().fill("I need the team's golden desktop for onboarding.");
  await requestForm.submit();
  await alice.waitForURL(/\/requests\/[^/?]+\?submitted=1/);
  const requestId = new URL(alice.url()).pathname.split("/").pop()!;

  const carol = await signedIn("carol");
  const approvals = new ApprovalsPage(carol);
  await approvals.open();
  await approvals.approve(requestId);
  const desktopLink = alice.getByRole("link", { name: /^Desktop:/ });
  await expect(desktopLink).toBeVisible({ timeout: 30_000 });
  await desktopLink.click();
  const desktop = new DesktopPage(alice);
  await desktop.expectState("PENDING");
  await advanceEmulatorClock(alice, 1_300);
  await desktop.expectState("AVAILABLE");
  // The desktop is made from the custom bundle.
  await expect(alice.getByRole("heading", { name: "e2e-golden-standard", level: 1 })).toBeVisible();

  // Leave the demo as it was: the offer withdrawn, Alice's desktop terminated.
  await catalogue.open();
  await catalogue.withdrawAll();
  await dave.goto(alice.url());
  await new DesktopPage(dave).terminate("alice");
});
