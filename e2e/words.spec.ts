import { BulkUploadPage, emulatorUrl } from "./pages/bulk";
import { MailboxPage } from "./pages/mailbox";
import { ApprovalsPage, RequestFormPage, expect, test } from "./pages/portal";

// What the portal tells people must be true of what it does.

test("help says to sign in with the portal's own password, not the directory password", async ({ page }) => {
  await page.goto("/help");
  const signIn = page.getByRole("region", { name: "I cannot sign in" });
  await expect(signIn).toContainText("the portal password you were given");
  await expect(signIn).toContainText("not your directory (Windows) password");
  await expect(signIn).not.toContainText("Use your work e-mail address and your directory password");
});

test("a failed request says the administrators were sent AWS's reason, and they were", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  const { directoryId } = await new BulkUploadPage(dave).templateIds();
  const user = emulatorUrl(dave, `/emulator/directories/${directoryId}/users`);
  const alice = await signedIn("alice");
  const requestId = await new RequestFormPage(alice).submitValid("I need a desktop for the audit season.");
  // AWS cannot create a desktop for a user the directory does not have.
  expect((await dave.request.delete(`${user}/alice`)).status()).toBeLessThan(300);
  try {
    const carol = await signedIn("carol");
    const approvals = new ApprovalsPage(carol);
    await approvals.open();
    await approvals.approve(requestId);

    await alice.goto(`/requests/${requestId}`);
    const status = alice.getByRole("region", { name: "Status" });
    await expect(status.locator('[data-state="FAILED"]')).toBeVisible({ timeout: 60_000 });
    await expect(status).toContainText("The desktop could not be created.");
    await expect(status).toContainText("The portal's administrators have been sent AWS's reason by e-mail.");
    const notice = await new MailboxPage(dave).openMessage("dave@example.com", /Desktop creation failed: alice in corp\.example\.com/);
    await expect(notice).toContainText("AWS error code:");
    await expect(notice).toContainText(`/requests/${requestId}`);
  } finally {
    await dave.request.post(user, { data: { UserName: "alice" } });
  }
});
