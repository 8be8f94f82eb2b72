"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { fail } from "@/lib/action-result";
import { queueDirectoryChange } from "./mutations";
import { countLiveDesktops } from "./queries";
import { directoryChangeSchema, webAccessSchema } from "./schema";
import { plural } from "@/lib/plural";

const revalidate = (directoryId: string) => {
  revalidatePath("/admin/directories");
  revalidatePath(`/admin/directories/${directoryId}`);
};

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

/** Admin: allow or deny web access to the directory's desktops (ModifyWorkspaceAccessProperties). */
export const setWebAccess = defineAction(webAccessSchema, { allow: "directory.manage" }, async ({ directoryId, webAccess }, { user }) => {
  const queued = await db.$transaction((tx) =>
    queueDirectoryChange(tx, user, { type: "MODIFY_DIRECTORY_ACCESS", directoryId, region: getConfig().awsRegion, payload: { webAccess } }),
  );
  if (!queued.ok) return queued;
  revalidate(directoryId);
  return { ok: true as const };
});
