// Notifications through the outbox to a real SMTP server (smtp-server, STARTTLS and AUTH), to the
// local mailbox, and to chat webhooks (a local HTTP receiver); a worker killed mid-send.

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SmtpConfig } from "@/lib/config";
import { createAwsGateway } from "@/lib/aws/gateway";
import { memoryCallLog } from "@/lib/aws/call-log";
import { createDb, type DbHandle } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { runWorkerOnce, type WorkerOptions } from "@/lib/jobs/worker";
import { startSmtpTestServer, type SmtpTestServer } from "@/test-support/smtp-test-server";
import { createTestDb, type TestDb } from "@/test-support/test-db";
import { silentLogger } from "@/test-support/worker-harness";
import { notifyAdmins, notifyUsers, queueNotifications } from "./mutations";
import { notificationQueue } from "./queries";
import { checkSmtpAtStart, lastSmtpCheck } from "./smtp-check";
import { parseConfig } from "@/lib/config";
import { startBackgroundWork } from "@/lib/jobs/background";
import { captureLogs } from "@/test-support/log-capture";
import { requestDecidedMessage } from "./templates";

const FROM = "WorkSpaces Portal <portal@example.com>";
const aws = createAwsGateway({ callLog: memoryCallLog(), clientOptions: { endpoint: "http://127.0.0.1:9" } });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

let smtp: SmtpTestServer;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
});
afterAll(() => smtp.close());

const smtpConfig = (): SmtpConfig => ({
  host: "localhost",
  port: smtp.port,
  security: "starttls",
  user: smtp.user,
  password: smtp.password,
  caFile: smtp.caFile,
  timeoutMs: 5_000,
});

async function freshDb(): Promise<TestDb> {
  const t = await createTestDb();
  cleanups.push(() => t.close());
  return t;
}

const worker = (db: PrismaClient, extra: Partial<WorkerOptions> = {}): WorkerOptions => ({
  db,
  aws,
  workerId: "notify-test",
  backoff: { baseMs: 5, capMs: 20 },
  unknownOutcomeDelayMs: 0,
  logger: silentLogger,
  mail: { from: FROM, smtp: smtpConfig() },
  ...extra,
});

const decided = requestDecidedMessage("http://portal.test", {
  requestId: "req-1",
  requesterName: "Alice Archer",
  userName: "alice",
  directoryName: "corp.example.com",
  bundleName: "Standard with Windows",
  runningMode: "AUTO_STOP",
  approved: false,
  reason: "Use the shared lab desktop.",
  deciderName: "Carol",
});

async function person(db: PrismaClient, email: string, role: "EMPLOYEE" | "ADMIN" = "EMPLOYEE") {
  return db.user.create({ data: { email, name: email.split("@")[0], role } });
}

describe("e-mail over SMTP", () => {
  it("sends a queued notification over STARTTLS with AUTH: recipient, subject, text, HTML and its stable Message-ID", async () => {
    const { db } = await freshDb();
    const alice = await person(db, "alice@example.com");
    const [id] = await db.$transaction((tx) => notifyUsers(tx, "request.decided", [{ userId: alice.id, message: decided }]));
    const before = smtp.received.length;

    await runWorkerOnce(worker(db));

    const mail = smtp.received.slice(before);
    expect(mail).toHaveLength(1);
    const n = await db.notification.findUniqueOrThrow({ where: { id }, include: { operation: true } });
    expect(mail[0]).toMatchObject({ from: "portal@example.com", to: ["alice@example.com"], user: smtp.user, secure: true, subject: "Your desktop request was rejected", messageId: n.messageId });
    expect(mail[0].text).toContain("Reason: Use the shared lab desktop.");
    expect(mail[0].raw).toMatch(/Content-Type: text\/html/i);
    expect(n.operation).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
    expect(n.sentAt).not.toBeNull();
  });

  it("a refusing SMTP server leaves the notification queued with the server's answer, shown on the admins' queue", async () => {
    const { db } = await freshDb();
    const alice = await person(db, "alice@example.com");
    await db.$transaction((tx) => notifyUsers(tx, "request.decided", [{ userId: alice.id, message: decided }]));
    smtp.refuseRecipients("550 5.7.1 Relaying denied for alice@example.com");
    cleanups.push(() => smtp.refuseRecipients(null));
    const before = smtp.received.length;

    await runWorkerOnce(worker(db));

    expect(smtp.received.length).toBe(before);
    const queue = await notificationQueue(db);
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ status: "QUEUED", recipient: "alice@example.com", subject: "Your desktop request was rejected", lastErrorCode: "SMTP 550" });
    expect(queue[0].lastError).toContain("Relaying denied for alice@example.com");

    // Fixed on the server's side: the next attempt delivers it.
    smtp.refuseRecipients(null);
    await db.operation.updateMany({ data: { nextAttemptAt: new Date() } });
    await runWorkerOnce(worker(db));
    expect(smtp.received.length).toBe(before + 1);
    expect(await notificationQueue(db)).toEqual([]);
  });

  it("wrong SMTP credentials keep it queued with the server's reason, then FAILED once attempts run out", async () => {
    const { db } = await freshDb();
    const alice = await person(db, "alice@example.com");
    await db.$transaction((tx) => notifyUsers(tx, "request.decided", [{ userId: alice.id, message: decided }]));
    const options = worker(db, { maxAttempts: 2, mail: { from: FROM, smtp: { ...smtpConfig(), password: "wrong" } } });
    await runWorkerOnce(options);
    expect((await notificationQueue(db))[0]).toMatchObject({ status: "QUEUED", lastErrorCode: "SMTP 535" });
    await db.operation.updateMany({ data: { nextAttemptAt: new Date() } });
    await runWorkerOnce(options);
    const [failed] = await notificationQueue(db);
    expect(failed).toMatchObject({ status: "FAILED", lastErrorCode: "SMTP 535", attempts: 2 });
    expect(failed.lastError).toMatch(/Gave up after 2 attempts: .*Invalid username or password/);
  });
});

describe("the SMTP settings are checked at start", () => {
  it("a wrong password: one log line with the server's reason (not the password), stored for the admins' page; right settings: OK", async () => {
    const { db } = await freshDb();
    const logs = captureLogs();
    cleanups.push(() => logs.restore());
    const wrong = { ...smtpConfig(), password: "not-the-password" };

    const failed = await checkSmtpAtStart({ db, smtp: wrong, instance: "worker-a" });
    expect(failed).toMatchObject({ ok: false, code: "SMTP 535" });
    const lines = logs.lines.filter((l) => l.includes("SMTP settings"));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 50, code: "SMTP 535", smtp: `localhost:${smtp.port} as ${smtp.user}` });
    expect(lines[0]).toContain("Invalid username or password");
    expect(logs.text()).not.toContain("not-the-password");
    expect(await lastSmtpCheck(db, wrong)).toMatchObject({ ok: false, code: "SMTP 535", instance: "worker-a" });
    expect((await lastSmtpCheck(db, wrong))!.message).toContain(`The SMTP server localhost:${smtp.port} refused AUTH PLAIN: 535 Invalid username or password`);

    // Corrected and restarted: the newest check of this server and account is what admins see.
    const before = smtp.received.length;
    expect(await checkSmtpAtStart({ db, smtp: smtpConfig(), instance: "worker-b" })).toMatchObject({ ok: true });
    expect(await lastSmtpCheck(db, smtpConfig())).toMatchObject({ ok: true, code: null, instance: "worker-b", message: `connected to localhost:${smtp.port} and signed in as ${smtp.user}` });
    expect(await db.smtpCheck.count()).toBe(1);
    // A check sends nothing.
    expect(smtp.received.length).toBe(before);
  });

  it("the worker checks them when it starts, and starts anyway when they do not work", async () => {
    const { db } = await freshDb();
    const config = parseConfig(
      {
        AUTH_SECRET: "x".repeat(40),
        PORTAL_SMTP_HOST: "localhost",
        PORTAL_SMTP_PORT: String(smtp.port),
        PORTAL_SMTP_USER: smtp.user,
        PORTAL_SMTP_PASSWORD: "wrong-at-start",
        PORTAL_SMTP_CA_FILE: smtp.caFile,
      },
      { cwd: os.tmpdir() },
    );
    const background = startBackgroundWork({ db, aws, config, scheduler: false });
    cleanups.push(() => background.stop());
    let check = null;
    for (let i = 0; i < 100 && !check; i++) {
      check = await lastSmtpCheck(db, config.mail.smtp!);
      if (!check) await new Promise((r) => setTimeout(r, 100));
    }
    expect(check).toMatchObject({ ok: false, code: "SMTP 535", instance: background.worker.workerId });
    // Still working: a notification queued now is tried (and kept, with the same reason).
    const alice = await person(db, "alice@example.com");
    await db.$transaction((tx) => notifyUsers(tx, "request.decided", [{ userId: alice.id, message: decided }]));
    for (let i = 0; i < 150 && !(await notificationQueue(db))[0]?.lastErrorCode; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await notificationQueue(db))[0]).toMatchObject({ status: "QUEUED", attempts: 1, lastErrorCode: "SMTP 535" });
  });
});

describe("a server that does not offer STARTTLS", () => {
  it("with STARTTLS required, the portal refuses it before AUTH: the password never crosses in clear, the notification stays queued with the reason", async () => {
    const plain = await startSmtpTestServer({ withoutStartTls: true });
    cleanups.push(() => plain.close());
    const { db } = await freshDb();
    const alice = await person(db, "alice@example.com");
    await db.$transaction((tx) => notifyUsers(tx, "request.decided", [{ userId: alice.id, message: decided }]));

    await runWorkerOnce(worker(db, { mail: { from: FROM, smtp: { ...smtpConfig(), port: plain.port, caFile: plain.caFile } } }));

    expect(plain.authAttempts).toEqual([]);
    expect(plain.received).toEqual([]);
    const [queued] = await notificationQueue(db);
    expect(queued).toMatchObject({ status: "QUEUED", recipient: "alice@example.com", lastErrorCode: "SMTP 500" });
    expect(queued.lastError).toContain("does not offer STARTTLS, which PORTAL_SMTP_SECURITY=starttls requires; nothing was sent, and the password was not sent in clear");
  });
});

describe("the local mailbox (no SMTP server configured)", () => {
  it("delivers each notification to the mailbox exactly once, even when a taken-over claim runs it again", async () => {
    const { db } = await freshDb();
    const alice = await person(db, "alice@example.com");
    await db.$transaction((tx) => notifyUsers(tx, "request.decided", [{ userId: alice.id, message: decided }]));
    const mailbox = worker(db, { mail: { from: FROM, smtp: null } });
    await runWorkerOnce(mailbox);
    // A second worker that took the operation over after a crash (outcome unknown) runs it again.
    await db.operation.updateMany({ data: { status: "QUEUED", outcomeUnknown: true, nextAttemptAt: new Date() } });
    await runWorkerOnce(mailbox);
    const messages = await db.mailboxMessage.findMany();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ from: FROM, to: "alice@example.com", subject: "Your desktop request was rejected" });
    expect(messages[0].text).toContain("Reason: Use the shared lab desktop.");
  });

  it("follows each person's preferences, and skips disabled accounts", async () => {
    const { db } = await freshDb();
    const alice = await person(db, "alice@example.com");
    const bob = await person(db, "bob@example.com");
    const erin = await person(db, "erin@example.com");
    await db.notificationPreference.create({ data: { userId: bob.id, muted: ["request.decided"] } });
    await db.user.update({ where: { id: erin.id }, data: { disabled: true } });
    await db.$transaction((tx) => notifyUsers(tx, "request.decided", [alice, bob, erin].map((u) => ({ userId: u.id, message: decided }))));
    expect((await db.notification.findMany()).map((n) => n.recipient)).toEqual(["alice@example.com"]);
  });

  it("nothing is queued when the event's transaction rolls back", async () => {
    const { db } = await freshDb();
    const alice = await person(db, "alice@example.com");
    await expect(
      db.$transaction(async (tx) => {
        await notifyUsers(tx, "request.decided", [{ userId: alice.id, message: decided }]);
        throw new Error("the event failed");
      }),
    ).rejects.toThrow("the event failed");
    expect(await db.notification.count()).toBe(0);
    expect(await db.operation.count()).toBe(0);
  });
});

describe("admin notice routes: chat webhooks and shared addresses", () => {
  async function receiver(status = 200) {
    const posts: { path: string; body: unknown }[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        posts.push({ path: req.url ?? "", body: JSON.parse(body) });
        res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "no_service");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts };
  }

  it("admin notices go to every admin, a shared address, and Slack and Teams webhooks in their formats", async () => {
    const { db } = await freshDb();
    await person(db, "dave@example.com", "ADMIN");
    await person(db, "alice@example.com");
    const hook = await receiver();
    await db.noticeRoute.createMany({
      data: [
        { name: "Slack ops", channel: "SLACK", target: `${hook.url}/slack` },
        { name: "Teams ops", channel: "TEAMS", target: `${hook.url}/teams` },
        { name: "IT operations", channel: "EMAIL", target: "it-ops@example.com" },
      ],
    });
    const message = { subject: "Desktop creation failed: alice", text: "AWS error code: ResourceLimitExceeded\n", html: "" };
    await db.$transaction((tx) => notifyAdmins(tx, "desktop.failed", message));
    await runWorkerOnce(worker(db, { mail: { from: FROM, smtp: null } }));

    expect((await db.mailboxMessage.findMany({ orderBy: { to: "asc" } })).map((m) => m.to)).toEqual(["dave@example.com", "it-ops@example.com"]);
    const byPath = Object.fromEntries(hook.posts.map((p) => [p.path, p.body]));
    expect(byPath["/slack"]).toEqual({ text: "*Desktop creation failed: alice*\nAWS error code: ResourceLimitExceeded" });
    expect(byPath["/teams"]).toMatchObject({
      type: "message",
      attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: { type: "AdaptiveCard", body: [{ text: "Desktop creation failed: alice" }, { text: "AWS error code: ResourceLimitExceeded" }] } }],
    });
    expect(await db.operation.count({ where: { status: "SUCCEEDED" } })).toBe(4);
  });

  it("a webhook that answers an error keeps the notice queued with its answer", async () => {
    const { db } = await freshDb();
    const hook = await receiver(404);
    const route = await db.noticeRoute.create({ data: { name: "Old channel", channel: "SLACK", target: `${hook.url}/gone` } });
    await db.$transaction((tx) => queueNotifications(tx, [{ kind: "desktop.failed", channel: "SLACK", recipient: route.target, routeId: route.id, message: { subject: "s", text: "t", html: "" } }]));
    await runWorkerOnce(worker(db));
    expect((await notificationQueue(db))[0]).toMatchObject({ status: "QUEUED", lastErrorCode: "HTTP 404", lastError: "The Slack webhook answered 404: no_service" });
  });
});

// ------------------------------------------------------------------------------------------------
// A worker process killed in the middle of an SMTP send.

function spawnWorker(env: NodeJS.ProcessEnv, args: string[] = []) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "lib/jobs/cli.ts", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });
  return { child, exited, output: () => output };
}

/** PostgreSQL with TEST_DATABASE_URL (a URL the child can use); else a PGlite folder the child opens. */
async function databaseForChild(): Promise<{ handle: DbHandle; env: Record<string, string>; reopen: () => DbHandle; pglite: boolean }> {
  if (process.env.TEST_DATABASE_URL) {
    const t = await freshDb();
    const name = (await t.db.$queryRaw<{ d: string }[]>`select current_database() as d`)[0].d;
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    return { handle: t, env: { DATABASE_URL: url.toString() }, reopen: () => t, pglite: false };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-notify-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const pgliteDir = path.join(dir, "pglite");
  const handle = createDb({ pgliteDir });
  await migrateDatabase(handle.db, { migrationsDir: path.resolve("prisma/migrations") });
  return { handle, env: { PORTAL_DATA_DIR: dir }, reopen: () => createDb({ pgliteDir }), pglite: true };
}

describe("a worker killed mid-send", () => {
  it("kill -9 while the SMTP server holds the DATA answer: after a restart the message is delivered exactly once, with its Message-ID", async () => {
    const database = await databaseForChild();
    const alice = await person(database.handle.db, "alice@example.com");
    const [id] = await database.handle.db.$transaction((tx) => notifyUsers(tx, "request.decided", [{ userId: alice.id, message: decided }]));
    const { messageId } = await database.handle.db.notification.findUniqueOrThrow({ where: { id } });
    if (database.pglite) await database.handle.close(); // the child owns the PGlite folder

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...database.env,
      PORTAL_EMULATOR: "off",
      AWS_ENDPOINT_URL: "http://127.0.0.1:9",
      AWS_REGION: "us-east-1",
      AUTH_SECRET: "x".repeat(40),
      WORKER_POLL_MS: "100",
      WORKER_LEASE_MS: "3000",
      WORKER_SWEEP_MS: "0",
      WORKER_SCHEDULER: "off",
      PORTAL_SMTP_HOST: "localhost",
      PORTAL_SMTP_PORT: String(smtp.port),
      PORTAL_SMTP_USER: smtp.user,
      PORTAL_SMTP_PASSWORD: smtp.password,
      PORTAL_SMTP_CA_FILE: smtp.caFile,
      PORTAL_MAIL_FROM: FROM,
    };
    if (!database.pglite) delete env.PORTAL_DATA_DIR;
    else delete env.DATABASE_URL;
    const before = smtp.received.length;

    const held = smtp.holdNextData();
    const first = spawnWorker(env);
    const gaveUp = setTimeout(() => console.error(`[kill test] no DATA yet; worker output: ${first.output()}`), 60_000);
    await Promise.race([held.arrived, first.exited.then(() => Promise.reject(new Error(`worker exited: ${first.output()}`)))]);
    clearTimeout(gaveUp);
    first.child.kill("SIGKILL"); // the whole message is on the server, which has not answered yet
    expect(await first.exited).toBe(null);
    await held.closed; // the server has seen the connection drop before it could answer
    held.release();
    expect(smtp.received.length).toBe(before); // never answered 250: not delivered

    const second = spawnWorker(env, ["--until-idle"]);
    const code = await Promise.race([second.exited, new Promise((r) => setTimeout(() => r("timeout"), 120_000))]);
    expect(code, second.output()).toBe(0);

    const delivered = smtp.received.slice(before);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ to: ["alice@example.com"], messageId, subject: "Your desktop request was rejected" });
    const check = database.pglite ? database.reopen() : database.handle;
    if (database.pglite) cleanups.push(() => check.close());
    const op = await check.db.operation.findFirstOrThrow({ where: { type: "SEND_NOTIFICATION" } });
    expect(op).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
  }, 240_000);
});
