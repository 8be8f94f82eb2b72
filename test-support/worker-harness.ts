// Integration-test harness for the worker: the real emulator (in-process HTTP server, spoken to
// through the real SDK) and a fresh migrated test database, plus rows equivalent to an approval.
// Used by lib/jobs/*.test.ts only.

import { startEmulator, type EmulatorOptions, type RunningEmulator } from "@/lib/aws-emulator/server";
import { createProvisioningJob } from "@/lib/bulk/mutations";
import type { CheckedRow } from "@/lib/bulk/provisioning-check";
import { requireIntegrationProject } from "./project-guard";
import { createTestDb, type TestDb } from "./test-db";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { OperationType, RunningMode } from "@/lib/db/generated/enums";
import { memoryCallLog } from "@/lib/aws/call-log";
import { createAwsGateway, createDbAwsGateway, type AwsGateway } from "@/lib/aws/gateway";
import { DbRateLimiter } from "@/lib/aws/db-rate-limiter";
import { TokenBucketRateLimiter } from "@/lib/aws/rate-limiter";
import { enqueueOperation } from "@/lib/operations/enqueue";
import { runWorkerOnce, type WorkerOptions, type WorkerTickSummary } from "@/lib/jobs/worker";

export const DIRECTORY_ID = "d-9067000001";
export const BUNDLE_ID = "wsb-uj9exd002";
export const REGION = "us-east-1";

export const silentLogger = { info: () => {}, error: () => {} };

export interface Harness {
  emulator: RunningEmulator;
  db: PrismaClient;
  aws: AwsGateway;
  requesterId: string;
  approverId: string;
  /** Worker options tuned for tests: tiny backoff, no grace delays. */
  workerOptions(extra?: Partial<WorkerOptions>): WorkerOptions;
  approve(input: ApproveInput): Promise<{ requestId: string; desktopId: string; operationId: string }>;
  enqueueAction(desktopId: string, type: Exclude<OperationType, "CREATE">): Promise<string>;
  /** Runs the worker until no operation is QUEUED or RUNNING (or maxTicks). */
  drain(options?: Partial<WorkerOptions>, maxTicks?: number): Promise<WorkerTickSummary[]>;
  control(path: string, body?: unknown): Promise<unknown>;
  advanceClock(seconds: number): Promise<void>;
  configureEmulator(patch: Record<string, unknown>): Promise<void>;
  /** Every desktop the emulator knows in the demo directory, with its tags. */
  awsDesktops(): Promise<{ workspaceId: string; userName: string; state: string; tags: Record<string, string> }[]>;
  close(): Promise<void>;
}

export interface ApproveInput {
  userName: string;
  runningMode?: RunningMode;
  autoStopTimeoutHours?: number | null;
  volumeEncryptionKey?: string | null;
}

export interface HarnessOptions {
  /** Extra emulator options (throttling, faults, ...). */
  emulator?: Partial<EmulatorOptions>;
  /** Rate limit with the shared database buckets (the production limiter) instead of a generous
   *  in-process one. */
  sharedLimiter?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  requireIntegrationProject("the worker harness");
  const emulator = await startEmulator({ port: 0, timeScale: "test", seed: true, sessions: false, ...options.emulator });
  let testDb: TestDb | undefined;
  try {
    testDb = await createTestDb();
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const db = testDb.db;
  // Generous client-side limits, so that the emulator's throttling is what the tests exercise.
  const limiter = new TokenBucketRateLimiter({ rates: {}, defaultRate: { ratePerSecond: 1000, burst: 1000 } });
  const aws = createDbAwsGateway(db, {
    limiter: options.sharedLimiter ? new DbRateLimiter(db) : limiter,
    clientOptions: {
      endpoint: emulator.url,
      maxAttempts: 2,
      throttleBackoff: { baseMs: 20, capMs: 100 },
      requestTimeoutMs: 5_000,
    },
  });

  // The tests' own look at AWS: not logged in the AwsCall table the assertions count.
  const inspector = createAwsGateway({ callLog: memoryCallLog(), limiter, clientOptions: { endpoint: emulator.url, maxAttempts: 5 } });

  const { requesterId, approverId } = await seedPortal(db);

  const control = async (path: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`emulator control ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };

  const harness: Harness = {
    emulator,
    db,
    aws,
    requesterId,
    approverId,

    workerOptions: (extra = {}) => ({
      db,
      aws,
      workerId: "test-worker",
      backoff: { baseMs: 5, capMs: 40 },
      unknownOutcomeDelayMs: 0,
      maxAttempts: 8,
      logger: silentLogger,
      ...extra,
    }),

    approve: (input) => approveRequest(db, { requesterId, approverId }, input),

    async enqueueAction(desktopId, type) {
      const desktop = await db.desktop.findUniqueOrThrow({ where: { id: desktopId } });
      const op = await db.$transaction((tx) =>
        enqueueOperation(tx, {
          type,
          desktopId,
          requestId: desktop.requestId,
          region: REGION,
          directoryId: desktop.directoryId,
          payload: {},
          createdById: approverId,
        }),
      );
      return op.id;
    },

    async drain(options = {}, maxTicks = 200) {
      const summaries: WorkerTickSummary[] = [];
      for (let tick = 0; tick < maxTicks; tick++) {
        summaries.push(await runWorkerOnce(harness.workerOptions(options)));
        const open = await db.operation.findMany({
          where: { status: { in: ["QUEUED", "RUNNING"] } },
          select: { nextAttemptAt: true, lockedUntil: true, status: true },
        });
        if (open.length === 0) return summaries;
        const next = Math.min(
          ...open.map((o) => (o.status === "RUNNING" ? (o.lockedUntil?.getTime() ?? Date.now()) : o.nextAttemptAt.getTime())),
        );
        await new Promise((resolve) => setTimeout(resolve, Math.min(250, Math.max(5, next - Date.now()))));
      }
      throw new Error(`operations still open after ${maxTicks} worker passes`);
    },

    control,
    async advanceClock(seconds) {
      await control("/emulator/clock/advance", { seconds });
    },
    async configureEmulator(patch) {
      await control("/emulator/config", patch);
    },

    async awsDesktops() {
      const api = inspector.forRegion(REGION).workspaces;
      const out: { workspaceId: string; userName: string; state: string; tags: Record<string, string> }[] = [];
      let nextToken: string | undefined;
      do {
        const page = await api.describeWorkspacesPage({ directoryId: DIRECTORY_ID, nextToken });
        if (!page.ok) throw new Error(`describe failed: ${page.code}`);
        for (const w of page.workspaces) {
          const tags = await api.describeTags(w.workspaceId);
          if (!tags.ok) throw new Error(`describeTags failed: ${tags.code}`);
          out.push({ workspaceId: w.workspaceId, userName: w.userName ?? "", state: w.state, tags: tags.tags });
        }
        nextToken = page.nextToken;
      } while (nextToken);
      return out;
    },

    async close() {
      aws.destroy();
      inspector.destroy();
      await emulator.close();
      await testDb!.close();
    },
  };
  return harness;
}

/** The portal rows an approval needs: a requester, an approver, the demo directory and a bundle. */
export async function seedPortal(db: PrismaClient): Promise<{ requesterId: string; approverId: string }> {
  const requester = await db.user.create({
    data: { email: "alice@corp.example.com", name: "Alice", role: "EMPLOYEE", directoryId: DIRECTORY_ID, directoryUserName: "alice" },
  });
  const approver = await db.user.create({ data: { email: "admin@corp.example.com", name: "Admin", role: "ADMIN" } });
  await db.directory.create({
    data: { id: DIRECTORY_ID, name: "corp.example.com", type: "SIMPLE_AD", region: REGION, stage: "Active", registered: true },
  });
  await db.bundle.create({
    data: {
      id: BUNDLE_ID,
      name: "Value with Windows",
      owner: "AMAZON",
      computeType: "VALUE",
      platform: "WINDOWS",
      rootVolumeGiB: 80,
      userVolumeGiB: 10,
      region: REGION,
    },
  });
  return { requesterId: requester.id, approverId: approver.id };
}

/** What an approval writes: the APPROVED request, its desktop row and the CREATE operation. */
export async function approveRequest(
  db: PrismaClient,
  people: { requesterId: string; approverId: string },
  input: ApproveInput,
): Promise<{ requestId: string; desktopId: string; operationId: string }> {
  const runningMode = input.runningMode ?? "AUTO_STOP";
  const hours = runningMode === "AUTO_STOP" ? (input.autoStopTimeoutHours ?? 1) : null;
  const minutes = hours ? hours * 60 : null;
  const key = input.volumeEncryptionKey ?? null;
  return db.$transaction(async (tx) => {
    const request = await tx.desktopRequest.create({
      data: {
        requesterId: people.requesterId,
        directoryId: DIRECTORY_ID,
        userName: input.userName,
        bundleId: BUNDLE_ID,
        runningMode,
        autoStopTimeoutMinutes: minutes,
        justification: "integration test",
        status: "APPROVED",
        deciderId: people.approverId,
        decidedAt: new Date(),
        events: { create: [{ status: "APPROVED", message: "Approved.", actorId: people.approverId }] },
      },
    });
    const desktop = await tx.desktop.create({
      data: {
        requestId: request.id,
        ownerId: people.requesterId,
        directoryId: DIRECTORY_ID,
        userName: input.userName,
        bundleId: BUNDLE_ID,
        runningMode,
        autoStopTimeoutMinutes: minutes,
        rootVolumeEncrypted: Boolean(key),
        userVolumeEncrypted: Boolean(key),
        volumeEncryptionKey: key,
      },
    });
    const op = await enqueueOperation(tx, {
      type: "CREATE",
      desktopId: desktop.id,
      requestId: request.id,
      region: REGION,
      directoryId: DIRECTORY_ID,
      payload: {},
      createdById: people.approverId,
    });
    return { requestId: request.id, desktopId: desktop.id, operationId: op.id };
  });
}

/** Adds directory users to the emulator's demo directory (it seeds 200 + a few). */
export async function addDirectoryUsers(emulatorUrl: string, names: string[]): Promise<void> {
  for (let i = 0; i < names.length; i += 500) {
    const response = await fetch(`${emulatorUrl}/emulator/directories/${DIRECTORY_ID}/users`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ Users: names.slice(i, i + 500).map((UserName) => ({ UserName })) }),
    });
    if (response.status !== 201) throw new Error(`adding users: ${response.status} ${await response.text()}`);
  }
}

export const bulkUserNames = (count: number, prefix = "bulk") =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(5, "0")}`);

/**
 * A bulk provisioning job as the bulk confirmation writes it (lib/bulk createProvisioningJob): per
 * row an approved request, its desktop and CREATE operation, and the job item.
 */
export async function queueBulkProvisioning(
  db: PrismaClient,
  people: { approverId: string },
  userNames: string[],
  options: { tags?: Record<string, string>; fileName?: string } = {},
): Promise<{ jobId: string; items: number }> {
  const approver = await db.user.findUniqueOrThrow({ where: { id: people.approverId }, select: { id: true, email: true } });
  const rows: CheckedRow[] = userNames.map((userName, i) => ({
    line: i + 2,
    userName,
    directoryId: DIRECTORY_ID,
    bundleId: BUNDLE_ID,
    runningMode: "AUTO_STOP",
    autoStopTimeoutMinutes: 60,
    tags: options.tags ?? {},
    raw: { user_name: userName, directory_id: DIRECTORY_ID, bundle_id: BUNDLE_ID, running_mode: "AUTO_STOP", autostop_timeout_hours: "1", tags: "" },
    problems: [],
    requester: null,
    directoryName: "corp.example.com",
    bundleName: "Value with Windows",
  }));
  return db.$transaction(
    (tx) => createProvisioningJob(tx, approver, { fileName: options.fileName ?? "fleet.csv", rows }, { region: REGION }),
    { timeout: 60_000 },
  );
}

/** How far a bulk job's items got, from the rows doing the work (as lib/bulk derives it). */
export async function bulkJobProgress(db: PrismaClient, jobId: string) {
  const items = await db.bulkJobItem.findMany({
    where: { jobId },
    select: {
      id: true,
      userName: true,
      desktopId: true,
      operationId: true,
      request: { select: { status: true, failureCode: true, failureMessage: true } },
    },
  });
  const desktops = await db.desktop.findMany({
    where: { id: { in: items.map((i) => i.desktopId!).filter(Boolean) } },
    select: { id: true, workspaceId: true, state: true },
  });
  const byId = new Map(desktops.map((d) => [d.id, d]));
  const available = items.filter((i) => i.request?.status === "READY" && byId.get(i.desktopId!)?.state === "AVAILABLE");
  const failed = items.filter((i) => i.request?.status === "FAILED");
  return {
    total: items.length,
    available: available.length,
    failed: failed.length,
    failedWithoutReason: failed.filter((i) => !i.request?.failureCode || !i.request?.failureMessage).length,
    open: items.length - available.length - failed.length,
    failures: failed.map((i) => `${i.userName}: ${i.request?.failureCode}: ${i.request?.failureMessage}`),
    workspaceIds: desktops.map((d) => d.workspaceId).filter((w): w is string => Boolean(w)),
  };
}

/** Every desktop the emulator holds, per user (from its state endpoint: no AWS calls counted). */
export async function emulatorDesktopsByUser(emulatorUrl: string): Promise<Map<string, { WorkspaceId: string; State: string }[]>> {
  const state = (await (await fetch(`${emulatorUrl}/emulator/state`)).json()) as {
    workspaces?: { WorkspaceId: string; UserName: string; DirectoryId: string; State: string }[];
  };
  const byUser = new Map<string, { WorkspaceId: string; State: string }[]>();
  for (const w of state.workspaces ?? []) {
    if (w.DirectoryId !== DIRECTORY_ID) continue;
    const key = w.UserName.toLowerCase();
    byUser.set(key, [...(byUser.get(key) ?? []), { WorkspaceId: w.WorkspaceId, State: w.State }]);
  }
  return byUser;
}
