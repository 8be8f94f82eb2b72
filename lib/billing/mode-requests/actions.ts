"use server";
import { db } from "@/lib/db/client";
import { defineAction } from "@/lib/auth/define-action";
import { loadDesktopForPolicy } from "@/lib/desktops/queries";
import { revalidateDesktop } from "../revalidate";
import { createBillingRequest, decideBillingRequest as decideBillingRequestRow, withdrawBillingRequest as withdrawBillingRequestRow } from "./mutations";
import { loadBillingRequestForPolicy } from "./queries";
import { decideBillingRequestSchema, requestBillingModeSchema, withdrawBillingRequestSchema } from "./schema";

/** Owner: ask for a billing-mode change; an approver decides. */
export const requestBillingMode = defineAction(
  requestBillingModeSchema,
  { resource: { id: (input) => input.desktopId, load: loadDesktopForPolicy, noun: "The desktop", see: "desktop.read", action: "desktop.billing.request" } },
  async (input, { user, resource: desktop }) => {
    const outcome = await db.$transaction((tx) => createBillingRequest(tx, user, input));
    if (!outcome.ok) return outcome;
    revalidateDesktop(desktop.id);
    return { ok: true as const, requestId: outcome.requestId };
  },
);

/** Requester: withdraw an undecided request. */
export const withdrawBillingRequest = defineAction(
  withdrawBillingRequestSchema,
  {
    resource: {
      id: (input) => input.requestId,
      load: loadBillingRequestForPolicy,
      noun: "The request",
      see: "billing.request.read",
      action: "billing.request.withdraw",
      conflict: (request, user) => (request.requesterId === user.id ? "The request was decided meanwhile and can no longer be withdrawn." : null),
    },
  },
  async (_input, { user, resource: request }) => {
    const withdrawn = await db.$transaction((tx) => withdrawBillingRequestRow(tx, user, request.id));
    if (!withdrawn.ok) return withdrawn;
    revalidateDesktop(request.desktopId);
    return { ok: true as const };
  },
);

/** Approver or admin: approve or reject someone else's billing-mode request. */
export const decideBillingRequest = defineAction(
  decideBillingRequestSchema,
  { resource: { id: (input) => input.requestId, load: loadBillingRequestForPolicy, noun: "The request", see: "billing.request.read", action: "billing.request.decide" } },
  async (input, { user, resource: request }) => {
    const outcome = await db.$transaction((tx) => decideBillingRequestRow(tx, user, input));
    if (!outcome.ok) return outcome;
    revalidateDesktop(request.desktopId);
    return { ok: true as const, status: outcome.status, effectiveAt: outcome.change?.ok ? outcome.change.effectiveAt.toISOString() : null };
  },
);
