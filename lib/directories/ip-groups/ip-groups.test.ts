// IP access control groups as durable operations: queued as the actions do, sent by the real
// worker through the real SDK against the emulator, read back from DescribeIpGroups and
// DescribeWorkspaceDirectories. Bad input is refused by the schema before any AWS call, and AWS's
// limits on rules and groups by the server actions (admin Dave, against the real database and the
// emulator's groups) before anything is queued.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { DIRECTORY_ID, REGION, startHarness, type Harness } from "@/test-support/worker-harness";
import { queueDirectoryChange } from "../mutations";
import { queueIpGroupChange, type IpGroupOperationType } from "./mutations";
import { readIpGroups } from "./queries";
import { createIpGroupSchema, parseRules } from "./schema";
import type { OperationPayloadInput } from "@/lib/operations/payloads";

let h: Harness;
let testDb: PrismaClient;
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return testDb;
  },
}));
vi.mock("../settings-aws", () => ({
  directorySettingsAws: () => ({
    describeIpGroups: () => h.aws.forRegion(REGION).ipGroups.describeIpGroups(),
    describeWorkspaceDirectories: () => h.aws.forRegion(REGION).workspaces.describeWorkspaceDirectories(),
  }),
}));
let caller: { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" } | null = null;
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => caller, getCurrentUser: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { addIpRules, associateIpGroup, createIpGroup } = await import("./actions");

let admin: { id: string; email: string };
let reads: Parameters<typeof readIpGroups>[0];
beforeAll(async () => {
  h = await startHarness();
  testDb = h.db;
  const dave = await h.db.user.update({ where: { id: h.approverId }, data: { role: "ADMIN" } });
  admin = { id: dave.id, email: dave.email };
  caller = { id: dave.id, email: dave.email, name: dave.name ?? "Dave", role: "ADMIN" };
  const apis = h.aws.forRegion(REGION);
  reads = { describeIpGroups: () => apis.ipGroups.describeIpGroups(), describeWorkspaceDirectories: () => apis.workspaces.describeWorkspaceDirectories() };
});
afterAll(async () => {
  await h?.close();
});

async function group(type: IpGroupOperationType, groupName: string, payload: OperationPayloadInput<typeof type>) {
  const queued = await h.db.$transaction((tx) => queueIpGroupChange(tx, admin, { type, region: REGION, groupName, payload: payload as never }));
  expect(queued.ok).toBe(true);
  await h.drain();
  return h.db.operation.findUniqueOrThrow({ where: { id: (queued as { operationId: string }).operationId } });
}
async function association(groupId: string, associate: boolean) {
  const queued = await h.db.$transaction((tx) =>
    queueDirectoryChange(tx, admin, { type: "IP_GROUP_ASSOCIATION", directoryId: DIRECTORY_ID, region: REGION, payload: { groupId, groupName: "offices", associate } }),
  );
  expect(queued.ok).toBe(true);
  await h.drain();
  return h.db.operation.findUniqueOrThrow({ where: { id: (queued as { operationId: string }).operationId } });
}
const groups = async () => {
  const read = await readIpGroups(reads);
  if (!read.ok) throw new Error(read.message);
  return read.groups;
};

describe("bad input at the field, before any AWS call", () => {
  it("refuses a rule that is not a CIDR block, naming it", () => {
    const result = createIpGroupSchema.safeParse({ name: "offices", rules: "203.0.113.0/24 Head office\n10.0.0.0/33\noffice-wifi" });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ["rules"], message: expect.stringContaining("Not an IPv4 address or CIDR block: 10.0.0.0/33, office-wifi.") });
  });

  it("refuses more than 10 rules, and a rule listed twice", () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `10.${i}.0.0/16`).join("\n");
    expect(parseRules(eleven)).toEqual({ ok: false, message: "AWS allows at most 10 rules in an IP access control group; these are 11." });
    expect(parseRules("10.0.0.0/16\n10.0.0.0/16 again")).toEqual({ ok: false, message: "10.0.0.0/16 is listed twice." });
    expect(parseRules("203.0.113.7 Home\n\n198.51.100.0/24")).toEqual({ ok: true, rules: [{ ipRule: "203.0.113.7", ruleDesc: "Home" }, { ipRule: "198.51.100.0/24" }] });
  });
});

describe("IP group operations", () => {
  it("creates a group, adds, removes and replaces rules, associates it, is refused deleting while associated, disassociates and deletes; each read back from AWS", async () => {
    const created = await group("IP_GROUP_CREATE", "offices", { name: "offices", description: "Office networks", rules: [{ ipRule: "203.0.113.0/24", ruleDesc: "Head office" }] });
    expect(created.status).toBe("SUCCEEDED");
    const groupId = (created.result as { groupId: string }).groupId;
    expect(groupId).toMatch(/^wsipg-/);
    expect(await groups()).toEqual([
      { groupId, name: "offices", description: "Office networks", rules: [{ ipRule: "203.0.113.0/24", ruleDesc: "Head office" }], directoryIds: [] },
    ]);

    // One change at a time per group.
    await h.db.$transaction((tx) => queueIpGroupChange(tx, admin, { type: "IP_GROUP_DELETE", region: REGION, groupName: "offices", payload: { groupId, groupName: "offices" } }));
    expect(
      await h.db.$transaction((tx) =>
        queueIpGroupChange(tx, admin, { type: "IP_GROUP_RULES", region: REGION, groupName: "offices", payload: { groupId, groupName: "offices", change: "replace", rules: [] } }),
      ),
    ).toMatchObject({ ok: false, code: "CONFLICT" });
    await h.db.operation.updateMany({ where: { type: "IP_GROUP_DELETE", status: "QUEUED" }, data: { status: "CANCELLED" } });

    expect((await group("IP_GROUP_RULES", "offices", { groupId, groupName: "offices", change: "authorize", rules: [{ ipRule: "198.51.100.7" }, { ipRule: "192.0.2.0/28" }] })).status).toBe("SUCCEEDED");
    expect((await groups())[0].rules.map((r) => r.ipRule)).toEqual(["203.0.113.0/24", "198.51.100.7", "192.0.2.0/28"]);
    // Adding a rule that is there already (a lost answer re-sent) is done, not refused.
    expect((await group("IP_GROUP_RULES", "offices", { groupId, groupName: "offices", change: "authorize", rules: [{ ipRule: "198.51.100.7" }] })).status).toBe("SUCCEEDED");
    expect((await group("IP_GROUP_RULES", "offices", { groupId, groupName: "offices", change: "revoke", rules: [{ ipRule: "198.51.100.7" }] })).status).toBe("SUCCEEDED");
    expect((await groups())[0].rules.map((r) => r.ipRule)).toEqual(["203.0.113.0/24", "192.0.2.0/28"]);
    expect((await group("IP_GROUP_RULES", "offices", { groupId, groupName: "offices", change: "replace", rules: [{ ipRule: "10.10.0.0/16", ruleDesc: "VPN" }] })).status).toBe("SUCCEEDED");
    expect((await groups())[0].rules).toEqual([{ ipRule: "10.10.0.0/16", ruleDesc: "VPN" }]);

    expect((await association(groupId, true)).status).toBe("SUCCEEDED");
    expect((await groups())[0].directoryIds).toEqual([DIRECTORY_ID]);
    const refused = await group("IP_GROUP_DELETE", "offices", { groupId, groupName: "offices" });
    expect(refused.status).toBe("FAILED");
    expect(refused.lastErrorCode).toBe("ResourceAssociatedException");
    expect(refused.lastError).toContain(DIRECTORY_ID);

    expect((await association(groupId, false)).status).toBe("SUCCEEDED");
    expect((await groups())[0].directoryIds).toEqual([]);
    expect((await group("IP_GROUP_DELETE", "offices", { groupId, groupName: "offices" })).status).toBe("SUCCEEDED");
    expect(await groups()).toEqual([]);

    const audit = await h.db.auditEvent.findMany({ where: { targetType: "ip-group", actorId: null }, select: { action: true, outcome: true } });
    expect(audit.map((a) => `${a.action} ${a.outcome}`)).toContain("ip-group.delete FAILURE");
    expect(audit.map((a) => `${a.action} ${a.outcome}`)).toContain("ip-group.create SUCCESS");
  });

  it("a create whose answer was lost finds its group by name instead of failing", async () => {
    // The group exists in AWS already (the earlier call made it), the operation is sent again.
    const made = await h.aws.forRegion(REGION).ipGroups.createIpGroup({ name: "branch", rules: [] });
    expect(made.ok).toBe(true);
    const op = await group("IP_GROUP_CREATE", "branch", { name: "branch", rules: [] });
    expect(op.status).toBe("SUCCEEDED");
    expect((op.result as { groupId: string }).groupId).toBe((made as { groupId: string }).groupId);
  });
});

describe("AWS's limits on rules and groups, refused by the actions before anything is queued or sent", () => {
  const sends = ["CreateIpGroup", "AuthorizeIpRules", "UpdateRulesOfIpGroup", "AssociateIpGroups"];
  /** Operations queued and changes sent to AWS so far: a refusal leaves both as they were. */
  const footprint = async () => ({ operations: await h.db.operation.count(), sent: await h.db.awsCall.count({ where: { operation: { in: sends } } }) });
  const api = () => h.aws.forRegion(REGION).ipGroups;
  /** A group made in AWS directly (as another admin or the console would), for filling up to a limit. */
  async function madeInAws(name: string) {
    const made = await api().createIpGroup({ name, rules: [] });
    if (!made.ok) throw new Error(`${made.code}: ${made.message}`);
    return made.groupId;
  }

  it("adding rules that would take a group over 10 is refused with the total it would have; up to 10 is taken", async () => {
    const eight = Array.from({ length: 8 }, (_, i) => `10.${i}.0.0/16`).join("\n");
    expect(await createIpGroup({ name: "branches", rules: eight })).toEqual({ ok: true });
    await h.drain();
    const groupId = (await groups()).find((g) => g.name === "branches")!.groupId;
    expect((await groups()).find((g) => g.name === "branches")!.rules).toHaveLength(8);

    const before = await footprint();
    const refused = await addIpRules({ groupId, rules: "192.0.2.1\n192.0.2.2 Lab\n192.0.2.3" });
    expect(refused).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      fieldErrors: { rules: "AWS allows at most 10 rules in an IP access control group; with these it would have 11." },
    });
    expect(await footprint()).toEqual(before);

    expect(await addIpRules({ groupId, rules: "192.0.2.1\n192.0.2.2 Lab" })).toEqual({ ok: true });
    await h.drain();
    expect((await groups()).find((g) => g.name === "branches")!.rules).toHaveLength(10);
  });

  it("associating a 26th group with a directory is refused; disassociate one first", async () => {
    for (let i = 1; i <= 25; i++) {
      const groupId = await madeInAws(`directory-${i}`);
      const associated = await api().setAssociation(DIRECTORY_ID, groupId, true);
      if (!associated.ok) throw new Error(`${associated.code}: ${associated.message}`);
    }
    const extra = await madeInAws("directory-26");
    expect((await groups()).filter((g) => g.directoryIds.includes(DIRECTORY_ID))).toHaveLength(25);

    const before = await footprint();
    const refused = await associateIpGroup({ directoryId: DIRECTORY_ID, groupId: extra });
    expect(refused).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      fieldErrors: { groupId: "AWS allows at most 25 IP access control groups per directory; disassociate one first." },
    });
    expect(await footprint()).toEqual(before);
    expect((await groups()).find((g) => g.groupId === extra)!.directoryIds).toEqual([]);
  });

  it("a group past 100 in the account is refused, counting a create still queued", async () => {
    const present = (await groups()).length;
    for (let i = present; i < 99; i++) await madeInAws(`account-${i}`);
    expect(await groups()).toHaveLength(99);
    // The 100th is queued but not sent yet: it counts, so a second one now is refused.
    expect(await createIpGroup({ name: "hundredth", rules: "" })).toEqual({ ok: true });

    const message = "AWS allows at most 100 IP access control groups in an account; delete one first.";
    let before = await footprint();
    expect(await createIpGroup({ name: "one-too-many", rules: "" })).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { name: message } });
    expect(await footprint()).toEqual(before);

    await h.drain();
    expect(await groups()).toHaveLength(100);
    before = await footprint();
    expect(await createIpGroup({ name: "one-too-many", rules: "" })).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { name: message } });
    expect(await footprint()).toEqual(before);
    expect((await groups()).some((g) => g.name === "one-too-many")).toBe(false);
  });
});
