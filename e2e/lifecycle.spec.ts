import { expect, test } from "./pages/portal";

// Lifecycle on the embedded default: an admin's clean-up policy does nothing until its dry run has
// been seen and it has been enabled; a bad policy gets field messages.

test("an admin saves a clean-up policy, runs its dry run, and only then enables it", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  await dave.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Lifecycle" }).click();
  await expect(dave.getByRole("heading", { name: "Lifecycle", level: 1 })).toBeVisible();
  await expect(dave.getByRole("region", { name: "Never used and idle desktops" })).toBeVisible();

  const form = dave.getByRole("form", { name: "New clean-up policy" });
  const name = `Idle lab desktops ${Date.now().toString(36)}`;
  // Bad input: a grace period that ends before the stop.
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Stop it after the warning (days)").fill("10");
  await form.getByLabel("Terminate it after the warning (days)").fill("5");
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(form.getByText("The grace period must end after the stop.")).toBeVisible();
  await expect(form.getByLabel("Terminate it after the warning (days)")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Terminate it after the warning (days)").fill("21");
  await form.getByLabel("Only desktops tagged (key)").fill("Lab");
  await form.getByRole("button", { name: "Save policy" }).click();
  await expect(form.getByText("Saved, not enabled yet: run its dry run first.")).toBeVisible();

  const policy = dave.getByRole("listitem", { name: `Policy ${name}` });
  await expect(policy).toContainText("Not enabled");
  await expect(policy).toContainText("tagged Lab");
  // Enabling waits for the dry run.
  await expect(policy.getByRole("button", { name: `Enable ${name}` })).toBeDisabled();

  await policy.getByRole("button", { name: `Dry run of ${name}` }).click();
  // No demo desktop carries the Lab tag: the dry run says the policy would do nothing, and changed nothing.
  await expect(policy.getByRole("status")).toContainText("Nothing was changed.");
  await expect(policy.getByText("The policy would do nothing now.")).toBeVisible();

  await policy.getByRole("button", { name: `Enable ${name}` }).click();
  const dialog = dave.getByRole("dialog", { name: `Enable ${name}?` });
  await dialog.getByRole("button", { name: "Enable", exact: true }).click();
  await expect(policy).toContainText("Enabled");
  await expect(dave.getByRole("button", { name: "Run the policies now" })).toBeVisible();
  await dave.getByRole("button", { name: "Run the policies now" }).click();
  await expect(dave.getByText(/Done: 0 owners warned/)).toBeVisible();

  // The audit trail has each step.
  await dave.goto("/admin/audit?action=lifecycle.policy");
  for (const action of ["lifecycle.policy.create", "lifecycle.policy.dry-run", "lifecycle.policy.enable"]) await expect(dave.getByRole("cell", { name: action, exact: true }).first()).toBeVisible();

  // Leave the demo as it was for the other specs.
  await dave.goto("/admin/lifecycle");
  await policy.getByRole("button", { name: `Delete ${name}` }).click();
  await dave.getByRole("dialog", { name: `Delete ${name}?` }).getByRole("button", { name: "Delete", exact: true }).click();
  await expect(policy).toHaveCount(0);
});

test("an admin marks someone as leaving on a date, sees them among the leavers, and restores their access", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  await dave.goto("/admin/users");
  await dave.getByRole("table", { name: "Users" }).getByRole("link", { name: "Bob" }).first().click();
  const leaving = dave.getByRole("region", { name: "Leaving" });
  const form = leaving.getByRole("form", { name: "Mark as leaving" });
  await form.getByRole("button", { name: "Mark as leaving" }).click();
  await expect(form.getByText("Enter the leave date.")).toBeVisible();
  await form.getByLabel("Leaves on").fill("2099-06-30");
  await form.getByRole("button", { name: "Mark as leaving" }).click();
  await expect(leaving.getByTestId("leaver-state")).toContainText("desktops stop on 2099-06-30");

  await dave.goto("/admin/lifecycle");
  const row = dave.getByRole("table", { name: "Leavers" }).locator("tr", { hasText: "bob@example.com" });
  await expect(row).toContainText("Marked by an admin: marked as leaving by dave@example.com");
  await row.getByRole("button", { name: /Restore access/ }).click();
  await dave.getByRole("dialog", { name: /Restore .* access\?/ }).getByRole("button", { name: "Restore access", exact: true }).click();
  await expect(row).toContainText("Access restored");
  await expect(row.getByRole("button", { name: /Restore access/ })).toHaveCount(0);
});
