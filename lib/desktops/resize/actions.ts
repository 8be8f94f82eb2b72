"use server";
import { db } from "@/lib/db/client";
import { defineAction } from "@/lib/auth/define-action";
import { loadDesktopForPolicy } from "@/lib/desktops/queries";
import { revalidatePath } from "next/cache";
import { changeDesktopSize as changeDesktopSizeRow, decideSizeRequest as decideSizeRequestRow, requestDesktopSize as requestDesktopSizeRow } from "./mutations";
import { loadResizeRequestForPolicy } from "./queries";
import { changeDesktopSizeSchema, decideSizeRequestSchema, requestDesktopSizeSchema } from "./schema";

function revalidate(desktopId: string) {
  revalidatePath(`/desktops/${desktopId}`);
  revalidatePath("/approvals");
}

/** Admin: change the compute type or grow a volume directly (queued for the worker). */
export const changeDesktopSize = defineAction(
  changeDesktopSizeSchema,
  { resource: { id: (input) => input.desktopId, load: loadDesktopForPolicy, noun: "The desktop", see: "desktop.read", action: "desktop.resize.change" } },
  async (input, { user, resource: desktop }) => {
    const outcome = await db.$transaction((tx) => changeDesktopSizeRow(tx, user, input));
    if (!outcome.ok) return outcome;
    revalidate(desktop.id);
    return { ok: true as const };
  },
);

/** Owner: ask for a change; what costs more goes to an approver, a smaller compute type to AWS at once. */
export const requestDesktopSize = defineAction(
  requestDesktopSizeSchema,
  { resource: { id: (input) => input.desktopId, load: loadDesktopForPolicy, noun: "The desktop", see: "desktop.read", action: "desktop.resize.request" } },
  async (input, { user, resource: desktop }) => {
    const outcome = await db.$transaction((tx) => requestDesktopSizeRow(tx, user, input));
    if (!outcome.ok) return outcome;
    revalidate(desktop.id);
    return { ok: true as const, status: outcome.status };
  },
);

/** Approver or admin: approve or reject someone else's change request. */
export const decideSizeRequest = defineAction(
  decideSizeRequestSchema,
  { resource: { id: (input) => input.requestId, load: loadResizeRequestForPolicy, noun: "The request", see: "resize.request.decide", action: "resize.request.decide" } },
  async (input, { user, resource: request }) => {
    const outcome = await db.$transaction((tx) => decideSizeRequestRow(tx, user, input));
    if (!outcome.ok) return outcome;
    revalidate(request.desktopId);
    return { ok: true as const, status: outcome.status };
  },
);
