import { expect, type Page } from "@playwright/test";
import { ConnectDirectoryCommand, CreateDirectoryCommand, DirectoryServiceClient } from "@aws-sdk/client-directory-service";
import { emulatorUrl } from "./bulk";

// Page objects for the admin's directories pages.

const SEEDED_VPC = { VpcId: "vpc-0d3e0000000000001", SubnetIds: ["subnet-0d3e0000000000a01", "subnet-0d3e0000000000b01"] };

/** Sends one Directory Service call to the emulator (the portal's create form is another page) and returns the new directory's id. */
async function inEmulator(page: Page, send: (ds: DirectoryServiceClient) => Promise<{ DirectoryId?: string }>): Promise<string> {
  const ds = new DirectoryServiceClient({
    endpoint: emulatorUrl(page, ""),
    region: "us-east-1",
    credentials: { accessKeyId: "AKIAEMULATORTEST", secretAccessKey: "emulator-secret" },
  });
  try {
    return (await send(ds)).DirectoryId!;
  } finally {
    ds.destroy();
  }
}

/** A fresh Simple AD in the emulator's seeded VPC: returns its id. */
export function createSimpleAdInEmulator(page: Page, name: string): Promise<string> {
  return inEmulator(page, (ds) => ds.send(new CreateDirectoryCommand({ Name: name, Password: "Portal-e2e-1234", Size: "Small", VpcSettings: SEEDED_VPC })));
}

/** An AD Connector to a reachable (emulated) on-premises DNS, in the seeded VPC: returns its id. */
export function connectAdConnectorInEmulator(page: Page, name: string): Promise<string> {
  return inEmulator(page, (ds) =>
    ds.send(
      new ConnectDirectoryCommand({
        Name: name,
        Password: "Connector-e2e-1234",
        Size: "Small",
        ConnectSettings: { ...SEEDED_VPC, CustomerDnsIps: ["10.1.0.10"], CustomerUserName: "svc-connector" },
      }),
    ),
  );
}

export class DirectoryPage {
  constructor(private page: Page) {}
  facts() {
    return this.page.locator("dl");
  }
  /** The value of one fact ("WorkSpaces registration", "State", ...). */
  fact(label: string) {
    return this.page.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd[1]");
  }
  registration() {
    return this.page.getByRole("region", { name: "Registration with WorkSpaces" });
  }
  /** Reloads until the directory's state reads `stage` (the page reads AWS at each load). */
  async waitForStage(stage: string) {
    await expect(async () => {
      await this.page.reload();
      await expect(this.facts()).toContainText(stage, { timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
  }
}
