// SEND_NOTIFICATION: one notification (lib/notifications), rendered when its event was written.
// E-mail goes to the SMTP server (PORTAL_SMTP_*) or, without one, to the portal's own mailbox;
// admin notices also go to chat webhooks.
//
// What a crash can do (the README's Notifications section says the same):
// - Never lose one. The claim is a lease on the operation; the SMTP conversation (timeouts well
//   under the lease) happens with no transaction open, and "sent" is written only after the
//   server's "250" to DATA (or a webhook's 2xx), guarded by the lease. A worker that dies before
//   that write leaves the lease to run out; another worker takes the operation over (marked
//   outcome unknown) and sends it again, with the same Message-ID.
// - No duplicate from a crash before the server accepted the message: a server takes a message
//   only when it answers 250, so a worker killed before that leaves no copy behind.
// - Not closed: a crash after the server accepted (its 250, or a 250 lost with the connection)
//   and before the write that records it (milliseconds) sends the message a second time. The
//   copy carries the same Message-ID, so mail systems that drop or fold duplicates by Message-ID
//   show one; a chat webhook posts twice. Marking "sent" before sending would close the window by
//   losing the message instead, which the portal must not do.
// - The local mailbox is written in the same transaction that closes the operation: exactly once.
// A refusal (SMTP 4xx/5xx, a webhook's error) keeps the notification queued, with the server's
// answer as its last error for admins to read, until attempts run out; then it is FAILED.

import { postToChat, sendEmail } from "@/lib/notifications/delivery";
import { recordNotificationFailed, recordNotificationSent } from "@/lib/notifications/outcomes";
import { parsePayload } from "@/lib/operations/payloads";
import type { OperationHandler } from "./handler";

export const sendNotificationHandler: OperationHandler = {
  batchKey: () => "notification",
  // One message per send; a few in flight at once.
  batchLimit: 1,
  async run(pass, [op]) {
    // Taken over from a worker that died mid-send (or whose answer was lost): send again (see above).
    if (op.outcomeUnknown) await pass.countAsSend(op);
    const { db, workerId, mail } = pass.w;
    const payload = parsePayload("SEND_NOTIFICATION", op.payload);
    const n = payload ? await db.notification.findUnique({ where: { id: payload.notificationId } }) : null;
    if (!n) {
      await pass.fail(op, { code: "InvalidPayload", message: "The operation names no notification." });
      return;
    }
    const claim = { operationId: op.id, workerId };
    let delivery;
    if (n.channel === "EMAIL" && !mail.smtp) {
      await recordNotificationSent(db, claim, { notificationId: n.id, detail: "local mailbox", now: pass.w.clock(), mailbox: { from: mail.from } });
      pass.counted(false);
      return;
    } else if (n.channel === "EMAIL") {
      delivery = await sendEmail(mail.smtp!, { from: mail.from, to: n.recipient, subject: n.subject, text: n.text, html: n.html, messageId: n.messageId });
    } else {
      delivery = await postToChat(n.channel, n.recipient, n, mail.smtp?.timeoutMs ?? 15_000);
    }
    if (delivery.ok) {
      await recordNotificationSent(db, claim, { notificationId: n.id, detail: delivery.detail, now: pass.w.clock() });
      pass.counted(false);
      return;
    }
    // Retried with backoff until maxAttempts, whatever the refusal: an admin may fix the server or
    // its settings meanwhile, and the reason stays visible on the notifications page.
    await pass.handleCallFailure(op, { ok: false, kind: "server", code: delivery.code, message: delivery.message });
  },
  async fail(pass, op, failure) {
    await recordNotificationFailed(pass.w.db, { operationId: op.id, workerId: pass.w.workerId }, failure, pass.w.clock());
    pass.counted(true);
  },
};
