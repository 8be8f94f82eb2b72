"use server";
// Notification settings: one's own preferences (/account), and where admin notices also go
// (/admin/notifications).
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/define-action";
import { db } from "@/lib/db/client";
import { noticeRouteIdSchema, noticeRouteSchema, preferencesSchema } from "./schema";
import { addNoticeRoute as addRoute, removeNoticeRoute as removeRoute, saveNotificationPreferences as savePreferences } from "./settings";

/** Anyone: which notifications they receive. */
export const saveNotificationPreferences = defineAction(preferencesSchema, { allow: "notification.preferences" }, async (input, { user }) => {
  const done = await db.$transaction((tx) => savePreferences(tx, user, input.muted));
  revalidatePath("/account");
  return done;
});

/** Admin: admin notices also go to a shared address or a Slack or Teams channel. */
export const addNoticeRoute = defineAction(noticeRouteSchema, { allow: "notification.manage" }, async (input, { user }) => {
  const done = await db.$transaction((tx) => addRoute(tx, user, input));
  revalidatePath("/admin/notifications");
  return done;
});

/** Admin: stop sending admin notices to a route. */
export const removeNoticeRoute = defineAction(noticeRouteIdSchema, { allow: "notification.manage" }, async (input, { user }) => {
  const done = await db.$transaction((tx) => removeRoute(tx, user, input.routeId));
  if (done.ok) revalidatePath("/admin/notifications");
  return done;
});
