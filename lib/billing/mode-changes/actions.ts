"use server";
import { db } from "@/lib/db/client";
import { defineAction } from "@/lib/auth/define-action";
import { loadDesktopForPolicy } from "@/lib/desktops/queries";
import { revalidateDesktop } from "../revalidate";
import { cancelBillingChange as cancelBillingChangeRow, changeBillingMode as changeBillingModeRow } from "./mutations";
import { loadBillingChangeForPolicy } from "./queries";
import { cancelBillingChangeSchema, changeBillingModeSchema } from "./schema";

// The policy judges a scheduled change by its desktop.
const loadChangeDesktop = async (id: string) => {
  const change = await loadBillingChangeForPolicy(id);
  return change ? { ...change, ownerId: change.desktop.ownerId } : null;
};

/** Admin: change a desktop's billing mode (at once, or from the 1st of next month). */
export const changeBillingMode = defineAction(
  changeBillingModeSchema,
  { resource: { id: (input) => input.desktopId, load: loadDesktopForPolicy, noun: "The desktop", see: "desktop.read", action: "desktop.billing.change" } },
  async (input, { user, resource: desktop }) => {
    const outcome = await db.$transaction((tx) => changeBillingModeRow(tx, user, input));
    if (!outcome.ok) return outcome;
    revalidateDesktop(desktop.id);
    return { ok: true as const, kind: outcome.kind, effectiveAt: outcome.effectiveAt.toISOString() };
  },
);

/** Admin: cancel a scheduled change before it takes effect. */
export const cancelBillingChange = defineAction(
  cancelBillingChangeSchema,
  {
    resource: {
      id: (input) => input.changeId,
      load: loadChangeDesktop,
      noun: "The scheduled change",
      targetType: "billingChange",
      see: "desktop.read",
      action: "desktop.billing.change",
    },
  },
  async (_input, { user, resource: change }) => {
    const cancelled = await db.$transaction((tx) => cancelBillingChangeRow(tx, user, change.id));
    if (!cancelled.ok) return cancelled;
    revalidateDesktop(change.desktopId);
    return { ok: true as const };
  },
);
