"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { fail } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/mutations";
import { enqueueOperation } from "@/lib/operations/enqueue";
import { recordId } from "@/lib/record-id";
import { hasOpenOperation, loadDesktopForPolicy } from "../queries";
import { checkRestore } from "./rules";

/** Restore one desktop to its last snapshot (admins); the worker sends RestoreWorkspace. */
export const restoreDesktop = defineAction(
  z.object({ desktopId: recordId() }),
  { resource: { id: (input) => input.desktopId, load: loadDesktopForPolicy, noun: "The desktop", see: "desktop.read", action: "desktop.restore" } },
  async (_input, { user, resource: desktop }) => {
    const verdict = checkRestore(desktop);
    if (!verdict.allowed) return fail("CONFLICT", verdict.reason);
    if (await hasOpenOperation(desktop.id)) return fail("CONFLICT", "Another action on this desktop is still in progress.");
    await db.$transaction(async (tx) => {
      await enqueueOperation(tx, {
        type: "RESTORE",
        desktopId: desktop.id,
        requestId: desktop.requestId ?? undefined,
        region: getConfig().awsRegion,
        directoryId: desktop.directoryId,
        payload: {},
        createdById: user.id,
      });
      await recordAudit(tx, { actor: user, action: "desktop.restore.request", targetType: "desktop", targetId: desktop.id, outcome: "SUCCESS", message: "restore queued" });
    });
    revalidatePath(`/desktops/${desktop.id}`);
    return { ok: true as const };
  },
);
