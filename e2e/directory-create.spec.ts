import { RequestFormPage, expect, test } from "./pages/portal";
import { emulatorUrl } from "./pages/bulk";
import { advanceEmulatorClock } from "./pages/images";
import { DirectoryPage } from "./pages/directories";

// The embedded emulator runs at demo speed: a Simple AD is Active after ~30 s, an AD Connector
// settles after ~15 s. Names carry a suffix so a retried test never meets its own earlier directory.
const suffix = Date.now().toString(36);

test("create a Simple AD: refused bad input at its field, Requested/Creating to Active, registered, and an employee of it requests a desktop in it", async ({ signedIn, browser }) => {
  test.setTimeout(180_000);
  const name = `lab${suffix}.example.com`;
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

  await dave.getByLabel("Directory DNS name").fill(name);
  await dave.getByLabel("NetBIOS name (optional)").fill("LAB");
  await dave.getByLabel("Administrator password").fill("Lab-Admin-2026");
  await dave.getByRole("button", { name: "Create the directory" }).click();

  await expect(dave).toHaveURL(/\/admin\/directories\/new\/[^/]+$/);
  await expect(dave.getByRole("heading", { name })).toBeVisible();
  const stage = dave.getByTestId("directory-stage");
  await expect(stage).toContainText(/Requested|Creating/, { timeout: 30_000 });
  // AWS takes minutes to make a Simple AD: the emulator's clock skips them.
  await advanceEmulatorClock(dave, 15 * 60);
  await expect(stage).toContainText("Active", { timeout: 30_000 });
  await expect(dave.getByText("Lab-Admin-2026")).toHaveCount(0);
  const register = dave.getByRole("link", { name: "Register it with WorkSpaces" });
  await expect(register).toHaveAttribute("href", /^\/admin\/directories\/d-[0-9a-f]{10}$/);
  const directoryId = (await register.getAttribute("href"))!.split("/").pop()!;

  await register.click();
  const page = new DirectoryPage(dave);
  const registration = page.registration();
  await registration.getByRole("button", { name: "Register with WorkSpaces" }).click();
  await expect(page.fact("WorkSpaces registration")).toHaveText("registered", { timeout: 60_000 });

  // Someone whose account lives in the new directory (made there as a directory admin would).
  const added = await dave.request.post(emulatorUrl(dave, `/emulator/directories/${directoryId}/users`), {
    data: { UserName: "lena.lab", GivenName: "Lena", Surname: "Lab", EmailAddress: `lena@${name}`, Password: "Lena-Desk-2026" },
  });
  expect(added.ok()).toBe(true);
  const context = await browser.newContext();
  const lena = await context.newPage();
  try {
    await lena.goto("/sign-in");
    await lena.getByLabel("Email or directory user name").fill(`lena.lab@${name}`);
    await lena.getByLabel("Password").fill("Lena-Desk-2026");
    await lena.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(lena.getByRole("navigation", { name: "Main" })).toBeVisible();

    const form = new RequestFormPage(lena);
    await form.open();
    await expect(lena.getByTestId("request-directory")).toContainText(name);
    const requestId = await form.submitValid("A desktop in the new directory.");
    await expect(lena.getByText(name).first()).toBeVisible();
    await expect(lena.getByText("lena.lab").first()).toBeVisible();
    await form.cancel(requestId);
  } finally {
    await context.close();
  }
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
  await expect(dave.getByTestId("directory-stage")).toContainText(/Requested|Creating/, { timeout: 30_000 });
  // AWS tries for minutes before it gives up on the DNS servers: the emulator's clock skips them.
  await advanceEmulatorClock(dave, 15 * 60);
  await expect(dave.getByTestId("directory-stage")).toContainText("Failed", { timeout: 30_000 });
  await expect(dave.getByRole("alert").filter({ hasText: "The directory failed" })).toContainText("DNS unavailable (TCP port 53) for IP: 198.51.100.10");
});
