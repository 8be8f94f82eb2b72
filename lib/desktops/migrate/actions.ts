"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { loadDesktopForPolicy } from "../queries";
import { migrateNow, requestMigration as requestMigrationRow } from "./mutations";
import { migrateDesktopSchema, requestMigrationSchema } from "./schema";

/** Migrate one desktop to another bundle the catalogue offers in its directory (admins). */
export const migrateDesktop = defineAction(
  migrateDesktopSchema,
  { resource: { id: (input) => input.desktopId, load: loadDesktopForPolicy, noun: "The desktop", see: "desktop.read", action: "desktop.migrate" } },
  async ({ bundleId }, { user, resource: desktop }) => {
    const outcome = await db.$transaction((tx) => migrateNow(tx, user, { desktopId: desktop.id, bundleId }, getConfig().awsRegion));
    if (!outcome.ok) return outcome;
    revalidatePath(`/desktops/${desktop.id}`);
    return { ok: true as const };
  },
);

/** The owner asks to migrate their desktop to another bundle they are offered; an approver decides. */
export const requestMigration = defineAction(
  requestMigrationSchema,
  { resource: { id: (input) => input.desktopId, load: loadDesktopForPolicy, noun: "The desktop", see: "desktop.read", action: "desktop.migrate.request" } },
  async (input, { user, resource: desktop }) => {
    const outcome = await db.$transaction((tx) => requestMigrationRow(tx, user, input));
    if (!outcome.ok) return outcome;
    revalidatePath(`/desktops/${desktop.id}`);
    revalidatePath("/approvals");
    return { ok: true as const };
  },
);
