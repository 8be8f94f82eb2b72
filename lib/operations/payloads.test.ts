import { describe, expect, it } from "vitest";
import type { Prisma } from "@/lib/db/generated/client";
import { enqueueOperation } from "./enqueue";
import { OPERATION_PAYLOADS, parsePayload } from "./payloads";

describe("operation payloads", () => {
  it("has a schema for every operation type", () => {
    expect(Object.keys(OPERATION_PAYLOADS).sort()).toEqual([
      "CLEAN_UP",
      "COPY_IMAGE",
      "CREATE",
      "CREATE_BUNDLE",
      "CREATE_DIRECTORY",
      "CREATE_IMAGE",
      "DELETE_BUNDLE",
      "DELETE_IMAGE",
      "DEREGISTER_DIRECTORY",
      "DIRECTORY_RADIUS",
      "DIRECTORY_USER",
      "IP_GROUP_ASSOCIATION",
      "IP_GROUP_CREATE",
      "IP_GROUP_DELETE",
      "IP_GROUP_RULES",
      "MIGRATE",
      "MODIFY_COMPUTE_TYPE",
      "MODIFY_DIRECTORY_ACCESS",
      "MODIFY_DIRECTORY_CREATION",
      "MODIFY_DIRECTORY_SELF_SERVICE",
      "MODIFY_RUNNING_MODE",
      "MODIFY_VOLUME",
      "QUICK_SETUP",
      "REBOOT",
      "REBUILD",
      "REGISTER_DIRECTORY",
      "RESTORE",
      "SEND_NOTIFICATION",
      "SHARE_IMAGE",
      "START",
      "STOP",
      "TERMINATE",
      "UPDATE_BUNDLE",
    ]);
  });

  it("MODIFY_DIRECTORY_ACCESS: every device type as ALLOW or DENY; an old { webAccess } row read as the web device type", () => {
    expect(parsePayload("MODIFY_DIRECTORY_ACCESS", { devices: { DeviceTypeLinux: "ALLOW", DeviceTypeWeb: "DENY" } })).toEqual({ devices: { DeviceTypeLinux: "ALLOW", DeviceTypeWeb: "DENY" } });
    expect(parsePayload("MODIFY_DIRECTORY_ACCESS", { webAccess: true })).toEqual({ devices: { DeviceTypeWeb: "ALLOW" } });
    expect(parsePayload("MODIFY_DIRECTORY_ACCESS", { devices: { DeviceTypeWeb: "MAYBE" } })).toBeNull();
  });

  it("DIRECTORY_RADIUS: settings with the secret sealed, or disable", () => {
    const settings = { servers: ["10.1.0.20"], port: 1812, timeoutSeconds: 5, retries: 3, protocol: "PAP", useSameUsername: true };
    expect(parsePayload("DIRECTORY_RADIUS", { action: "enable", settings, secret: { iv: "a", tag: "b", data: "c" } })).toMatchObject({ action: "enable" });
    expect(parsePayload("DIRECTORY_RADIUS", { action: "disable" })).toEqual({ action: "disable" });
    expect(parsePayload("DIRECTORY_RADIUS", { action: "enable", settings: { ...settings, protocol: "EAP" } })).toBeNull();
  });

  it("MODIFY_RUNNING_MODE: a mode, an AutoStop timeout in whole hours, the billing change", () => {
    expect(parsePayload("MODIFY_RUNNING_MODE", { runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 120, billingChangeId: "c1" })).toEqual({
      runningMode: "AUTO_STOP",
      autoStopTimeoutMinutes: 120,
      billingChangeId: "c1",
    });
    // AlwaysOn has no timeout, whatever was written.
    expect(parsePayload("MODIFY_RUNNING_MODE", { runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: 60 })).toEqual({
      runningMode: "ALWAYS_ON",
      autoStopTimeoutMinutes: null,
      billingChangeId: null,
    });
    expect(parsePayload("MODIFY_RUNNING_MODE", { runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 90 })).toBeNull();
    expect(parsePayload("MODIFY_RUNNING_MODE", { runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 30 })).toBeNull();
    expect(parsePayload("MODIFY_RUNNING_MODE", { runningMode: "HOURLY" })).toBeNull();
    expect(parsePayload("MODIFY_RUNNING_MODE", {})).toBeNull();
  });

  it("CREATE_BUNDLE and SHARE_IMAGE: AWS's name rules and a 12-digit account id", () => {
    const bundle = { name: "team-standard", description: "Team", imageId: "wsi-abcdefgh1", computeType: "STANDARD", rootVolumeGiB: 80, userVolumeGiB: 50 };
    expect(parsePayload("CREATE_BUNDLE", bundle)).toEqual(bundle);
    expect(parsePayload("CREATE_BUNDLE", { ...bundle, name: "team standard" })).toBeNull();
    expect(parsePayload("SHARE_IMAGE", { imageId: "wsi-abcdefgh1", accountId: "210987654321", allow: true })).not.toBeNull();
    expect(parsePayload("SHARE_IMAGE", { imageId: "wsi-abcdefgh1", accountId: "2109", allow: true })).toBeNull();
  });

  it("CREATE: a bulk job's id and its row's tags, strings only", () => {
    expect(parsePayload("CREATE", { bulkJobId: "j1", tags: { team: "x" } })).toEqual({ bulkJobId: "j1", tags: { team: "x" } });
    expect(parsePayload("CREATE", null)).toEqual({});
    expect(parsePayload("CREATE", { tags: { team: 1 } })).toBeNull();
  });

  it("enqueue refuses a payload its type does not accept, writing nothing", async () => {
    const written: unknown[] = [];
    const tx = { operation: { create: async (args: unknown) => (written.push(args), { id: "op1" }) } } as unknown as Prisma.TransactionClient;
    const base = { desktopId: "d1", region: "us-east-1" };
    await expect(
      // @ts-expect-error the compiler refuses it too; a caller holding untyped JSON would get here
      enqueueOperation(tx, { ...base, type: "MODIFY_RUNNING_MODE", payload: { runningMode: "AUTO_STOP", autoStopTimeoutMinutes: "soon" } }),
    ).rejects.toThrow();
    expect(written).toEqual([]);
    await enqueueOperation(tx, { ...base, type: "MODIFY_RUNNING_MODE", payload: { runningMode: "ALWAYS_ON", billingChangeId: "c1" } });
    expect(written).toEqual([
      { data: expect.objectContaining({ type: "MODIFY_RUNNING_MODE", status: "QUEUED", payload: { runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: null, billingChangeId: "c1" } }) },
    ]);
  });
});
