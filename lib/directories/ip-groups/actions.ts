"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { fail } from "@/lib/action-result";
import { queueDirectoryChange } from "../mutations";
import { readIpGroups } from "./queries";
import { queueIpGroupChange, type IpGroupOperationType } from "./mutations";
import { IP_GROUP_LIMITS, addIpRulesSchema, createIpGroupSchema, ipGroupAssociationSchema, ipGroupRefSchema, removeIpRuleSchema, replaceIpRulesSchema } from "./schema";
import type { OperationPayloadInput } from "@/lib/operations/payloads";

// IP access control groups. Every AWS rule is checked here, before anything is queued: rules are
// CIDR blocks, at most 10 a group, 100 groups an account, 25 a directory, names unique, no delete
// while associated. The worker makes the calls (lib/jobs/handlers/directory-settings.ts).

const invalid = (field: string, message: string) => fail("INVALID_INPUT", "Please correct the highlighted fields.", { [field]: message });

function revalidate(directoryId?: string) {
  revalidatePath("/admin/ip-groups");
  if (directoryId) revalidatePath(`/admin/directories/${directoryId}`);
}

async function current() {
  const read = await readIpGroups();
  if (!read.ok) return fail("CONFLICT", `AWS could not be read: ${read.message}`);
  return read;
}

async function queueGroup<T extends IpGroupOperationType>(user: { id: string; email: string }, type: T, groupName: string, payload: OperationPayloadInput<T>) {
  const queued = await db.$transaction((tx) => queueIpGroupChange(tx, user, { type, region: getConfig().awsRegion, groupName, payload }));
  if (!queued.ok) return queued;
  revalidate();
  return { ok: true as const };
}

export const createIpGroup = defineAction(createIpGroupSchema, { allow: "directory.manage" }, async (input, { user }) => {
  const read = await current();
  if (!read.ok) return read;
  const creating = await db.operation.count({ where: { type: "IP_GROUP_CREATE", status: { in: ["QUEUED", "RUNNING"] } } });
  if (read.groups.some((g) => g.name === input.name)) return invalid("name", `A group named ${input.name} already exists.`);
  if (read.groups.length + creating >= IP_GROUP_LIMITS.groupsPerAccount) {
    return invalid("name", `AWS allows at most ${IP_GROUP_LIMITS.groupsPerAccount} IP access control groups in an account; delete one first.`);
  }
  return queueGroup(user, "IP_GROUP_CREATE", input.name, { name: input.name, ...(input.description ? { description: input.description } : {}), rules: input.rules });
});

async function findGroup(groupId: string) {
  const read = await current();
  if (!read.ok) return read;
  const group = read.groups.find((g) => g.groupId === groupId);
  if (!group) return fail("NOT_FOUND", "That IP access control group no longer exists.");
  return { ok: true as const, group, directories: read.directories };
}

export const replaceIpRules = defineAction(replaceIpRulesSchema, { allow: "directory.manage" }, async ({ groupId, rules }, { user }) => {
  const found = await findGroup(groupId);
  if (!found.ok) return found;
  return queueGroup(user, "IP_GROUP_RULES", found.group.name, { groupId, groupName: found.group.name, change: "replace", rules });
});

export const addIpRules = defineAction(addIpRulesSchema, { allow: "directory.manage" }, async ({ groupId, rules }, { user }) => {
  const found = await findGroup(groupId);
  if (!found.ok) return found;
  const present = new Set(found.group.rules.map((r) => r.ipRule));
  const already = rules.find((r) => present.has(r.ipRule));
  if (already) return invalid("rules", `${already.ipRule} is in the group already.`);
  const total = found.group.rules.length + rules.length;
  if (total > IP_GROUP_LIMITS.rulesPerGroup) {
    return invalid("rules", `AWS allows at most ${IP_GROUP_LIMITS.rulesPerGroup} rules in an IP access control group; with these it would have ${total}.`);
  }
  return queueGroup(user, "IP_GROUP_RULES", found.group.name, { groupId, groupName: found.group.name, change: "authorize", rules });
});

export const removeIpRule = defineAction(removeIpRuleSchema, { allow: "directory.manage" }, async ({ groupId, ipRule }, { user }) => {
  const found = await findGroup(groupId);
  if (!found.ok) return found;
  if (!found.group.rules.some((r) => r.ipRule === ipRule)) return fail("CONFLICT", `${ipRule} is not in the group (any more).`);
  return queueGroup(user, "IP_GROUP_RULES", found.group.name, { groupId, groupName: found.group.name, change: "revoke", rules: [{ ipRule }] });
});

/** AWS refuses to delete a group still associated with a directory: said here first. */
export const deleteIpGroup = defineAction(ipGroupRefSchema, { allow: "directory.manage" }, async ({ groupId }, { user }) => {
  const found = await findGroup(groupId);
  if (!found.ok) return found;
  const associated = found.directories.filter((d) => d.settings.ipGroupIds.includes(groupId));
  if (associated.length > 0) {
    return fail("CONFLICT", `The group is associated with ${associated.map((d) => d.name ?? d.directoryId).join(", ")}. Disassociate it first: AWS refuses to delete it until then.`);
  }
  return queueGroup(user, "IP_GROUP_DELETE", found.group.name, { groupId, groupName: found.group.name });
});

async function setAssociation(user: { id: string; email: string }, directoryId: string, groupId: string, associate: boolean) {
  const found = await findGroup(groupId);
  if (!found.ok) return found;
  const directory = found.directories.find((d) => d.directoryId === directoryId);
  if (!directory) return fail("CONFLICT", "The directory is not registered with WorkSpaces; IP access control groups need a registered directory.");
  const has = directory.settings.ipGroupIds.includes(groupId);
  if (associate && has) return invalid("groupId", `${found.group.name} is associated with this directory already.`);
  if (!associate && !has) return fail("CONFLICT", `${found.group.name} is not associated with this directory.`);
  if (associate && directory.settings.ipGroupIds.length >= IP_GROUP_LIMITS.groupsPerDirectory) {
    return invalid("groupId", `AWS allows at most ${IP_GROUP_LIMITS.groupsPerDirectory} IP access control groups per directory; disassociate one first.`);
  }
  const queued = await db.$transaction((tx) =>
    queueDirectoryChange(tx, user, {
      type: "IP_GROUP_ASSOCIATION",
      directoryId,
      region: getConfig().awsRegion,
      payload: { groupId, groupName: found.group.name, associate },
    }),
  );
  if (!queued.ok) return queued;
  revalidate(directoryId);
  return { ok: true as const };
}

export const associateIpGroup = defineAction(ipGroupAssociationSchema, { allow: "directory.manage" }, async ({ directoryId, groupId }, { user }) =>
  setAssociation(user, directoryId, groupId, true),
);

export const disassociateIpGroup = defineAction(ipGroupAssociationSchema, { allow: "directory.manage" }, async ({ directoryId, groupId }, { user }) =>
  setAssociation(user, directoryId, groupId, false),
);
