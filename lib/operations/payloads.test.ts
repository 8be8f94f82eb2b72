import { describe, expect, it } from "vitest";
import type { Prisma } from "@/lib/db/generated/client";
import { enqueueOperation } from "./enqueue";
import { OPERATION_PAYLOADS, parsePayload } from "./payloads";

describe("operation payloads", () => {
  it("has a schema for every operation type", () => {
    expect(Object.keys(OPERATION_PAYLOADS).sort()).toEqual(["CREATE", "CREATE_DIRECTORY", "DEREGISTER_DIRECTORY", "DIRECTORY_USER", "MODIFY_DIRECTORY_ACCESS", "MODIFY_RUNNING_MODE", "REBOOT", "REBUILD", "REGISTER_DIRECTORY", "RESTORE", "START", "STOP", "TERMINATE"]);
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
