// A directory's users, managed from the portal. Without a Samba DC, against the emulator's LDAPS
// with the embedded default's service account (the demo directory's Administrator, lib/config).
// With one (scripts/samba-test-dc.sh, which .ci/run starts), against real AD: playwright.config.ts
// points the demo directory at it and gives the portal its Administrator as the service account.
// User names are unique per run (dirusers-), as the DC outlives a run.
import { expect, test } from "./pages/portal";

const DIRECTORY = "d-9067000001";
const run = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1296).toString(36)}`;

test.describe("directory users", () => {
  test("Create users from a CSV", async ({ signedIn }) => {
    const dave = await signedIn("dave");
    await dave.goto(`/admin/directories/${DIRECTORY}`);
    await dave.getByRole("link", { name: "Directory users" }).click();
    await expect(dave.getByRole("heading", { name: "Users of corp.example.com" })).toBeVisible();
    await expect(dave.getByRole("table", { name: "Users of corp.example.com" })).toContainText("Administrator");

    await dave.getByRole("link", { name: "Create users from a CSV" }).click();
    const csv = [
      "user_name,first_name,last_name,email,password,must_change_password",
      `dirusers-${run}a,Ann,Browser,ann.${run}@example.com,Csv-Pass-97531,no`,
      `dirusers-${run}b,Ben,Browser,,Csv-Pass-97531,yes`,
      "Administrator,Admin,Again,,Csv-Pass-97531,",
      `dirusers-${run}c,Cy,,,weak,`,
    ].join("\n");
    await dave.getByLabel("CSV file").setInputFiles({ name: "new-users.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await dave.getByRole("button", { name: "Check file" }).click();
    await expect(dave.getByTestId("csv-summary")).toHaveText("2 users ready to create; 2 rows with problems will be left out.");
    const rows = dave.getByRole("table", { name: "Rows of new-users.csv" });
    await expect(rows.locator("tr", { hasText: "Administrator" })).toContainText("Administrator already exists in the directory.");
    await expect(rows.locator("tr", { hasText: `dirusers-${run}c` })).toContainText("Enter the last name.");
    await expect(dave.getByText("Csv-Pass-97531")).toHaveCount(0);

    await dave.getByRole("button", { name: "Create 2 users" }).click();
    await expect(dave.getByRole("heading", { name: "Creating 2 users in corp.example.com" })).toBeVisible();
    await expect(dave.getByTestId("import-status")).toHaveText("Done: 2 users created.", { timeout: 60_000 });

    // Back on the list, a search finds exactly the new ones.
    await dave.getByRole("link", { name: "Back to the users of corp.example.com" }).click();
    await dave.getByLabel("Name, display name or email").fill(`dirusers-${run}`);
    await dave.getByRole("button", { name: "Apply" }).click();
    const users = dave.getByTestId("directory-user");
    await expect(users).toHaveCount(2);
    await expect(users.first()).toContainText("Ann Browser");
    await expect(users.first()).toContainText("Enabled");

    // Disabling asks first, then the worker does it.
    await users.first().getByRole("button", { name: `Disable dirusers-${run}a` }).click();
    const dialog = dave.getByRole("dialog", { name: `Disable dirusers-${run}a?` });
    await dialog.getByRole("button", { name: "Disable user" }).click();
    await expect(users.first()).toContainText("Disabled", { timeout: 60_000 });

    // At phone width the list still reads, one card per user.
    await dave.setViewportSize({ width: 390, height: 800 });
    await expect(users.first()).toBeVisible();
    const overflow = await dave.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
