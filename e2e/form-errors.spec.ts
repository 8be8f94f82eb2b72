import { RequestFormPage, expect, test } from "./pages/portal";

test.describe("request form errors", () => {
  test("an invalid submit moves focus to a summary of sentences that link to their fields", async ({ signedIn }) => {
    const page = await signedIn("bob");
    const form = new RequestFormPage(page);
    await form.open();
    await page.getByLabel("Hours a week you expect to use it").fill("200");
    await form.submit();

    const summary = page.getByRole("alert").filter({ has: page.getByRole("heading", { name: "There is a problem" }) });
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link")).toHaveText([
      "Choose a desktop type from the list.",
      "A week has 168 hours: enter at most 168.",
      "Tell your approver in at least 10 characters why you need this desktop.",
    ]);
    await expect(page.locator("#bundleId-error")).toHaveText("Choose a desktop type from the list.");
    await expect(page.getByText(/invalid input|expected \w+, received/i)).toHaveCount(0);

    // Each link takes the keyboard to its field.
    await summary.getByRole("link", { name: "Choose a desktop type from the list." }).click();
    await expect(page.locator("#bundleId input[type=radio]").first()).toBeFocused();
    await summary.getByRole("link", { name: /why you need this desktop/ }).click();
    await expect(form.justification()).toBeFocused();

    // Fixing one field and submitting again focuses the summary again, now shorter.
    await form.justification().fill("I work on the reporting project from home.");
    await form.chooseBundle(/Standard with Windows/);
    await form.submit();
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link")).toHaveText(["A week has 168 hours: enter at most 168."]);
  });
});
