// IP access control groups as durable operations: queued as the actions do, sent by the real
// worker through the real SDK against the emulator, read back from DescribeIpGroups and
// DescribeWorkspaceDirectories. Bad input is refused by the schema before any AWS call.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIRECTORY_ID, REGION, startHarness, type Harness } from "@/test-support/worker-harness";
import { queueDirectoryChange } from "../mutations";
import { queueIpGroupChange, type IpGroupOperationType } from "./mutations";
import { readIpGroups } from "./queries";
import { createIpGroupSchema, parseRules } from "./schema";
import type { OperationPayloadInput } from "@/lib/operations/payloads";

let h: Harness;
let admin: { id: string; email: string };
let reads: Parameters<typeof readIpGroups>[0];
beforeAll(async () => {
  h = await startHarness();
  admin = await h.db.user.findUniqueOrThrow({ where: { id: h.approverId }, select: { id: true, email: true } });
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
