// A failed request's page says what became of the admins' notice, from the notices' own rows:
// delivered, queued, retried, given up, or never queued because every admin turned it off.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAwsGateway } from "@/lib/aws/gateway";
import { memoryCallLog } from "@/lib/aws/call-log";
import type { PrismaClient } from "@/lib/db/generated/client";
import { runWorkerOnce, type WorkerOptions } from "@/lib/jobs/worker";
import { createDesktopRequest } from "@/lib/requests/mutations";
import { failRequestCreate } from "@/lib/requests/request-status";
import { BILLING_DIRECTORY, billingPeople as people, openBillingTestDb } from "@/test-support/billing-fixture";
import { startSmtpTestServer, type SmtpTestServer } from "@/test-support/smtp-test-server";
import { silentLogger } from "@/test-support/worker-harness";
import { failureNoticeWords } from "./failure-notice-words";
import { requestFailureNotice } from "./queries";

const FROM = "WorkSpaces Portal <portal@example.com>";
const aws = createAwsGateway({ callLog: memoryCallLog(), clientOptions: { endpoint: "http://127.0.0.1:9" } });
const employee = { isAdmin: false, asksServiceDesk: true };
const admin = { isAdmin: true, asksServiceDesk: false };

let smtp: SmtpTestServer;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
});
afterAll(() => smtp.close());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function freshDb() {
  const fx = await openBillingTestDb();
  cleanups.push(() => fx.close());
  return fx.db;
}

function worker(db: PrismaClient, smtpOn: boolean, extra: Partial<WorkerOptions> = {}): WorkerOptions {
  return {
    db,
    aws,
    workerId: "notice-test",
    backoff: { baseMs: 5, capMs: 20 },
    unknownOutcomeDelayMs: 0,
    logger: silentLogger,
    mail: {
      from: FROM,
      smtp: smtpOn ? { host: "localhost", port: smtp.port, security: "starttls", user: smtp.user, password: smtp.password, caFile: smtp.caFile, timeoutMs: 5_000 } : null,
    },
    ...extra,
  };
}

/** Alice's request, approved, then refused by AWS: the event that queues the admins' notice. */
async function failedRequest(db: PrismaClient) {
  const request = await db.$transaction((tx) =>
    createDesktopRequest(tx, people.alice, {
      directoryId: BILLING_DIRECTORY,
      userName: "alice",
      bundleId: "wsb-v7ko4r7f1",
      runningMode: "AUTO_STOP",
      autoStopTimeoutMinutes: 60,
      justification: "Month-end close needs a desktop.",
    }),
  );
  await db.desktopRequest.update({ where: { id: request.id }, data: { status: "APPROVED" } });
  await db.$transaction((tx) => failRequestCreate(tx, request.id, { code: "ResourceNotFound.User", message: "The user alice was not found in the directory.", now: new Date() }));
  return request.id;
}

describe("what a failed request's page says about the admins' notice", () => {
  it("delivered (the local mailbox): the administrators have been sent AWS's reason by e-mail", async () => {
    const db = await freshDb();
    const id = await failedRequest(db);
    await runWorkerOnce(worker(db, false));
    expect(await db.mailboxMessage.count({ where: { to: "dave@example.com", subject: { startsWith: "Desktop creation failed" } } })).toBe(1);
    const notice = await requestFailureNotice(id, db);
    expect(notice).toEqual({ state: "sent", email: true, chat: false });
    expect(failureNoticeWords(notice, employee)).toBe(
      "The portal's administrators have been sent AWS's reason by e-mail. Ask your IT service desk if you still need a desktop.",
    );
  });

  it("not sent yet: queued, with no claim that it was sent", async () => {
    const db = await freshDb();
    const id = await failedRequest(db);
    const notice = await requestFailureNotice(id, db);
    expect(notice).toEqual({ state: "queued", retrying: false, lastError: null });
    expect(failureNoticeWords(notice, employee)).toBe("AWS's reason is queued to be sent to the portal's administrators. Ask your IT service desk if you still need a desktop.");
  });

  it("refused by the SMTP server: still being tried, with the server's answer for admins only", async () => {
    const db = await freshDb();
    const id = await failedRequest(db);
    smtp.refuseRecipients("550 5.7.1 Relaying denied for dave@example.com");
    cleanups.push(() => smtp.refuseRecipients(null));
    await runWorkerOnce(worker(db, true));

    const notice = await requestFailureNotice(id, db);
    expect(notice).toMatchObject({ state: "queued", retrying: true });
    expect(failureNoticeWords(notice, employee)).toBe(
      "AWS's reason has not reached the portal's administrators yet: the portal keeps trying to send it. Ask your IT service desk if you still need a desktop.",
    );
    expect(failureNoticeWords(notice, admin)).toMatch(/^AWS's reason has not reached the portal's administrators yet: the portal keeps trying to send it\. Last answer: SMTP 550: .*Relaying denied for dave@example\.com$/);
  });

  it("given up after its attempts: could not be sent, never 'sent'", async () => {
    const db = await freshDb();
    const id = await failedRequest(db);
    smtp.refuseRecipients("550 5.7.1 Relaying denied for dave@example.com");
    cleanups.push(() => smtp.refuseRecipients(null));
    await runWorkerOnce(worker(db, true, { maxAttempts: 1 }));

    const notice = await requestFailureNotice(id, db);
    expect(notice).toMatchObject({ state: "failed" });
    expect(failureNoticeWords(notice, employee)).toBe("The portal could not send AWS's reason to its administrators. Ask your IT service desk if you still need a desktop.");
    expect(failureNoticeWords(notice, admin)).toContain("Relaying denied for dave@example.com");
  });

  it("every admin turned these notices off: nothing is queued and the page says nobody was told", async () => {
    const db = await freshDb();
    await db.notificationPreference.create({ data: { userId: people.dave.id, muted: ["desktop.failed"] } });
    const id = await failedRequest(db);
    expect(await db.notification.count({ where: { kind: "desktop.failed" } })).toBe(0);

    const notice = await requestFailureNotice(id, db);
    expect(notice).toEqual({ state: "none" });
    expect(failureNoticeWords(notice, employee)).toBe("No administrator was notified automatically. Tell your IT service desk if you still need a desktop.");
  });

  it("a chat channel only (the admin muted e-mail): sent in chat, not by e-mail", async () => {
    const db = await freshDb();
    await db.notificationPreference.create({ data: { userId: people.dave.id, muted: ["desktop.failed"] } });
    const route = await db.noticeRoute.create({ data: { name: "Ops chat", channel: "SLACK", target: "http://127.0.0.1:9/hook" } });
    const id = await failedRequest(db);
    // Delivered, as the worker records it (the webhook itself is tested in sending.test.ts).
    const n = await db.notification.findFirstOrThrow({ where: { requestId: id, routeId: route.id } });
    await db.operation.update({ where: { id: n.operationId }, data: { status: "SUCCEEDED" } });

    const notice = await requestFailureNotice(id, db);
    expect(notice).toEqual({ state: "sent", email: false, chat: true });
    expect(failureNoticeWords(notice, employee)).toContain("The portal's administrators have been sent AWS's reason in chat.");
  });
});
