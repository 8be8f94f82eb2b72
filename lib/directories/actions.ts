"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { fail } from "@/lib/action-result";
import { queueDirectoryChange, type DirectoryOperationType } from "./mutations";
import type { OperationPayloadInput } from "@/lib/operations/payloads";
import { countLiveDesktops } from "./queries";
import { creationPropertiesSchema, defaultOuProblem, deviceAccessSchema, directoryChangeSchema, selfServiceSchema } from "./schema";
import { directorySettingsAws } from "./settings-aws";
import { plural } from "@/lib/plural";

const revalidate = (directoryId: string) => {
  revalidatePath("/admin/directories");
  revalidatePath(`/admin/directories/${directoryId}`);
};

/** Queues one change of a directory's settings (the caller checked who and what). */
async function queueSetting<T extends DirectoryOperationType>(
  user: { id: string; email: string },
  type: T,
  directoryId: string,
  payload: OperationPayloadInput<T>,
  details?: Record<string, unknown>,
) {
  const queued = await db.$transaction((tx) => queueDirectoryChange(tx, user, { type, directoryId, region: getConfig().awsRegion, payload, details }));
  if (!queued.ok) return queued;
  revalidate(directoryId);
  return { ok: true as const };
}

/** Admin: register a directory with WorkSpaces (the worker calls RegisterWorkspaceDirectory). */
export const registerDirectory = defineAction(directoryChangeSchema, { allow: "directory.manage" }, async ({ directoryId }, { user }) => {
  const queued = await db.$transaction((tx) =>
    queueDirectoryChange(tx, user, { type: "REGISTER_DIRECTORY", directoryId, region: getConfig().awsRegion }),
  );
  if (!queued.ok) return queued;
  revalidate(directoryId);
  return { ok: true as const };
});

/** Admin: deregister a directory (the worker calls DeregisterWorkspaceDirectory). */
export const deregisterDirectory = defineAction(directoryChangeSchema, { allow: "directory.manage" }, async ({ directoryId }, { user }) => {
  // AWS refuses while desktops exist; say so before queueing anything.
  const live = await countLiveDesktops(directoryId);
  if (live > 0) {
    return fail(
      "CONFLICT",
      `${plural(live, "desktop")} still ${live === 1 ? "is" : "are"} in this directory. AWS deregisters a directory only when it has none: terminate them first.`,
    );
  }
  const queued = await db.$transaction((tx) =>
    queueDirectoryChange(tx, user, { type: "DEREGISTER_DIRECTORY", directoryId, region: getConfig().awsRegion }),
  );
  if (!queued.ok) return queued;
  revalidate(directoryId);
  return { ok: true as const };
});

/** Admin: which devices may reach the directory's desktops (ModifyWorkspaceAccessProperties, every device type). */
export const setDeviceAccess = defineAction(deviceAccessSchema, { allow: "directory.manage" }, async ({ directoryId, devices }, { user }) =>
  queueSetting(user, "MODIFY_DIRECTORY_ACCESS", directoryId, { devices }),
);

/** Admin: what users may do to their own desktops from the WorkSpaces client (ModifySelfservicePermissions). */
export const setSelfServicePermissions = defineAction(selfServiceSchema, { allow: "directory.manage" }, async ({ directoryId, permissions }, { user }) =>
  queueSetting(user, "MODIFY_DIRECTORY_SELF_SERVICE", directoryId, { permissions }),
);

/**
 * Admin: new desktops' defaults (ModifyWorkspaceCreationProperties). AWS's rules are checked first,
 * at the field: the OU must be in the directory's domain, the security group in its VPC (EC2 read).
 */
export const setCreationProperties = defineAction(creationPropertiesSchema, { allow: "directory.manage" }, async ({ directoryId, properties }, { user }) => {
  const aws = directorySettingsAws();
  const found = await aws.describeDirectories([directoryId]);
  if (!found.ok) return fail("CONFLICT", `Directory Service could not be read: ${found.code}: ${found.message}`);
  const directory = found.directories[0];
  if (!directory) return fail("NOT_FOUND", "The directory no longer exists.");
  const ouProblem = properties.defaultOu ? defaultOuProblem(properties.defaultOu, directory.name) : undefined;
  if (ouProblem) return fail("INVALID_INPUT", "Please correct the highlighted fields.", { defaultOu: ouProblem });
  if (properties.customSecurityGroupId) {
    const groups = directory.vpcId ? await aws.describeSecurityGroups(directory.vpcId) : null;
    if (groups && !groups.ok) return fail("CONFLICT", `EC2 could not be read: ${groups.code}: ${groups.message}`);
    if (!groups?.groups.some((g) => g.groupId === properties.customSecurityGroupId)) {
      return fail("INVALID_INPUT", "Please correct the highlighted fields.", {
        customSecurityGroupId: `No security group ${properties.customSecurityGroupId} in the directory's VPC ${directory.vpcId ?? ""}. Choose one of that VPC's groups.`,
      });
    }
  }
  return queueSetting(user, "MODIFY_DIRECTORY_CREATION", directoryId, properties);
});
