import { RequestFormPage, expect, test } from "./pages/portal";

test.describe("request form refuses bad input with a message next to the field and stores nothing", () => {
  test("empty, oversized and well-formed justifications; fractional timeout", async ({ signedIn }) => {
    const page = await signedIn("bob");
    const form = new RequestFormPage(page);
    await page.goto("/requests");
    const before = await page.getByRole("listitem").count();

    await form.open();
    await form.chooseBundle(/Standard with Windows/);
    await form.submit();
    await expect(page.locator("#justification-error")).toContainText("at least 10 characters");

    await form.justification().fill("x".repeat(10_000));
    await form.submit();
    await expect(page.locator("#justification-error")).toContainText("under 2000 characters");

    await form.justification().fill("A perfectly reasonable justification.");
    await form.timeout().fill("1.5");
    await form.submit();
    await expect(page.locator("#autoStopTimeoutHours-error")).toHaveText("The AutoStop timeout must be a whole number of hours.");
    await expect(form.timeout()).toHaveAttribute("aria-invalid", "true");

    // Nothing was stored, and the server still serves.
    await page.goto("/requests");
    await expect(page.getByRole("heading", { name: "My requests" })).toBeVisible();
    expect(await page.getByRole("listitem").count()).toBe(before);
  });

  test("HTML and script in the justification are shown as text, never run", async ({ signedIn }) => {
    const page = await signedIn("bob");
    let dialogs = 0;
    page.on("dialog", (d) => {
      dialogs += 1;
      void d.dismiss();
    });
    const payload = `<script>alert("x")</script><img src=x onerror="alert(1)"><b>bold</b>`;
    const requestId = await new RequestFormPage(page).submitValid(payload);
    await page.goto(`/requests/${requestId}`);
    await expect(page.getByTestId("justification")).toHaveText(payload);
    await expect(page.locator("b", { hasText: "bold" })).toHaveCount(0);

    const carol = await signedIn("carol");
    carol.on("dialog", (d) => {
      dialogs += 1;
      void d.dismiss();
    });
    await carol.goto("/approvals");
    await expect(carol.locator(`tr[data-request-id="${requestId}"]`)).toContainText('<script>alert("x")</script>');
    expect(dialogs).toBe(0);
    await new RequestFormPage(page).cancel(requestId);
  });
});
