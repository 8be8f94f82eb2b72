import { RequestFormPage, expect, test } from "./pages/portal";

// The emulator's public catalogue and the default price list (lib/billing/prices/price-list.ts).
test("bundle cards show hardware, storage and both monthly prices, newest systems first, outdated ones hidden", async ({ signedIn }) => {
  const page = await signedIn("bob");
  await new RequestFormPage(page).open();
  const types = page.getByRole("group", { name: "Desktop type" });
  // No bundle offered yet (a fresh install): every current bundle, outdated ones (Windows 10, Amazon Linux 2) hidden.
  // Custom bundles another spec made (images-bundles.spec.ts) come after the public systems.
  await expect(types.getByRole("heading").first()).toHaveText("Windows Server 2022");
  await expect(types.getByRole("heading", { name: /Windows 10|Amazon Linux 2/ })).toHaveCount(0);

  const standard = page.getByRole("radio", { name: "Standard with Windows Server 2022", exact: true });
  await expect(standard).toHaveAccessibleDescription(
    "2 vCPU · 8 GiB memory · 80 GB system + 50 GB user storage AlwaysOn $35.00 a month · AutoStop $9.75 a month + $0.30 an hour",
  );
  const graphics = page.locator("label", { has: page.getByRole("radio", { name: "Graphics.g4dn with Windows Server 2022", exact: true }) });
  await expect(graphics.getByTestId("bundle-specs")).toHaveText("4 vCPU · 16 GiB memory · GPU · 100 GB system + 100 GB user storage");
  await expect(graphics.getByTestId("bundle-prices")).toHaveText("AlwaysOn $502.00 a month · AutoStop $25.00 a month + $1.43 an hour");

  // Within one system, the smallest first.
  const firstGroup = types.locator("div", { has: page.getByRole("heading", { name: "Windows Server 2022" }) }).first();
  await expect(firstGroup.getByRole("radio").first()).toHaveAccessibleName("Value with Windows Server 2022");

  const system = page.getByRole("radio", { name: "Linux", exact: true });
  await page.locator("label").filter({ has: system }).click();
  await expect(types.getByRole("heading").first()).toHaveText("Ubuntu 22.04");
  await expect(types.getByRole("heading", { name: /Amazon Linux 2/ })).toHaveCount(0);
});
