"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { fail, notFound } from "@/lib/action-result";
import { sealSecret } from "@/lib/directories/create/secret-box";
import { queueDirectoryUserChange } from "./mutations";
import type { DirectoryUserPayload } from "./payload";
import { findUserDirectory } from "./queries";
import { resetsThroughDirectoryService, serviceConnectionFor } from "./service-account";
import { createDirectoryUserSchema, resetDirectoryUserPasswordSchema, setDirectoryUserEnabledSchema } from "./schema";

// Every change is queued for the worker (no directory write inside a web request). A password is
// sealed into the operation and never comes back in any answer.

/** Queues a change after checking the directory exists and the change can be made from the portal. */
async function queue(user: { id: string; email: string }, directoryId: string, payload: DirectoryUserPayload) {
  const directory = await findUserDirectory(directoryId);
  if (!directory) return notFound("The directory");
  const viaAws = payload.action === "RESET_PASSWORD" && resetsThroughDirectoryService(directory);
  if (!viaAws) {
    const connection = serviceConnectionFor(directory, getConfig());
    if (!connection.ok) return fail("CONFLICT", connection.message);
  }
  const queued = await db.$transaction((tx) => queueDirectoryUserChange(tx, user, { directoryId, region: directory.region, payload }));
  if (!queued.ok) return queued;
  revalidatePath(`/admin/directories/${directoryId}/users`);
  return { ok: true as const, operationId: queued.operationId };
}

/** Admin: create a user in the directory with an initial password. */
export const createDirectoryUserAction = defineAction(createDirectoryUserSchema, { allow: "directory.manage" }, async (input, { user }) =>
  queue(user, input.directoryId, {
    action: "CREATE",
    userName: input.userName,
    givenName: input.givenName,
    surname: input.surname,
    email: input.email,
    mustChangePassword: input.mustChangePassword,
    secret: sealSecret(input.password, getConfig().authSecret),
  }),
);

/** Admin: set a new password for a user (ResetUserPassword for Simple AD and Managed AD, LDAP otherwise). */
export const resetDirectoryUserPasswordAction = defineAction(resetDirectoryUserPasswordSchema, { allow: "directory.manage" }, async (input, { user }) =>
  queue(user, input.directoryId, { action: "RESET_PASSWORD", userName: input.userName, secret: sealSecret(input.password, getConfig().authSecret) }),
);

/** Admin: disable or enable a user's account. */
export const setDirectoryUserEnabledAction = defineAction(setDirectoryUserEnabledSchema, { allow: "directory.manage" }, async (input, { user }) =>
  queue(user, input.directoryId, { action: input.enabled ? "ENABLE" : "DISABLE", userName: input.userName }),
);
