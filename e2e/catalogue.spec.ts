import { RequestFormPage, expect, signIn, test, USERS } from "./pages/portal";
import { CataloguePage } from "./pages/catalogue";

// Offers change what every later spec's employees see: the test withdraws them at its end; should
// it fail before that, put the fresh-install default back here.
test.afterEach(async ({ browser }, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, USERS.dave);
  const catalogue = new CataloguePage(page);
  await catalogue.open();
  await catalogue.withdrawAll();
  await context.close();
});

test("an employee sees only the bundles offered to them, with their sizes and prices", async ({ signedIn }) => {
  // Three people sign in, two of them with the demo's shared TOTP key (each waits for a fresh code).
  test.setTimeout(180_000);
  const admin = await signedIn("dave");
  const catalogue = new CataloguePage(admin);
  await catalogue.open();
  // An outdated bundle is hidden unless offered: the admin offers one to everyone, under a name of his own.
  await catalogue.offer("Standard with Windows 10 (Server 2022 based)", "Office desktop", { description: "Word, Excel and the finance tools." });
  await catalogue.offer("Power with Windows Server 2022", "Approvers' power desktop", { roles: ["Approver"] });

  const bob = await signedIn("bob");
  await new RequestFormPage(bob).open();
  const types = bob.getByRole("group", { name: "Desktop type" });
  await expect(types.getByRole("radio")).toHaveCount(1);
  const office = bob.getByRole("radio", { name: "Office desktop", exact: true });
  await expect(office).toHaveAccessibleDescription(
    "Word, Excel and the finance tools. 2 vCPU · 8 GiB memory · 80 GB system + 50 GB user storage AlwaysOn $35.00 a month · AutoStop $9.75 a month + $0.30 an hour",
  );
  // Nothing Linux is offered, so there is no Linux to switch to.
  await expect(bob.getByRole("radio", { name: "Linux", exact: true })).toHaveCount(0);

  // The approver's role reaches the second offer too.
  const carol = await signedIn("carol");
  await new RequestFormPage(carol).open();
  await expect(carol.getByRole("group", { name: "Desktop type" }).getByRole("radio")).toHaveCount(2);
  await expect(carol.getByRole("radio", { name: "Approvers' power desktop", exact: true })).toHaveAccessibleDescription(
    /^8 vCPU · 32 GiB memory · 175 GB system \+ 100 GB user storage AlwaysOn \$[\d.,]+ a month · AutoStop \$[\d.,]+ a month \+ \$[\d.]+ an hour$/,
  );

  // Withdrawn, the offers are gone and the fresh-install default is back.
  await catalogue.withdrawAll();
  await new RequestFormPage(bob).open();
  await expect(bob.getByRole("radio", { name: "Office desktop", exact: true })).toHaveCount(0);
  await expect(bob.getByRole("radio", { name: "Standard with Windows Server 2022", exact: true })).toHaveCount(1);
});
