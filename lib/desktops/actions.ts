"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { getActionUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { fail, forbidden, invalidInput, notFound, unexpected, type ActionResult } from "@/lib/action-result";
import { desktopActionSchema, failedCreateActionSchema } from "./schema";
import { checkDesktopAction, checkFailedCreateAction } from "./rules";
import { queueDesktopAction, removeFailedCreates, retryFailedCreates } from "./mutations";
import { hasOpenOperation, loadDesktopForPolicy } from "./queries";

export async function runDesktopAction(raw: unknown): Promise<ActionResult> {
  const user = await getActionUser();
  if (!user) return fail("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  const parsed = desktopActionSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { desktopId, action, confirmUserName } = parsed.data;
  try {
    const desktop = await loadDesktopForPolicy(desktopId);
    // Someone else's desktop looks the same as a missing one, so ids cannot be probed.
    if (!desktop || !can(user, "desktop.read", desktop)) return notFound("The desktop");
    if (!can(user, `desktop.${action}`, desktop)) return forbidden();
    const verdict = checkDesktopAction(desktop, action);
    if (!verdict.allowed) return fail("CONFLICT", verdict.reason);
    if (action === "terminate" && confirmUserName !== desktop.userName) {
      return fail("INVALID_INPUT", "Type the desktop's user name exactly to confirm.", { confirmUserName: "Does not match the user name." });
    }
    if (await hasOpenOperation(desktop.id)) return fail("CONFLICT", "Another action on this desktop is still in progress.");
    await db.$transaction((tx) => queueDesktopAction(tx, user, desktop, action, getConfig().awsRegion));
    revalidatePath(`/desktops/${desktop.id}`);
    return { ok: true };
  } catch (error) {
    return unexpected(error);
  }
}

/** Retry or remove one desktop whose create failed (admins). */
export async function resolveFailedCreate(raw: unknown): Promise<ActionResult> {
  const user = await getActionUser();
  if (!user) return fail("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  const parsed = failedCreateActionSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { desktopId, action } = parsed.data;
  try {
    const desktop = await loadDesktopForPolicy(desktopId);
    if (!desktop || !can(user, "desktop.read", desktop)) return notFound("The desktop");
    if (!can(user, `desktop.${action}`, desktop)) return forbidden();
    const verdict = checkFailedCreateAction(desktop);
    if (!verdict.allowed) return fail("CONFLICT", verdict.reason);
    const outcome = await db.$transaction((tx) =>
      action === "retry" ? retryFailedCreates(tx, user, [desktop.id], getConfig().awsRegion) : removeFailedCreates(tx, user, [desktop.id]),
    );
    if (outcome.done.length === 0) return fail("CONFLICT", outcome.skipped[0]?.reason ?? "The desktop changed meanwhile.");
    revalidatePath(`/desktops/${desktop.id}`);
    return { ok: true };
  } catch (error) {
    return unexpected(error);
  }
}
