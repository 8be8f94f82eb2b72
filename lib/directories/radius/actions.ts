"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { fail } from "@/lib/action-result";
import { sealSecret } from "../create/secret-box";
import { queueDirectoryChange } from "../mutations";
import { directorySettingsAws } from "../settings-aws";
import { disableRadiusSchema, radiusSettingsSchema } from "./schema";

// RADIUS MFA for desktop sign-in. Directory Service offers it on AD Connector and Managed AD only,
// on an Active directory: checked here before anything is queued. The shared secret is a secret:
// sealed into the operation (create/secret-box.ts), dropped when the operation closes, never in
// the audit trail, a log or an answer.

async function radiusDirectory(directoryId: string) {
  const found = await directorySettingsAws().describeDirectories([directoryId]);
  if (!found.ok) return fail("CONFLICT", `Directory Service could not be read: ${found.code}: ${found.message}`);
  const directory = found.directories[0];
  if (!directory) return fail("NOT_FOUND", "The directory no longer exists.");
  if (directory.type === "SIMPLE_AD") {
    return fail("CONFLICT", "Simple AD has no RADIUS multi-factor authentication. AWS offers it on AD Connector and AWS Managed Microsoft AD only.");
  }
  if (directory.stage !== "Active") return fail("CONFLICT", `RADIUS can be set on an Active directory only; this one is ${directory.stage}.`);
  return { ok: true as const, directory };
}

export const saveRadiusSettings = defineAction(radiusSettingsSchema, { allow: "directory.manage" }, async (input, { user }) => {
  const found = await radiusDirectory(input.directoryId);
  if (!found.ok) return found;
  const { directoryId, sharedSecret, ...rest } = input;
  const settings = { ...rest, displayLabel: rest.displayLabel || undefined };
  const action = found.directory.radiusStatus ? ("update" as const) : ("enable" as const);
  const queued = await db.$transaction((tx) =>
    queueDirectoryChange(tx, user, {
      type: "DIRECTORY_RADIUS",
      directoryId,
      region: getConfig().awsRegion,
      payload: { action, settings, secret: sealSecret(sharedSecret, getConfig().authSecret) },
      details: { action, ...settings },
    }),
  );
  if (!queued.ok) return queued;
  revalidatePath(`/admin/directories/${directoryId}`);
  return { ok: true as const };
});

export const disableRadius = defineAction(disableRadiusSchema, { allow: "directory.manage" }, async ({ directoryId }, { user }) => {
  const found = await radiusDirectory(directoryId);
  if (!found.ok) return found;
  if (!found.directory.radiusStatus) return fail("CONFLICT", "RADIUS is off for this directory already.");
  const queued = await db.$transaction((tx) =>
    queueDirectoryChange(tx, user, { type: "DIRECTORY_RADIUS", directoryId, region: getConfig().awsRegion, payload: { action: "disable" } }),
  );
  if (!queued.ok) return queued;
  revalidatePath(`/admin/directories/${directoryId}`);
  return { ok: true as const };
});
