import { readFile } from "node:fs/promises";
import { RequestFormPage, expect, test } from "./pages/portal";

test("audit trail: the e-mail tried at a failed sign-in, objects as named links, a date range, and a recorded CSV export", async ({ page, signedIn }) => {
  // A failed sign-in with an e-mail no account has.
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("intruder@nowhere.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert")).toBeVisible();

  const dave = await signedIn("dave");
  const requestId = await new RequestFormPage(dave).submitValid("Audit trail check: a desktop for the audit.");
  await dave.goto("/admin/audit");
  const search = dave.getByRole("search");
  await search.getByLabel("Search").fill("intruder@nowhere");
  await search.getByRole("button", { name: "Apply" }).click();
  const events = dave.getByRole("table", { name: "Audit events" }).locator("tbody tr");
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText("intruder@nowhere.test");
  await expect(events.first()).toContainText("no account has this e-mail");
  await expect(events.first()).toContainText("auth.sign_in");

  // The request's event names it and links to it.
  await dave.goto(`/admin/audit?q=${requestId}`);
  const link = dave.getByRole("table", { name: "Audit events" }).getByRole("link", { name: "Request of Dave Admin" }).first();
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute("href", `/requests/${requestId}`);

  // A range that ends before today finds nothing; one that includes today finds the event.
  const today = new Date().toISOString().slice(0, 10);
  await dave.goto("/admin/audit");
  await search.getByLabel("Search").fill(requestId);
  await search.getByLabel("To (UTC)").fill("2020-01-31");
  await search.getByRole("button", { name: "Apply" }).click();
  await expect(dave.getByText("No events match")).toBeVisible();
  await search.getByLabel("To (UTC)").fill(today);
  await search.getByLabel("From (UTC)").fill(today);
  await search.getByRole("button", { name: "Apply" }).click();
  await expect(events.first()).toContainText("Request of Dave Admin");

  // Export what the filter shows; the export is itself in the trail.
  const [download] = await Promise.all([dave.waitForEvent("download"), dave.getByRole("link", { name: /^Export CSV/ }).click()]);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("at_utc,actor_email,tried_email,action,object_type,object_id,object_name,outcome,message,aws_request_id,ip_address");
  expect(csv).toContain(`request,${requestId},Request of Dave Admin,SUCCESS`);
  expect(csv).not.toContain("intruder@nowhere.test");
  await dave.goto("/admin/audit?action=audit.export");
  await expect(events.first()).toContainText("dave@example.com");
  await expect(events.first()).toContainText(`Exported`);
  await new RequestFormPage(dave).cancel(requestId);
});
