// Writes of the notification settings (one's preferences, admin-notice routes), audited.
import type { Prisma } from "@/lib/db/generated/client";
import { notFound, type ActionFailure } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/mutations";
import type { z } from "zod";
import type { Role } from "@/lib/db/generated/enums";
import { kindsFor, type NotificationKind } from "./kinds";
import type { noticeRouteSchema } from "./schema";

type Tx = Prisma.TransactionClient;
type Actor = { id: string; email: string };

/** Sets the kinds the person could choose (their role's); the others keep what was stored. */
export async function saveNotificationPreferences(tx: Tx, actor: Actor & { role: Role }, unticked: NotificationKind[]): Promise<{ ok: true }> {
  const shown = kindsFor(actor.role);
  const stored = (await tx.notificationPreference.findUnique({ where: { userId: actor.id } }))?.muted ?? [];
  const muted = [...stored.filter((k) => !(shown as string[]).includes(k)), ...unticked.filter((k) => shown.includes(k))];
  await tx.notificationPreference.upsert({ where: { userId: actor.id }, create: { userId: actor.id, muted }, update: { muted } });
  await recordAudit(tx, { actor, action: "notification.preferences", targetType: "user", targetId: actor.id, outcome: "SUCCESS", details: { muted } });
  return { ok: true };
}

/** Where a route posts, without the webhook's secret path. */
export function routeTargetLabel(route: { channel: string; target: string }): string {
  if (route.channel === "EMAIL") return route.target;
  const url = new URL(route.target);
  return `${url.protocol}//${url.host}/…`;
}

export async function addNoticeRoute(tx: Tx, actor: Actor, input: z.output<typeof noticeRouteSchema>): Promise<{ ok: true; routeId: string }> {
  const route = await tx.noticeRoute.create({ data: { name: input.name, channel: input.channel, target: input.target, createdById: actor.id } });
  await recordAudit(tx, {
    actor,
    action: "notification.route.add",
    targetType: "notice_route",
    targetId: route.id,
    outcome: "SUCCESS",
    message: `Admin notices also go to ${input.name} (${routeTargetLabel(route)})`,
  });
  return { ok: true, routeId: route.id };
}

export async function removeNoticeRoute(tx: Tx, actor: Actor, routeId: string): Promise<{ ok: true } | ActionFailure> {
  const route = await tx.noticeRoute.findUnique({ where: { id: routeId } });
  if (!route) return notFound("The route");
  await tx.noticeRoute.delete({ where: { id: routeId } });
  await recordAudit(tx, { actor, action: "notification.route.remove", targetType: "notice_route", targetId: routeId, outcome: "SUCCESS", message: `Admin notices no longer go to ${route.name}` });
  return { ok: true };
}
