"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { fail } from "@/lib/action-result";
import { hasOpenOperation, loadDesktopForPolicy } from "../queries";
import { queueMigration } from "./mutations";
import { listMigrationTargets, loadMigrationFacts } from "./queries";
import { checkMigration } from "./rules";
import { migrateDesktopSchema } from "./schema";

/** Migrate one desktop to another bundle the catalogue offers in its directory (admins). */
export const migrateDesktop = defineAction(
  migrateDesktopSchema,
  { resource: { id: (input) => input.desktopId, load: loadDesktopForPolicy, noun: "The desktop", see: "desktop.read", action: "desktop.migrate" } },
  async ({ bundleId }, { user, resource: desktop }) => {
    const facts = (await loadMigrationFacts(desktop.id))!;
    const verdict = checkMigration(facts);
    if (!verdict.allowed) return fail("CONFLICT", verdict.reason);
    if (bundleId === facts.bundleId) return fail("CONFLICT", "The desktop already uses this bundle.");
    // The server's check: the dialog's list is only a view.
    if (!(await listMigrationTargets(desktop.id)).some((b) => b.id === bundleId)) {
      return fail("INVALID_INPUT", "That bundle is not offered for this desktop.", { bundleId: "Choose a bundle from the list." });
    }
    if (await hasOpenOperation(desktop.id)) return fail("CONFLICT", "Another action on this desktop is still in progress.");
    await db.$transaction((tx) => queueMigration(tx, user, desktop, bundleId, getConfig().awsRegion));
    revalidatePath(`/desktops/${desktop.id}`);
    return { ok: true as const };
  },
);
