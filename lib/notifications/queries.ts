// Server-only reads of notifications, for admins: what waits or failed, and the local mailbox.

import type { PrismaClient } from "@/lib/db/generated/client";

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
export async function notificationQueue(db: Pick<PrismaClient, "notification">, limit = 200): Promise<QueuedNotification[]> {
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
