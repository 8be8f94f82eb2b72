import { expect, test } from "./pages/portal";

// Quick set-up in the embedded emulator at demo speed (a Simple AD is Active after ~30 s), then
// its clean-up. The name carries a suffix so a retried run never meets its own earlier directory.
const suffix = Date.now().toString(36);
const name = `qs${suffix}.example.com`;
let checklistUrl = "";

test.describe.serial("quick set-up and clean-up", () => {
  test("quick set-up with its checklist: overlapping ranges refused at the field, the plan, the users' passwords shown once, then each step done", async ({ signedIn }) => {
    test.setTimeout(180_000);
    const dave = await signedIn("dave");
    await dave.goto("/admin/directories");
    await dave.getByRole("link", { name: "Quick set-up" }).first().click();
    await expect(dave.getByRole("heading", { name: "Quick set-up" })).toBeVisible();

    await dave.getByLabel("VPC address range").fill("10.77.0.0/16");
    await dave.getByLabel("First subnet range").fill("10.77.1.0/24");
    await dave.getByLabel("Second subnet range").fill("10.77.1.128/25");
    await dave.getByLabel("Directory DNS name").fill(name);
    await dave.getByLabel("NetBIOS name (optional)").fill("QS");
    await dave.getByLabel("Administrator password").fill("Quick-Setup-2026");
    await dave.getByLabel("Users (optional)").fill("mia, Mia, Holm, mia@example.com");
    await dave.getByRole("button", { name: "Show the plan" }).click();
    await expect(dave.getByText("10.77.1.128/25 overlaps the first subnet's 10.77.1.0/24")).toBeVisible();
    await expect(dave.getByLabel("Second subnet range")).toHaveAttribute("aria-invalid", "true");

    await dave.getByLabel("Second subnet range").fill("10.77.2.0/24");
    await dave.getByRole("button", { name: "Show the plan" }).click();
    const plan = dave.getByTestId("quick-setup-plan");
    await expect(plan).toContainText("A VPC with the range 10.77.0.0/16");
    await expect(plan).toContainText(`A Small Simple AD named ${name}`);
    await expect(plan).toContainText("1 user to create in the directory: mia, each with a strong initial password shown to you once");
    await dave.getByRole("button", { name: "Create all of this" }).click();

    // Mia's initial password, in this answer only: focus goes to it so a screen reader says it first.
    const heading = dave.getByRole("heading", { name: "Hand over the initial passwords" });
    await expect(heading).toBeFocused();
    const passwords = dave.getByTestId("initial-passwords");
    await expect(passwords.getByRole("row", { name: /^mia / })).toBeVisible();
    const miaPassword = (await passwords.getByRole("row", { name: /^mia / }).getByRole("cell").nth(1).innerText()).trim();
    expect(miaPassword).toMatch(/^\S{16}$/);
    await dave.getByRole("link", { name: "Saved: follow the set-up" }).click();

    await expect(dave).toHaveURL(/\/admin\/directories\/quick-setup\/[^/]+$/);
    checklistUrl = new URL(dave.url()).pathname;
    const checklist = dave.getByTestId("quick-setup-checklist");
    await expect(checklist.locator('[data-step="vpc"]')).toHaveAttribute("data-state", "done", { timeout: 30_000 });
    await expect(checklist.locator('[data-step="vpc"]')).toContainText("10.77.0.0/16");
    await expect(checklist.locator('[data-step="directory-active"]')).toHaveAttribute("data-state", /waiting|done/, { timeout: 30_000 });
    await expect(checklist.locator('[data-step="registration"]')).toHaveAttribute("data-state", "done", { timeout: 120_000 });
    await expect(checklist.locator('[data-step="users"]')).toHaveAttribute("data-state", "done", { timeout: 30_000 });
    await expect(checklist.locator('[data-step="users"]')).toContainText("1 user in the directory");
    await expect(dave.getByText("Done.")).toBeVisible();
    await expect(dave.getByText("Quick-Setup-2026")).toHaveCount(0);
    await expect(dave.getByText(miaPassword)).toHaveCount(0);
  });

  test("clean-up with its confirmation: the preview, a wrong name refused, then everything removed", async ({ signedIn }) => {
    test.setTimeout(150_000);
    // Serial: this runs only after the quick set-up above passed, which leaves its checklist's address.
    expect(checklistUrl, "the quick set-up above left its checklist's address").not.toBe("");
    const dave = await signedIn("dave");
    await dave.goto(checklistUrl);
    await dave.getByRole("link", { name: "Clean up this set-up" }).click();
    await expect(dave.getByRole("heading", { name: `Clean up ${name}` })).toBeVisible();
    const preview = dave.getByTestId("clean-up-preview");
    await expect(preview).toContainText("Deregister the directory from WorkSpaces");
    await expect(preview).toContainText("Delete the network the portal created: VPC vpc-");

    await dave.getByLabel(`Type ${name} to confirm`).fill("wrong.example.com");
    await dave.getByRole("button", { name: "Clean up" }).click();
    await expect(dave.getByText(`Type ${name} exactly to confirm.`)).toBeVisible();

    await dave.getByLabel(`Type ${name} to confirm`).fill(name);
    await dave.getByRole("button", { name: "Clean up" }).click();
    await expect(dave).toHaveURL(/\/admin\/directories\/clean-up\/[^/]+$/);
    const progress = dave.getByTestId("clean-up-progress");
    await expect(progress.locator('[data-step="deregister"]')).toHaveAttribute("data-state", "done", { timeout: 60_000 });
    await expect(progress.locator('[data-step="network"]')).toHaveAttribute("data-state", "done", { timeout: 90_000 });
    await expect(dave.getByText("Done: nothing of it is left.")).toBeVisible();
  });
});
