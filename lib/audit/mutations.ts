import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/db/generated/client";
import { insertMany } from "@/lib/db/insert-many";

export type AuditInput = {
  actor: { id: string; email: string } | null;
  action: string; // domain verb, e.g. request.approve, desktop.terminate
  targetType?: string;
  targetId?: string;
  outcome: "SUCCESS" | "FAILURE" | "DENIED";
  message?: string;
  details?: Prisma.InputJsonValue;
  awsRequestId?: string | null;
  ipAddress?: string | null;
};

// Append-only trail: written in the same transaction as the change it describes.
// Nothing in the app updates or deletes audit rows.
export async function recordAudit(tx: Prisma.TransactionClient, event: AuditInput) {
  await recordAuditMany(tx, [event]);
}

// One statement with an array per column: createMany binds every value separately, which is
// slow for the thousands of rows of a bulk job on PGlite.
export async function recordAuditMany(tx: Prisma.TransactionClient, events: AuditInput[]) {
  if (events.length === 0) return;
  await insertMany(
    tx,
    "AuditEvent",
    {
      id: "text",
      actorId: "text",
      actorEmail: "text",
      action: "text",
      targetType: "text",
      targetId: "text",
      outcome: { enum: "AuditOutcome" },
      message: "text",
      details: "jsonb",
      awsRequestId: "text",
      ipAddress: "text",
    },
    events.map((event) => ({
      id: randomUUID(),
      actorId: event.actor?.id ?? null,
      actorEmail: event.actor?.email ?? null,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      outcome: event.outcome,
      message: event.message ?? null,
      details: event.details ?? null,
      awsRequestId: event.awsRequestId ?? null,
      ipAddress: event.ipAddress ?? null,
    })),
  );
}
