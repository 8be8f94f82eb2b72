// Recording what became of a notification's send. Guarded by the worker's claim on its operation
// (closeOperation): a worker whose lease was taken over writes nothing.

import type { PrismaClient } from "@/lib/db/generated/client";
import { closeOperation, type OperationClaim } from "@/lib/operations/outcomes";

/** Sent (or, without SMTP, delivered to the local mailbox: in this same transaction, so exactly once). */
export async function recordNotificationSent(
  db: PrismaClient,
  claim: OperationClaim,
  input: { notificationId: string; detail: string; now: Date; mailbox?: { from: string } },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const closed = await closeOperation(tx, claim, { result: { delivered: input.detail }, now: input.now });
    if (!closed) return false;
    const n = await tx.notification.update({ where: { id: input.notificationId }, data: { sentAt: input.now } });
    if (input.mailbox) {
      await tx.mailboxMessage.createMany({
        data: [{ notificationId: n.id, messageId: n.messageId, from: input.mailbox.from, to: n.recipient, subject: n.subject, text: n.text, html: n.html, receivedAt: input.now }],
        skipDuplicates: true,
      });
    }
    return true;
  });
}

/** Given up (attempts ran out, or nothing to send): FAILED with the last reason, shown to admins. */
export async function recordNotificationFailed(db: PrismaClient, claim: OperationClaim, failure: { code: string; message: string }, now: Date): Promise<boolean> {
  return db.$transaction((tx) => closeOperation(tx, claim, { failure, now }));
}
