// Queueing notifications: called inside the transaction of the event that causes them. Each
// notification is rendered here and written with its SEND_NOTIFICATION operation (the outbox), so
// the event and its notices commit or roll back together; the worker sends them
// (lib/jobs/handlers/send-notification.ts).

import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/db/generated/client";
import type { NotificationChannel, Role } from "@/lib/db/generated/enums";
import { getConfig } from "@/lib/config";
import { insertMany } from "@/lib/db/insert-many";
import { enqueueOperations } from "@/lib/operations/enqueue";
import { isAdminNotice, type NotificationKind } from "./kinds";
import type { RenderedMessage } from "./templates";

type Tx = Prisma.TransactionClient;

/** Operations must name a region; a notification has none. */
export const NOTIFICATION_REGION = "-";

export interface NotificationToQueue {
  kind: NotificationKind;
  channel: NotificationChannel;
  recipient: string;
  userId?: string | null;
  routeId?: string | null;
  /** The request it is about, whose page says what became of the notice. */
  requestId?: string | null;
  message: RenderedMessage;
}

/** The portal's links in messages; the e-mail Message-ID's domain. */
export function portalUrl(): string {
  return getConfig().portalUrl;
}

function messageIdFor(id: string): string {
  const host = new URL(portalUrl()).hostname || "portal.local";
  return `<notification-${id}@${host}>`;
}

/** Writes the notifications and their operations; two statements each, whatever the count. */
export async function queueNotifications(tx: Tx, items: NotificationToQueue[], now = new Date()): Promise<string[]> {
  if (items.length === 0) return [];
  const rows = items.map((item) => ({ ...item, id: randomUUID(), operationId: randomUUID() }));
  await enqueueOperations(
    tx,
    // Due at once on the database's clock, whatever time the event carries (a scheduled change's own time).
    rows.map((r) => ({ id: r.operationId, type: "SEND_NOTIFICATION" as const, region: NOTIFICATION_REGION, payload: { notificationId: r.id } })),
  );
  await insertMany(
    tx,
    "Notification",
    {
      id: "text",
      kind: "text",
      channel: { enum: "NotificationChannel" },
      recipient: "text",
      userId: "text",
      routeId: "text",
      requestId: "text",
      subject: "text",
      text: "text",
      html: "text",
      messageId: "text",
      operationId: "text",
      createdAt: "timestamptz",
    },
    rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      channel: r.channel,
      recipient: r.recipient,
      userId: r.userId ?? null,
      routeId: r.routeId ?? null,
      requestId: r.requestId ?? null,
      subject: r.message.subject,
      text: r.message.text,
      // Chat messages are plain text (each format is built from it when sent).
      html: r.channel === "EMAIL" ? r.message.html : null,
      messageId: messageIdFor(r.id),
      operationId: r.operationId,
      createdAt: now,
    })),
  );
  return rows.map((r) => r.id);
}

/** E-mail to these people, each with their own message, unless they turned this kind off or are disabled. */
export async function notifyUsers(tx: Tx, kind: NotificationKind, messages: { userId: string; message: RenderedMessage; requestId?: string }[], now = new Date()) {
  if (messages.length === 0) return [];
  const ids = [...new Set(messages.map((m) => m.userId))];
  const users = await tx.user.findMany({
    where: { id: { in: ids }, disabled: false },
    select: { id: true, email: true, notificationPreference: { select: { muted: true } } },
  });
  const wanted = new Map(users.filter((u) => !u.notificationPreference?.muted.includes(kind)).map((u) => [u.id, u.email]));
  return queueNotifications(
    tx,
    messages
      .filter((m) => wanted.has(m.userId))
      .map((m) => ({ kind, channel: "EMAIL" as const, recipient: wanted.get(m.userId)!, userId: m.userId, requestId: m.requestId, message: m.message })),
    now,
  );
}

/** E-mail to everyone with one of these roles (but `except`), as notifyUsers. */
export async function notifyRoles(
  tx: Tx,
  kind: NotificationKind,
  roles: Role[],
  message: RenderedMessage,
  options: { except?: string | null; now?: Date; requestId?: string } = {},
) {
  const people = await tx.user.findMany({ where: { role: { in: roles }, disabled: false, ...(options.except ? { id: { not: options.except } } : {}) }, select: { id: true } });
  const queued = await notifyUsers(tx, kind, people.map((p) => ({ userId: p.id, message, requestId: options.requestId })), options.now);
  if (isAdminNotice(kind)) queued.push(...(await notifyRoutes(tx, kind, message, options.now, options.requestId)));
  return queued;
}

/** An admin notice: every admin by e-mail, and every route admins set up (chat channels, shared addresses). */
export function notifyAdmins(tx: Tx, kind: NotificationKind, message: RenderedMessage, now = new Date(), about: { requestId?: string } = {}) {
  return notifyRoles(tx, kind, ["ADMIN"], message, { now, requestId: about.requestId });
}

async function notifyRoutes(tx: Tx, kind: NotificationKind, message: RenderedMessage, now = new Date(), requestId?: string) {
  const routes = await tx.noticeRoute.findMany({ select: { id: true, channel: true, target: true } });
  return queueNotifications(tx, routes.map((r) => ({ kind, channel: r.channel, recipient: r.target, routeId: r.id, requestId, message })), now);
}
