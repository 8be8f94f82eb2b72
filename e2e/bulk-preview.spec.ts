import { BulkUploadPage, HEADER } from "./pages/bulk";
import { expect, test } from "./pages/portal";

test("CSV preview: errors come first, an errors-only view, a warning shared by many rows said once with its count", async ({ signedIn }) => {
  const dave = await signedIn("dave");
  const upload = new BulkUploadPage(dave);
  await upload.open();
  const { directoryId: dir, bundleId: bundle } = await upload.templateIds();
  // Six users the portal does not know (a warning each), then two real errors (portal users, so no such warning) at the end of the file.
  const unknown = Array.from({ length: 6 }, (_, i) => `newhire${i + 1},${dir},${bundle},AUTO_STOP,1,`);
  const lines = [...unknown, `alice,${dir},${bundle},SOMETIMES,,`, `bob,${dir},wsb-unknown001,AUTO_STOP,1,`];
  await upload.check("people.csv", [HEADER, ...lines].join("\n"));
  await expect(upload.summary()).toBeVisible();

  // The shared warning, once, with its count.
  const group = dave.getByTestId("warning-group");
  await expect(group).toHaveCount(1);
  await expect(group).toContainText("6 rows name users who are not portal users yet: newhire1, newhire2, newhire3, newhire4, newhire5 and 1 more.");
  await expect(dave.getByText(/newhire1 is not a portal user/)).toHaveCount(0);

  // Errors and warnings: the two errors (lines 8 and 9) head the list.
  const shown = dave.getByRole("table", { name: "Rows of the file and their problems" }).locator("tbody tr");
  await expect(dave.getByRole("radio", { name: "Errors and warnings (8)" })).toBeChecked();
  await expect(shown).toHaveCount(8);
  await expect(shown.nth(0)).toHaveAttribute("data-line", "8");
  await expect(shown.nth(1)).toHaveAttribute("data-line", "9");
  await expect(shown.nth(2)).toHaveAttribute("data-line", "2");
  await expect(upload.row(2)).toContainText("Warning: Not a portal user yet (see above).");

  await dave.getByRole("radio", { name: "Errors only (2)" }).check();
  await expect(shown).toHaveCount(2);
  await expect(upload.row(8)).toContainText('"SOMETIMES" is not a running mode');
  await expect(upload.row(9)).toContainText("Bundle wsb-unknown001 is not in the portal's catalogue.");

  await dave.getByRole("radio", { name: "All rows (8)" }).check();
  await expect(shown.first()).toHaveAttribute("data-line", "2");
});
