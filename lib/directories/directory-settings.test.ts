// A directory's WorkSpaces settings as durable operations: queued as the actions do, sent by the
// real worker through the real SDK against the emulator, read back from DescribeWorkspaceDirectories.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "@/lib/aws-emulator/demo-seed";
import { DIRECTORY_ID, REGION, startHarness, type Harness } from "@/test-support/worker-harness";
import { queueDirectoryChange, type DirectoryOperationType } from "./mutations";
import { readDirectories } from "./queries";
import { creationPropertiesSchema, defaultOuProblem, deviceAccessSchema, selfServiceSchema } from "./schema";
import type { OperationPayloadInput } from "@/lib/operations/payloads";

let h: Harness;
let admin: { id: string; email: string };
beforeAll(async () => {
  h = await startHarness();
  admin = await h.db.user.findUniqueOrThrow({ where: { id: h.approverId }, select: { id: true, email: true } });
});
afterAll(async () => {
  await h?.close();
});

async function apply<T extends DirectoryOperationType>(type: T, payload: OperationPayloadInput<T>) {
  const queued = await h.db.$transaction((tx) => queueDirectoryChange(tx, admin, { type, directoryId: DIRECTORY_ID, region: REGION, payload }));
  expect(queued.ok).toBe(true);
  await h.drain();
  return h.db.operation.findFirstOrThrow({ where: { directoryId: DIRECTORY_ID, type }, orderBy: { createdAt: "desc" } });
}
const settings = async () => {
  const list = await readDirectories(h.db, h.aws, REGION);
  if (!list.ok) throw new Error(list.message);
  return list.directories.find((d) => d.id === DIRECTORY_ID)!.settings!;
};

describe("device access", () => {
  it("sets every device type from the form, read back from AWS", async () => {
    const form = { directoryId: DIRECTORY_ID, DeviceTypeWindows: "on", DeviceTypeLinux: "on", DeviceTypeWeb: "on" };
    const { devices } = deviceAccessSchema.parse(form);
    const op = await apply("MODIFY_DIRECTORY_ACCESS", { devices });
    expect(op.status).toBe("SUCCEEDED");
    expect((await settings()).access).toMatchObject({
      DeviceTypeWindows: "ALLOW",
      DeviceTypeLinux: "ALLOW",
      DeviceTypeWeb: "ALLOW",
      DeviceTypeOsx: "DENY",
      DeviceTypeIos: "DENY",
      DeviceTypeAndroid: "DENY",
      DeviceTypeChromeOs: "DENY",
      DeviceTypeZeroClient: "DENY",
      DeviceTypeWorkSpacesThinClient: "DENY",
    });
  });

  it("still runs an operation queued in the old { webAccess } shape", async () => {
    const op = await apply("MODIFY_DIRECTORY_ACCESS", { webAccess: false } as never);
    expect(op.status).toBe("SUCCEEDED");
    expect((await settings()).access.DeviceTypeWeb).toBe("DENY");
  });
});

describe("self-service permissions", () => {
  it("enables restart and rebuild only, read back from AWS, audited", async () => {
    const { permissions } = selfServiceSchema.parse({ directoryId: DIRECTORY_ID, RestartWorkspace: "on", RebuildWorkspace: "on" });
    const op = await apply("MODIFY_DIRECTORY_SELF_SERVICE", { permissions });
    expect(op.status).toBe("SUCCEEDED");
    expect((await settings()).selfService).toEqual({
      RestartWorkspace: "ENABLED",
      IncreaseVolumeSize: "DISABLED",
      ChangeComputeType: "DISABLED",
      SwitchRunningMode: "DISABLED",
      RebuildWorkspace: "ENABLED",
    });
    const audit = await h.db.auditEvent.findMany({ where: { action: { startsWith: "directory.self-service" } }, select: { action: true, outcome: true } });
    expect(audit.map((a) => `${a.action} ${a.outcome}`).sort()).toEqual(["directory.self-service.change SUCCESS", "directory.self-service.change.request SUCCESS"]);
  });
});

describe("creation properties", () => {
  it("sets default OU, custom security group, internet access, maintenance mode and local administrator, read back from AWS", async () => {
    const { properties } = creationPropertiesSchema.parse({
      directoryId: DIRECTORY_ID,
      defaultOu: "OU=Desktops,DC=corp,DC=example,DC=com",
      customSecurityGroupId: DEMO.defaultSecurityGroupId,
      enableInternetAccess: "on",
      enableMaintenanceMode: "on",
      userEnabledAsLocalAdministrator: "on",
    });
    const op = await apply("MODIFY_DIRECTORY_CREATION", properties);
    expect(op.status).toBe("SUCCEEDED");
    expect((await settings()).creation).toEqual({
      defaultOu: "OU=Desktops,DC=corp,DC=example,DC=com",
      customSecurityGroupId: DEMO.defaultSecurityGroupId,
      enableInternetAccess: true,
      enableMaintenanceMode: true,
      userEnabledAsLocalAdministrator: true,
    });

    // Cleared and switched off again.
    const off = creationPropertiesSchema.parse({ directoryId: DIRECTORY_ID, defaultOu: "", customSecurityGroupId: "" }).properties;
    await apply("MODIFY_DIRECTORY_CREATION", off);
    expect((await settings()).creation).toMatchObject({ defaultOu: null, enableInternetAccess: false, enableMaintenanceMode: false, userEnabledAsLocalAdministrator: false });
  });

  it("refuses at the field, before any AWS call, an OU that is not a distinguished name or not in the domain, and a malformed security group id", () => {
    const bad = creationPropertiesSchema.safeParse({ directoryId: DIRECTORY_ID, defaultOu: "Desktops", customSecurityGroupId: "group-1" });
    expect(bad.success).toBe(false);
    const fields = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(fields.defaultOu).toMatch(/distinguished name of an OU/);
    expect(fields.customSecurityGroupId).toMatch(/sg- and 8 or 17 hexadecimal digits/);
    expect(defaultOuProblem("OU=Desktops,DC=other,DC=com", "corp.example.com")).toBe(
      "The OU must be in the directory's domain corp.example.com, such as OU=Desktops,DC=corp,DC=example,DC=com.",
    );
    expect(defaultOuProblem("OU=Desktops,DC=corp,DC=example,DC=com", "corp.example.com")).toBeUndefined();
  });

  it("fails with AWS's words when AWS refuses (a security group that does not exist), not retried", async () => {
    const op = await apply("MODIFY_DIRECTORY_CREATION", {
      defaultOu: null,
      customSecurityGroupId: "sg-0123456789abcdef0",
      enableInternetAccess: false,
      enableMaintenanceMode: false,
      userEnabledAsLocalAdministrator: false,
    });
    expect(op.status).toBe("FAILED");
    expect(op.attempts).toBe(1);
    expect(op.lastErrorCode).toBe("InvalidParameterValuesException");
    expect(op.lastError).toContain("sg-0123456789abcdef0 does not exist");
  });
});
