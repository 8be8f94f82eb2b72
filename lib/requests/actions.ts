"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { can } from "@/lib/auth/policy";
import { defineAction } from "@/lib/auth/define-action";
import { recordRefusals } from "@/lib/audit/refusals";
import { fail, forbidden, notFound, type ActionFailure } from "@/lib/action-result";
import { findDuplicates, loadExistingForUsers, lockDirectoryUsers, userKey } from "@/lib/desktops/one-desktop-per-user";
import { findRequestableBundle } from "@/lib/catalog/queries";
import { cancelRequestSchema, createRequestSchema, decideRequestsSchema } from "./schema";
import { cancelDesktopRequest, createDesktopRequest, decideRequests as decideRequestRows, type DecisionOutcome, type SkippedRequest } from "./mutations";
import { loadRequestForPolicy, loadRequestsForPolicy } from "./queries";
import { countHeldDesktops, loadGuardrail } from "@/lib/guardrails/queries";
import { computeProblem, quotaProblem, resolveRequiredTags, tagFieldId } from "@/lib/guardrails/rules";

/** Where the desktop or request that a refused request would duplicate can be seen. */
export type ExistingLink = { href: string; label: string };

export const submitRequest = defineAction(createRequestSchema, { allow: "request.create" }, async (input, { user }) => {
  const bundle = await findRequestableBundle(input.bundleId, user.id);
  if (!bundle) return fail("INVALID_INPUT", "Please correct the highlighted fields.", { bundleId: "This desktop type is not offered. Choose one from the list." });
  const account = await db.user.findUnique({ where: { id: user.id }, select: { directoryId: true, directoryUserName: true } });
  if (!account?.directoryId || !account.directoryUserName) {
    return fail("CONFLICT", "Your account is not linked to a directory user yet. Ask an administrator to link it.");
  }
  const { directoryId, directoryUserName } = account;
  // The directory's guardrails: its largest desktop for this role and its required tags.
  const guardrail = await loadGuardrail(directoryId);
  const tooBig = computeProblem(guardrail, user.role, bundle.computeType);
  if (tooBig) return fail("INVALID_INPUT", "Please correct the highlighted fields.", { bundleId: `${tooBig} Choose a smaller desktop type.` });
  const resolved = resolveRequiredTags(guardrail.requiredTags, input.tags);
  if (Object.keys(resolved.problems).length > 0) {
    const fieldErrors = Object.fromEntries(guardrail.requiredTags.flatMap((t, i) => (resolved.problems[t.key] ? [[tagFieldId(i), resolved.problems[t.key]]] : [])));
    return fail("INVALID_INPUT", "Please correct the highlighted fields.", fieldErrors);
  }
  const outcome = await db.$transaction(async (tx): Promise<ActionFailure | (ActionFailure & { existing: ExistingLink }) | { id: string }> => {
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
    const overQuota = quotaProblem(guardrail, await countHeldDesktops(user.id, tx));
    if (overQuota) return fail("CONFLICT", `${overQuota} Ask an administrator if you need another.`);
    return createDesktopRequest(tx, user, { ...input, tags: resolved.tags, directoryId, userName: directoryUserName });
  });
  if ("ok" in outcome) return outcome;
  revalidatePath("/requests");
  return { ok: true as const, requestId: outcome.id };
});

export const cancelRequest = defineAction(
  cancelRequestSchema,
  {
    resource: {
      id: (input) => input.requestId,
      load: loadRequestForPolicy,
      noun: "The request",
      see: "request.read",
      action: "request.cancel",
      conflict: (request, user) => (request.requesterId === user.id ? "Only a request that is still awaiting approval can be cancelled." : null),
    },
  },
  async (_input, { user, resource: request }) => {
    const cancelled = await db.$transaction((tx) => cancelDesktopRequest(tx, user, request.id));
    if (!cancelled.ok) return cancelled;
    revalidatePath(`/requests/${request.id}`);
    return { ok: true as const };
  },
);

export const decideRequests = defineAction(decideRequestsSchema, { allow: "request.queue" }, async (input, { user }) => {
  const config = getConfig();
  // Policy per request, on rows loaded from the database (separation of duties: not one's own; an
  // employee decides only what waits for them as the requester's manager).
  const staff = can(user, "request.review");
  const loaded = await loadRequestsForPolicy(input.requestIds);
  const allowed = loaded.filter((r) => can(user, "request.decide", r)).map((r) => r.id);
  const refused = input.requestIds
    .filter((id) => !allowed.includes(id))
    .map((id): SkippedRequest => {
      const request = loaded.find((r) => r.id === id);
      if (request?.requesterId === user.id) return { id, code: "FORBIDDEN", message: "You cannot decide your own request." };
      // Someone who is not an approver cannot tell others' requests from missing ones (no probing).
      if (request && staff) return { id, code: "FORBIDDEN", message: "You cannot decide this request." };
      return { id, code: "NOT_FOUND", message: "Request not found." };
    });
  await recordRefusals(
    refused.map((skipped) => ({ actor: user, action: "request.decide", targetType: "request", targetId: skipped.id, code: skipped.code === "FORBIDDEN" ? "FORBIDDEN" : "NOT_FOUND", via: "action" })),
  );
  if (!staff && allowed.length === 0) return refused.some((r) => r.code === "FORBIDDEN") ? forbidden() : notFound("The request");
  const outcome: DecisionOutcome = allowed.length
    ? await db.$transaction((tx) =>
        decideRequestRows(tx, user, { ...input, requestIds: allowed }, { region: config.awsRegion, volumeEncryptionKey: config.volumeEncryptionKey }),
      )
    : { decided: [], skipped: [] };
  revalidatePath("/approvals");
  return { ok: true as const, decided: outcome.decided, skipped: [...refused, ...outcome.skipped] };
});
