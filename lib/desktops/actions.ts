"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { fail } from "@/lib/action-result";
import { desktopActionSchema, failedCreateActionSchema } from "./schema";
import { checkDesktopAction, checkFailedCreateAction } from "./rules";
import { queueDesktopAction, removeFailedCreates, retryFailedCreates } from "./mutations";
import { hasOpenOperation, loadDesktopForPolicy } from "./queries";

// Both actions name a desktop and what to do to it; the policy action follows from that.
const desktopGuard = {
  id: (input: { desktopId: string }) => input.desktopId,
  load: loadDesktopForPolicy,
  noun: "The desktop",
  see: "desktop.read",
  action: <A extends string>(input: { action: A }) => `desktop.${input.action}` as const,
} as const;

/** Reboot, start, stop, rebuild or terminate one desktop. */
export const runDesktopAction = defineAction(
  desktopActionSchema,
  { resource: desktopGuard },
  async ({ action, confirmUserName }, { user, resource: desktop }) => {
    const verdict = checkDesktopAction(desktop, action);
    if (!verdict.allowed) return fail("CONFLICT", verdict.reason);
    if (action === "terminate" && confirmUserName !== desktop.userName) {
      return fail("INVALID_INPUT", "Type the desktop's user name exactly to confirm.", { confirmUserName: "Does not match the user name." });
    }
    if (await hasOpenOperation(desktop.id)) return fail("CONFLICT", "Another action on this desktop is still in progress.");
    await db.$transaction((tx) => queueDesktopAction(tx, user, desktop, action, getConfig().awsRegion));
    revalidatePath(`/desktops/${desktop.id}`);
    return { ok: true as const };
  },
);

/** Retry or remove one desktop whose create failed (admins). */
export const resolveFailedCreate = defineAction(
  failedCreateActionSchema,
  { resource: desktopGuard },
  async ({ action }, { user, resource: desktop }) => {
    const verdict = checkFailedCreateAction(desktop);
    if (!verdict.allowed) return fail("CONFLICT", verdict.reason);
    const outcome = await db.$transaction((tx) =>
      action === "retry" ? retryFailedCreates(tx, user, [desktop.id], getConfig().awsRegion) : removeFailedCreates(tx, user, [desktop.id]),
    );
    if (outcome.done.length === 0) return fail("CONFLICT", outcome.skipped[0]?.reason ?? "The desktop changed meanwhile.");
    revalidatePath(`/desktops/${desktop.id}`);
    return { ok: true as const };
  },
);
