// Register and deregister as durable operations: queued as the action does, sent by the real
// worker through the real SDK against the emulator, read back from DescribeWorkspaceDirectories.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIRECTORY_ID, REGION, startHarness, type Harness } from "@/test-support/worker-harness";
import { queueDirectoryChange } from "./mutations";
import { readDirectories } from "./queries";

let h: Harness;
let admin: { id: string; email: string };
beforeAll(async () => {
  h = await startHarness();
  admin = await h.db.user.findUniqueOrThrow({ where: { id: h.approverId }, select: { id: true, email: true } });
});
afterAll(async () => {
  await h?.close();
});

const queue = (type: "REGISTER_DIRECTORY" | "DEREGISTER_DIRECTORY") =>
  h.db.$transaction((tx) => queueDirectoryChange(tx, admin, { type, directoryId: DIRECTORY_ID, region: REGION }));
const registration = async () => {
  const list = await readDirectories(h.db, h.aws, REGION);
  if (!list.ok) throw new Error(list.message);
  return list.directories.find((d) => d.id === DIRECTORY_ID)!.registrationState;
};
const lastOperation = () => h.db.operation.findFirstOrThrow({ where: { directoryId: DIRECTORY_ID, desktopId: null }, orderBy: { createdAt: "desc" } });

describe("directory registration operations", () => {
  it("deregisters, refuses a second change while one is queued, then registers again; each read back from AWS", async () => {
    expect(await registration()).toBe("REGISTERED");
    expect((await queue("DEREGISTER_DIRECTORY")).ok).toBe(true);
    // One change at a time per directory.
    expect(await queue("REGISTER_DIRECTORY")).toMatchObject({ ok: false, code: "CONFLICT" });
    await h.drain();
    expect((await lastOperation()).status).toBe("SUCCEEDED");
    await h.advanceClock(3600);
    expect(await registration()).toBeNull();

    expect((await queue("REGISTER_DIRECTORY")).ok).toBe(true);
    await h.drain();
    expect((await lastOperation()).status).toBe("SUCCEEDED");
    await h.advanceClock(3600);
    expect(await registration()).toBe("REGISTERED");

    const audit = await h.db.auditEvent.findMany({ where: { targetId: DIRECTORY_ID }, orderBy: { at: "asc" }, select: { action: true, outcome: true } });
    expect(audit.map((a) => `${a.action} ${a.outcome}`)).toEqual([
      "directory.deregister.request SUCCESS",
      "directory.deregister SUCCESS",
      "directory.register.request SUCCESS",
      "directory.register SUCCESS",
    ]);
  });

  it("a directory the portal did not know yet is known to it as soon as it is registered (sign-in and requests need its row)", async () => {
    const made = (await h.aws.forRegion(REGION).directoryCreation.createDirectory(
      { type: "SimpleAD", name: "fresh.example.com", size: "Small", password: "Fresh-Admin-2026", vpcId: "vpc-0d3e0000000000001", subnetIds: ["subnet-0d3e0000000000a01", "subnet-0d3e0000000000b01"] },
      "test-fresh",
      [],
    )) as { ok: true; directoryId: string };
    expect(made.ok).toBe(true);
    await h.advanceClock(3600);
    expect(await h.db.directory.findUnique({ where: { id: made.directoryId } })).toBeNull();
    const queued = await h.db.$transaction((tx) => queueDirectoryChange(tx, admin, { type: "REGISTER_DIRECTORY", directoryId: made.directoryId, region: REGION }));
    expect(queued.ok).toBe(true);
    await h.drain();
    expect(await h.db.directory.findUnique({ where: { id: made.directoryId } })).toMatchObject({ name: "fresh.example.com", type: "SIMPLE_AD", stage: "Active" });
  });

  it("allows then denies web access, each read back from DescribeWorkspaceDirectories", async () => {
    const webAccess = async () => {
      const list = await readDirectories(h.db, h.aws, REGION);
      if (!list.ok) throw new Error(list.message);
      return list.directories.find((d) => d.id === DIRECTORY_ID)!.webAccess;
    };
    const set = (allow: boolean) =>
      h.db.$transaction((tx) => queueDirectoryChange(tx, admin, { type: "MODIFY_DIRECTORY_ACCESS", directoryId: DIRECTORY_ID, region: REGION, payload: { webAccess: allow } }));
    // A directory registered anew starts with web access denied (test above).
    expect(await webAccess()).toBe(false);
    expect((await set(true)).ok).toBe(true);
    await h.drain();
    expect((await lastOperation()).status).toBe("SUCCEEDED");
    expect(await webAccess()).toBe(true);
    expect((await set(false)).ok).toBe(true);
    await h.drain();
    expect(await webAccess()).toBe(false);
  });

  it("fails a deregistration AWS refuses (desktops left) with AWS's code and message, not retried", async () => {
    await h.approve({ userName: "alice" });
    await h.drain();
    expect((await queue("DEREGISTER_DIRECTORY")).ok).toBe(true);
    await h.drain();
    const op = await lastOperation();
    expect(op.status).toBe("FAILED");
    expect(op.attempts).toBe(1);
    expect(op.lastErrorCode).toBe("InvalidResourceStateException");
    expect(op.lastError).toMatch(/still has 1 WorkSpace/);
    expect(await registration()).toBe("REGISTERED");
  });
});
