import { expect, test } from "./pages/portal";

// The embedded emulator runs at demo speed: a Simple AD is Active after ~30 s, an AD Connector
// settles after ~15 s. Names carry a suffix so a retried test never meets its own earlier directory.
const suffix = Date.now().toString(36);

test("create a Simple AD: refused bad input at its field, then Requested/Creating to Active, with the way to register it", async ({ signedIn }) => {
  test.setTimeout(150_000);
  const dave = await signedIn("dave");
  await dave.goto("/admin/directories/new");
  await expect(dave.getByRole("heading", { name: "Create a directory" })).toBeVisible();

  await dave.getByLabel("Simple AD").check();
  await dave.getByLabel("Directory DNS name").fill("lab");
  await dave.getByLabel("NetBIOS name (optional)").fill("LABORATORYDOMAIN");
  await dave.getByLabel("Administrator password").fill("weakpassword");
  await dave.getByRole("button", { name: "Create the directory" }).click();
  await expect(dave.getByText("Enter a fully qualified domain name")).toBeVisible();
  await expect(dave.getByText("The NetBIOS name can have at most 15 characters (this one has 16).")).toBeVisible();
  await expect(dave.getByText(/from at least three of/)).toBeVisible();

  await dave.getByLabel("Directory DNS name").fill(`lab${suffix}.example.com`);
  await dave.getByLabel("NetBIOS name (optional)").fill("LAB");
  await dave.getByLabel("Administrator password").fill("Lab-Admin-2026");
  await dave.getByRole("button", { name: "Create the directory" }).click();

  await expect(dave).toHaveURL(/\/admin\/directories\/new\/[^/]+$/);
  await expect(dave.getByRole("heading", { name: `lab${suffix}.example.com` })).toBeVisible();
  const stage = dave.getByTestId("directory-stage");
  await expect(stage).toContainText(/Requested|Creating/, { timeout: 30_000 });
  await expect(stage).toContainText("Active", { timeout: 90_000 });
  const register = dave.getByRole("link", { name: "Register it with WorkSpaces" });
  await expect(register).toHaveAttribute("href", /^\/admin\/directories\/d-[0-9a-f]{10}$/);
  await expect(dave.getByText("Lab-Admin-2026")).toHaveCount(0);
});

test("an AD Connector whose DNS servers cannot be reached fails with AWS's reason shown", async ({ signedIn }) => {
  test.setTimeout(120_000);
  const dave = await signedIn("dave");
  await dave.goto("/admin/directories/new");
  await dave.getByLabel("AD Connector").check();
  await expect(dave.getByRole("heading", { name: "Before you connect" })).toBeVisible();
  await expect(dave.getByText("TCP 88")).toBeVisible();
  await dave.getByLabel("Your directory's DNS name").fill(`corp${suffix}.example.net`);
  await dave.getByLabel("On-premises DNS addresses").fill("198.51.100.10, 198.51.100.11");
  await dave.getByLabel("Service account user name").fill("svc-connector");
  await dave.getByLabel("Service account password").fill("Connector-pass-1");
  await dave.getByRole("button", { name: "Create the directory" }).click();

  await expect(dave).toHaveURL(/\/admin\/directories\/new\/[^/]+$/);
  await expect(dave.getByTestId("directory-stage")).toContainText("Failed", { timeout: 90_000 });
  await expect(dave.getByRole("alert").filter({ hasText: "The directory failed" })).toContainText("DNS unavailable (TCP port 53) for IP: 198.51.100.10");
});
