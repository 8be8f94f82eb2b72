"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { getActionUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { fail, forbidden, invalidInput, notFound, unexpected, type ActionFailure, type ActionResult } from "@/lib/action-result";
import { findDuplicates, loadExistingForUsers, lockDirectoryUsers, userKey } from "@/lib/desktops/one-desktop-per-user";
import { findRequestableBundle } from "@/lib/catalog/queries";
import { cancelRequestSchema, createRequestSchema, decideRequestsSchema } from "./schema";
import { cancelDesktopRequest, createDesktopRequest, decideRequests, type DecisionOutcome } from "./mutations";
import { loadRequestForPolicy, loadRequestsForPolicy } from "./queries";

/** Where the desktop or request that a refused request would duplicate can be seen. */
export type ExistingLink = { href: string; label: string };

export async function submitRequest(raw: unknown): Promise<ActionResult<{ requestId: string }> | (ActionFailure & { existing?: ExistingLink })> {
  const user = await getActionUser();
  if (!user) return fail("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  if (!can(user, "request.create")) return forbidden();
  const parsed = createRequestSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const bundle = await findRequestableBundle(parsed.data.bundleId);
    if (!bundle) return fail("INVALID_INPUT", "Please correct the highlighted fields.", { bundleId: "This desktop type is not offered. Choose one from the list." });
    const account = await db.user.findUnique({ where: { id: user.id }, select: { directoryId: true, directoryUserName: true } });
    if (!account?.directoryId || !account.directoryUserName) {
      return fail("CONFLICT", "Your account is not linked to a directory user yet. Ask an administrator to link it.");
    }
    const { directoryId, directoryUserName } = account;
    const outcome = await db.$transaction(async (tx) => {
      // One desktop per directory user (AWS): refuse here, with a link, rather than at approval.
      await lockDirectoryUsers(tx, [userKey(directoryId, directoryUserName)]);
      const directory = await tx.directory.findUniqueOrThrow({ where: { id: directoryId }, select: { name: true } });
      const existing = await loadExistingForUsers(tx, { directoryIds: [directoryId], userNames: [directoryUserName] });
      const duplicates = findDuplicates(existing, { directoryId, directoryName: directory.name, userName: directoryUserName });
      if (duplicates.desktop) {
        return {
          ...fail("CONFLICT", `You already have a desktop in ${directory.name}, and AWS allows one per user and directory.`),
          existing: { href: `/desktops/${duplicates.desktop.id}`, label: "Open your desktop" },
        };
      }
      if (duplicates.request) {
        return {
          ...fail("CONFLICT", `You already have a request awaiting approval for ${directory.name}.`),
          existing: { href: `/requests/${duplicates.request.id}`, label: "View your request" },
        };
      }
      return createDesktopRequest(tx, user, { ...parsed.data, directoryId, userName: directoryUserName });
    });
    if ("ok" in outcome) return outcome;
    revalidatePath("/requests");
    return { ok: true, requestId: outcome.id };
  } catch (error) {
    return unexpected(error);
  }
}

export async function cancelRequest(raw: unknown): Promise<ActionResult> {
  const user = await getActionUser();
  if (!user) return fail("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  const parsed = cancelRequestSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const request = await loadRequestForPolicy(parsed.data.requestId);
    if (!request || !can(user, "request.read", request)) return notFound("The request");
    if (!can(user, "request.cancel", request)) {
      return request.requesterId === user.id ? fail("CONFLICT", "Only a request that is still awaiting approval can be cancelled.") : forbidden();
    }
    const cancelled = await db.$transaction((tx) => cancelDesktopRequest(tx, user, request.id));
    if (!cancelled) return fail("CONFLICT", "The request was decided meanwhile and can no longer be cancelled.");
    revalidatePath(`/requests/${request.id}`);
    return { ok: true };
  } catch (error) {
    return unexpected(error);
  }
}

export async function decideRequestsAction(raw: unknown): Promise<ActionResult<DecisionOutcome>> {
  const user = await getActionUser();
  if (!user) return fail("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  if (!can(user, "request.review")) return forbidden();
  const parsed = decideRequestsSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const config = getConfig();
    // Policy per request, on rows loaded from the database (separation of duties: not one's own).
    const loaded = await loadRequestsForPolicy(parsed.data.requestIds);
    const allowed = loaded.filter((r) => can(user, "request.decide", r)).map((r) => r.id);
    const refused = parsed.data.requestIds
      .filter((id) => !allowed.includes(id))
      .map((id) => ({ id, reason: loaded.some((r) => r.id === id) ? "You cannot decide your own request." : "Request not found." }));
    const outcome = allowed.length
      ? await db.$transaction((tx) =>
          decideRequests(tx, user, { ...parsed.data, requestIds: allowed }, { region: config.awsRegion, volumeEncryptionKey: config.volumeEncryptionKey }),
        )
      : { decided: [], skipped: [] };
    revalidatePath("/approvals");
    return { ok: true, decided: outcome.decided, skipped: [...refused, ...outcome.skipped] };
  } catch (error) {
    return unexpected(error);
  }
}
