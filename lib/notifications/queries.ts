// Server-only reads of notifications, for admins: what waits or failed, and the local mailbox.

import type { PrismaClient } from "@/lib/db/generated/client";
import { db as portalDb } from "@/lib/db/client";
import { routeTargetLabel } from "./settings";

export interface QueuedNotification {
  id: string;
  kind: string;
  channel: string;
  recipient: string;
  subject: string;
  /** QUEUED (waiting or retrying), SENDING (claimed by a worker) or FAILED (attempts ran out). */
  status: "QUEUED" | "SENDING" | "FAILED";
  attempts: number;
  nextAttemptAt: Date;
  lastErrorCode: string | null;
  lastError: string | null;
  createdAt: Date;
}

/** Notifications not sent: waiting, being sent, or failed, newest first. */
export async function notificationQueue(db: Pick<PrismaClient, "notification"> = portalDb, limit = 200): Promise<QueuedNotification[]> {
  const rows = await db.notification.findMany({
    where: { operation: { status: { in: ["QUEUED", "RUNNING", "FAILED"] } } },
    include: { operation: { select: { status: true, attempts: true, nextAttemptAt: true, lastErrorCode: true, lastError: true } } },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  return rows.map((n) => ({
    id: n.id,
    kind: n.kind,
    channel: n.channel,
    // A webhook URL is a secret: admins see the channel's name, not where it posts.
    recipient: n.channel === "EMAIL" ? n.recipient : "chat webhook",
    subject: n.subject,
    status: n.operation.status === "FAILED" ? "FAILED" : n.operation.status === "RUNNING" ? "SENDING" : "QUEUED",
    attempts: n.operation.attempts,
    nextAttemptAt: n.operation.nextAttemptAt,
    lastErrorCode: n.operation.lastErrorCode,
    lastError: n.operation.lastError,
    createdAt: n.createdAt,
  }));
}

export interface MailboxEntry {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  receivedAt: Date;
}

/** The local mailbox, newest first; `to` narrows it to one address. */
export async function mailbox(db: Pick<PrismaClient, "mailboxMessage"> = portalDb, filter: { to?: string } = {}, limit = 100): Promise<MailboxEntry[]> {
  return db.mailboxMessage.findMany({
    where: filter.to ? { to: { equals: filter.to, mode: "insensitive" } } : {},
    select: { id: true, from: true, to: true, subject: true, text: true, receivedAt: true },
    orderBy: { receivedAt: "desc" },
    take: limit,
  });
}

/** Where admin notices also go; webhook URLs are secrets and shown only by their host. */
export async function noticeRoutes(db: Pick<PrismaClient, "noticeRoute"> = portalDb) {
  const routes = await db.noticeRoute.findMany({ orderBy: { createdAt: "asc" } });
  return routes.map((r) => ({ id: r.id, name: r.name, channel: r.channel, target: routeTargetLabel(r) }));
}

/** The kinds this person turned off. */
export async function mutedKinds(userId: string, db: Pick<PrismaClient, "notificationPreference"> = portalDb): Promise<string[]> {
  return (await db.notificationPreference.findUnique({ where: { userId } }))?.muted ?? [];
}

/**
 * What became of the admins' notice about a create that failed, so that the request's page says
 * only what is so: every admin may have turned the kind off, or the mail may still wait, or the
 * server may have refused it.
 */
export type RequestFailureNotice =
  /** A bulk job's items tell nobody by mail: the job's page lists them with AWS's reason. */
  | { state: "bulk"; jobId: string }
  /** Nobody was to be told: no admin wants these notices and no route is set up. */
  | { state: "none" }
  /** At least one notice was delivered, by these channels. */
  | { state: "sent"; email: boolean; chat: boolean }
  /** None delivered yet, some still to be tried; `retrying` once an attempt was refused. */
  | { state: "queued"; retrying: boolean; lastError: string | null }
  /** Every notice was given up (or cancelled), with the last reason. */
  | { state: "failed"; lastError: string | null };

export async function requestFailureNotice(requestId: string, db: Pick<PrismaClient, "notification" | "bulkJobItem"> = portalDb): Promise<RequestFailureNotice> {
  const bulkItem = await db.bulkJobItem.findUnique({ where: { requestId }, select: { jobId: true } });
  if (bulkItem) return { state: "bulk", jobId: bulkItem.jobId };
  const notices = await db.notification.findMany({
    where: { requestId, kind: "desktop.failed" },
    select: { channel: true, operation: { select: { status: true, attempts: true, lastErrorCode: true, lastError: true } } },
  });
  if (notices.length === 0) return { state: "none" };
  const sent = notices.filter((n) => n.operation.status === "SUCCEEDED");
  if (sent.length > 0) return { state: "sent", email: sent.some((n) => n.channel === "EMAIL"), chat: sent.some((n) => n.channel !== "EMAIL") };
  const reason = (ns: typeof notices) => {
    const last = ns.find((n) => n.operation.lastError)?.operation;
    return last ? `${last.lastErrorCode ? `${last.lastErrorCode}: ` : ""}${last.lastError}` : null;
  };
  const pending = notices.filter((n) => n.operation.status === "QUEUED" || n.operation.status === "RUNNING");
  if (pending.length > 0) return { state: "queued", retrying: pending.some((n) => n.operation.attempts > 0 && n.operation.lastError !== null), lastError: reason(pending) };
  return { state: "failed", lastError: reason(notices) };
}
