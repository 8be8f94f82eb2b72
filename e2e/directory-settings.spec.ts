import { expect, test } from "./pages/portal";
import { DirectoryPage, connectAdConnectorInEmulator } from "./pages/directories";

// A suffix so that a retried run never meets its own earlier directory or group.
const suffix = Date.now().toString(36);

test("Turn on RADIUS MFA for desktop sign-in on an AD Connector: bad settings refused at the field, then on as Directory Service reports it, the secret never shown", async ({
  signedIn,
}) => {
  test.setTimeout(150_000);
  const dave = await signedIn("dave");
  const directoryId = await connectAdConnectorInEmulator(dave, `mfa${suffix}.example.net`);
  await dave.goto(`/admin/directories/${directoryId}`);
  const page = new DirectoryPage(dave);
  await page.waitForStage("Active");

  const radius = dave.getByRole("region", { name: "MFA for desktop sign-in (RADIUS)" });
  await expect(radius.getByTestId("radius-status")).toHaveText(/reports it\):\s*off$/);
  await radius.getByLabel("RADIUS servers").fill("10.1.0.20, radius..corp");
  await radius.getByLabel("Port").fill("80");
  await radius.getByLabel("Shared secret").fill("short");
  await radius.getByRole("button", { name: "Turn on RADIUS MFA" }).click();
  await expect(radius.getByText("Not an IPv4 address or host name: radius..corp.")).toBeVisible();
  await expect(radius.getByText("The port must be 1025 to 65535.")).toBeVisible();
  await expect(radius.getByText("The shared secret must have at least 8 characters.")).toBeVisible();

  await radius.getByLabel("RADIUS servers").fill("10.1.0.20, 10.1.0.21");
  await radius.getByLabel("Port").fill("1812");
  await radius.getByLabel("Display label (optional)").fill("Token code");
  await radius.getByLabel("Shared secret").fill("Radius-e2e-secret-77");
  await radius.getByRole("button", { name: "Turn on RADIUS MFA" }).click();
  // The worker enables it; Directory Service reports it being set up, then on.
  await expect(radius.getByTestId("radius-status")).toHaveText(/reports it\):\s*on$/, { timeout: 60_000 });
  await expect(radius).toContainText("10.1.0.20, 10.1.0.21, port 1812, PAP");
  await expect(radius.getByLabel("Shared secret")).toHaveValue("");
  await expect(dave.getByText("Radius-e2e-secret-77")).toHaveCount(0);

  // Turning it off asks first.
  await radius.getByRole("button", { name: "Turn off RADIUS MFA" }).click();
  const dialog = dave.getByRole("dialog", { name: "Turn off RADIUS MFA?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(radius.getByTestId("radius-status")).toHaveText(/reports it\):\s*on$/);
});

test("IP access control group: a bad CIDR and too many rules refused at the field, then a valid group associated with the demo directory", async ({ signedIn }) => {
  test.setTimeout(120_000);
  const dave = await signedIn("dave");
  await dave.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "IP groups" }).click();
  await expect(dave.getByRole("heading", { name: "IP access control groups", level: 1 })).toBeVisible();
  const create = dave.getByRole("region", { name: "Create a group" });
  const name = `offices-${suffix}`;
  await create.getByLabel("Group name").fill(name);
  await create.getByLabel("Rules").fill("203.0.113.0/24 Head office\n10.0.0.0/33");
  await create.getByRole("button", { name: "Create the group" }).click();
  await expect(create.getByText("Not an IPv4 address or CIDR block: 10.0.0.0/33.", { exact: false })).toBeVisible();
  await expect(create.getByLabel("Rules")).toHaveAttribute("aria-invalid", "true");

  await create.getByLabel("Rules").fill(Array.from({ length: 11 }, (_, i) => `10.${i}.0.0/16`).join("\n"));
  await create.getByRole("button", { name: "Create the group" }).click();
  await expect(create.getByText("AWS allows at most 10 rules in an IP access control group; these are 11.")).toBeVisible();

  await create.getByLabel("Rules").fill("203.0.113.0/24 Head office\n198.51.100.7 Home");
  await create.getByRole("button", { name: "Create the group" }).click();
  const group = dave.getByRole("region", { name });
  await expect(group).toBeVisible({ timeout: 60_000 });
  await expect(group).toContainText("2 rules");

  await dave.goto("/admin/directories/d-9067000001");
  const section = dave.getByRole("region", { name: "IP access control groups" });
  await section.getByLabel("Group to associate").selectOption({ label: name });
  await section.getByRole("button", { name: "Associate" }).click();
  await expect(section.getByTestId("associated-ip-groups")).toContainText(name, { timeout: 60_000 });
  await expect(section.getByTestId("associated-ip-groups")).toContainText("203.0.113.0/24, 198.51.100.7");

  // Associated groups cannot be deleted (AWS refuses): the page says why.
  await dave.goto("/admin/ip-groups");
  await expect(dave.getByRole("region", { name }).getByRole("button", { name: "Delete the group" })).toBeDisabled();

  // Leave the shared demo directory as it was.
  await dave.goto("/admin/directories/d-9067000001");
  await section.getByRole("button", { name: `Disassociate ${name}` }).click();
  await expect(section.getByTestId("associated-ip-groups")).not.toContainText(name, { timeout: 60_000 });
});
