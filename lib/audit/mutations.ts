import type { Prisma } from "@/lib/db/generated/client";

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

export async function recordAuditMany(tx: Prisma.TransactionClient, events: AuditInput[]) {
  if (events.length === 0) return;
  await tx.auditEvent.createMany({
    data: events.map((event) => ({
      actorId: event.actor?.id ?? null,
      actorEmail: event.actor?.email ?? null,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      outcome: event.outcome,
      message: event.message ?? null,
      details: event.details ?? undefined,
      awsRequestId: event.awsRequestId ?? null,
      ipAddress: event.ipAddress ?? null,
    })),
  });
}
