// The worker: claims operations from the outbox, sends them to AWS in batches, records the answers.
// - Creates: up to 25 per CreateWorkspaces call, grouped by (region, directory).
// - Terminate/reboot/start/stop: up to 25 per call, grouped by (type, region); rebuild, restore and
//   running-mode changes: one per call. Batches of a pass go out a few at a time; the shared rate
//   limiter (AwsRateBucket) paces them for every worker together.
// - Throttling and server errors: back to the queue with jittered exponential backoff, at most
//   maxAttempts sends, then FAILED with the last reason.
// - A lost answer (timeout, reset, 5xx on a mutation, or a lease taken over from a dead worker):
//   outcomeUnknown; before sending again the worker looks in AWS for what the call may have done
//   (a create: a desktop of that user in that directory tagged with the request id). A look is not
//   a send; each read of a look is tried again at once on a server error (readAttempts), and looks
//   that still fail have their own budget (maxChecks).
// No database transaction is open during an AWS call.

import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { OperationType } from "@/lib/db/generated/enums";
import { backoffDelayMs, type BackoffPolicy } from "@/lib/aws/backoff";
import type { AwsFailure } from "@/lib/aws/errors";
import type { AwsGateway } from "@/lib/aws/gateway";
import {
  DESKTOP_ID_TAG,
  OWNER_TAG,
  REQUEST_ID_TAG,
  WORKSPACES_BATCH_LIMIT,
  type CreateWorkspaceItem,
  type WorkspaceChangeResult,
  type WorkspaceInfo,
  type WorkspacesApi,
} from "@/lib/aws/workspaces";
import { clearOutcomeUnknown, recordOperationRetry } from "@/lib/operations/outcomes";
import type { DesktopActionType } from "@/lib/operations/enqueue";
import { recordCreatesAccepted, recordCreateFailed, type AcceptedCreate } from "@/lib/provisioning/create-outcomes";
import { recordDesktopActionResult } from "@/lib/desktops/action-results";
import { recordRunningModeResult } from "@/lib/billing/mutations";
import { parsePayload } from "@/lib/operations/payloads";
import { claimOperations, extendLeases, releaseClaims, type ClaimedOperation } from "@/lib/operations/claim";
import { reconcileOnce, sweepFleet } from "./reconcile";

export { DESKTOP_ID_TAG };

export interface WorkerLogger {
  info(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

const consoleLogger: WorkerLogger = {
  info: (message, details) => console.log(`[worker] ${message}`, details ?? ""),
  error: (message, details) => console.error(`[worker] ${message}`, details ?? ""),
};

export interface WorkerOptions {
  db: PrismaClient;
  aws: AwsGateway;
  workerId?: string;
  /** Lease on claimed operations; renewed while the worker works on them. */
  leaseMs?: number;
  /** Operations claimed per tick (a multiple of 25 fills batches). */
  claimLimit?: number;
  /** AWS calls of one pass in flight at once (the rate limiter spaces them). */
  sendConcurrency?: number;
  /** Desktops per CreateWorkspaces call, 1 to 25 (25; 1 only for the benchmark's naive run). */
  createBatchSize?: number;
  /** Sends per operation before it fails. */
  maxAttempts?: number;
  /** Failed looks in AWS after a lost answer before the operation fails as unconfirmed (10).
   *  Looking is a read and safe to repeat; it pages the directory, so it needs more tries than a send. */
  maxChecks?: number;
  /** Tries per read (DescribeWorkspaces, DescribeTags) within a look (4): a look may page the whole
   *  directory, and one failed page would otherwise fail all of it. */
  readAttempts?: number;
  backoff?: BackoffPolicy;
  /** After a lost create answer, wait at least this long before looking for the desktop: new ids
   *  may not show in DescribeWorkspaces at once. */
  unknownOutcomeDelayMs?: number;
  /** Used when the desktop row names no key (rows written before the key was configured). */
  volumeEncryptionKey?: string | null;
  clock?: () => Date;
  random?: () => number;
  logger?: WorkerLogger;
}

export interface WorkerTickSummary {
  claimed: number;
  /** Claimed but handed back to fill whole batches next pass. */
  returned: number;
  succeeded: number;
  failed: number;
  retried: number;
  adopted: number;
  awsCalls: number;
}

interface Resolved {
  db: PrismaClient;
  aws: AwsGateway;
  workerId: string;
  leaseMs: number;
  claimLimit: number;
  sendConcurrency: number;
  createBatchSize: number;
  maxAttempts: number;
  maxChecks: number;
  readAttempts: number;
  backoff: BackoffPolicy;
  unknownOutcomeDelayMs: number;
  volumeEncryptionKey: string | null;
  clock: () => Date;
  random: () => number;
  logger: WorkerLogger;
}

function resolve(options: WorkerOptions): Resolved {
  return {
    db: options.db,
    aws: options.aws,
    workerId: options.workerId ?? `worker-${randomUUID().slice(0, 8)}`,
    leaseMs: options.leaseMs ?? 60_000,
    claimLimit: options.claimLimit ?? 250,
    sendConcurrency: Math.max(1, options.sendConcurrency ?? 4),
    createBatchSize: Math.min(WORKSPACES_BATCH_LIMIT, Math.max(1, options.createBatchSize ?? WORKSPACES_BATCH_LIMIT)),
    maxAttempts: options.maxAttempts ?? 8,
    maxChecks: Math.max(1, options.maxChecks ?? 10),
    readAttempts: Math.max(1, options.readAttempts ?? 4),
    backoff: options.backoff ?? { baseMs: 2_000, capMs: 300_000 },
    unknownOutcomeDelayMs: options.unknownOutcomeDelayMs ?? 60_000,
    volumeEncryptionKey: options.volumeEncryptionKey ?? null,
    clock: options.clock ?? (() => new Date()),
    random: options.random ?? Math.random,
    logger: options.logger ?? consoleLogger,
  };
}

type DesktopRow = Awaited<ReturnType<typeof loadDesktops>>[number];

async function loadDesktops(db: PrismaClient, ids: string[]) {
  return db.desktop.findMany({
    where: { id: { in: ids } },
    include: { owner: { select: { email: true } } },
  });
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs fn over items with at most `limit` running at once. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(lanes);
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The state a desktop shows once AWS has accepted the action (used to confirm a lost answer). */
const CONFIRMING_STATES: Partial<Record<OperationType, string[]>> = {
  TERMINATE: ["TERMINATING", "TERMINATED"],
  REBOOT: ["REBOOTING"],
  START: ["STARTING", "AVAILABLE"],
  STOP: ["STOPPING", "STOPPED"],
  REBUILD: ["REBUILDING"],
  RESTORE: ["RESTORING"],
};

/** Whole-call errors that one bad item can cause: the batch is re-sent one item per call. Others
 *  (quota, access) would fail every item alike. */
const SPLIT_ON_CODES = new Set([
  "InvalidParameterValuesException",
  "InvalidParameterException",
  "ValidationException",
  "SerializationException",
]);

const BATCHED_ACTIONS = new Set<OperationType>(["TERMINATE", "REBOOT", "START", "STOP"]);
const SINGLE_ACTIONS = new Set<OperationType>(["REBUILD", "RESTORE"]);
/** Between tries of one read inside a look: short, the operation's own backoff follows if all fail. */
const READ_BACKOFF: BackoffPolicy = { baseMs: 100, capMs: 1_000 };

/** A bulk job's CSV tags, without keys AWS reserves (aws:) or the portal's own (portal:). */
function extraTags(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([key]) => !/^(aws|portal):/i.test(key)));
}

class Tick {
  readonly summary: WorkerTickSummary = { claimed: 0, returned: 0, succeeded: 0, failed: 0, retried: 0, adopted: 0, awsCalls: 0 };
  private readonly desktops = new Map<string, DesktopRow>();
  /** Operations claimed with outcomeUnknown (an earlier call's effect was not known). */
  private readonly wasUnsure = new Set<string>();

  constructor(private readonly w: Resolved) {}

  async run(): Promise<WorkerTickSummary> {
    const { db, workerId, leaseMs, claimLimit } = this.w;
    let ops = await claimOperations(db, { workerId, limit: claimLimit, leaseMs, now: this.w.clock() });
    this.summary.claimed = ops.length;
    if (ops.length === 0) return this.summary;
    if (ops.length >= claimLimit) ops = await this.returnPartialBatches(ops);
    for (const op of ops) if (op.outcomeUnknown) this.wasUnsure.add(op.id);

    const heartbeat = setInterval(() => {
      extendLeases(db, {
        workerId,
        operationIds: ops.map((o) => o.id),
        leaseUntil: new Date(this.w.clock().getTime() + leaseMs),
      }).catch((error) => this.w.logger.error("lease renewal failed", { error: String(error) }));
    }, Math.max(1_000, Math.floor(leaseMs / 3)));
    heartbeat.unref?.();

    try {
      const desktopIds = [...new Set(ops.map((o) => o.desktopId).filter((id): id is string => Boolean(id)))];
      for (const d of await loadDesktops(db, desktopIds)) this.desktops.set(d.id, d);

      const creates = ops.filter((o) => o.type === "CREATE");
      const batched = ops.filter((o) => BATCHED_ACTIONS.has(o.type));
      const single = ops.filter((o) => SINGLE_ACTIONS.has(o.type));
      const modes = ops.filter((o) => o.type === "MODIFY_RUNNING_MODE");

      for (const group of groupBy(creates, (o) => `${o.region}\u0000${o.directoryId ?? ""}`).values()) {
        await this.guarded(group, () => this.runCreates(group));
      }
      for (const group of groupBy(batched, (o) => `${o.type}\u0000${o.region}`).values()) {
        await this.guarded(group, () => this.runActions(group));
      }
      // One desktop per call: a few calls in flight, paced by the rate limiter.
      await eachLimited(single, this.w.sendConcurrency, (op) => this.guarded([op], () => this.runActions([op])));
      await eachLimited(modes, this.w.sendConcurrency, (op) => this.guarded([op], () => this.runModifyRunningMode(op)));
    } finally {
      clearInterval(heartbeat);
    }
    return this.summary;
  }

  /**
   * A full claim may cut a batchable group short of a multiple of 25 (e.g. two directories sharing
   * the claim). Its last partial batch goes back to the queue (uncounted, still due first), so that
   * the next pass sends it in a full batch with the operations queued behind it.
   */
  private async returnPartialBatches(ops: ClaimedOperation[]): Promise<ClaimedOperation[]> {
    const keyOf = (o: ClaimedOperation) =>
      o.type === "CREATE" ? `CREATE\u0000${o.region}\u0000${o.directoryId ?? ""}` : BATCHED_ACTIONS.has(o.type) ? `${o.type}\u0000${o.region}` : "";
    const back = new Set<string>();
    for (const [key, group] of groupBy(ops.filter((o) => !o.outcomeUnknown), keyOf)) {
      const extra = group.length % WORKSPACES_BATCH_LIMIT;
      if (key && group.length > WORKSPACES_BATCH_LIMIT && extra > 0) for (const o of group.slice(-extra)) back.add(o.id);
    }
    if (back.size === 0) return ops;
    this.summary.returned = await releaseClaims(this.w.db, { workerId: this.w.workerId, operationIds: [...back] });
    return ops.filter((o) => !back.has(o.id));
  }

  /**
   * A bug or a database error in one group must not strand the rest of the pass, nor leave the
   * group's claims RUNNING until the lease runs out: they go back to the queue, marked outcome
   * unknown (the failure may have come after the AWS call), with the error recorded.
   */
  private async guarded(ops: ClaimedOperation[], work: () => Promise<void>) {
    try {
      await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.w.logger.error("worker: unexpected error", { operationIds: ops.map((o) => o.id), error: message });
      const retryAt = this.batchRetryAt(ops);
      for (const op of ops) {
        await recordOperationRetry(this.w.db, {
          operationId: op.id,
          workerId: this.w.workerId,
          nextAttemptAt: retryAt,
          code: "WorkerError",
          message: message.slice(0, 500),
          outcomeUnknown: true,
        }).catch(() => {});
      }
    }
  }

  // ---------------------------------------------------------------- creates

  private async runCreates(ops: ClaimedOperation[]) {
    const api = this.w.aws.forRegion(ops[0].region).workspaces;
    const toSend: ClaimedOperation[] = [];
    const unsure: ClaimedOperation[] = [];
    const adopted: { op: ClaimedOperation; workspaceId: string; state: string }[] = [];
    for (const op of ops) {
      const desktop = op.desktopId ? this.desktops.get(op.desktopId) : undefined;
      if (!desktop) {
        await this.fail(op, { code: "DesktopNotFound", message: "The operation's desktop row no longer exists." });
      } else if (desktop.workspaceId) {
        // Recorded by an earlier holder whose lease ran out before it closed the operation, or
        // found by the fleet sweep by its tag.
        adopted.push({ op, workspaceId: desktop.workspaceId, state: desktop.state });
      } else if (op.outcomeUnknown) {
        unsure.push(op);
      } else {
        toSend.push(op);
      }
    }

    if (unsure.length > 0) {
      const found = await this.findCreatedDesktops(api, unsure);
      if (found !== "check-failed") {
        for (const op of unsure) {
          const hit = found.get(op.id);
          if (hit) {
            adopted.push({ op, ...hit });
          } else if (op.attempts >= this.w.maxAttempts) {
            await this.fail(op, {
              code: op.lastErrorCode ?? "GaveUp",
              message: `Gave up after ${op.attempts} attempts; no desktop was found in AWS. Last error: ${op.lastError ?? "none"}`,
            });
          } else {
            await this.countAsSend(op);
            toSend.push(op);
          }
        }
      }
    }
    await this.acceptAll(adopted.map((a) => ({ ...a, adopted: true })), undefined);
    await eachLimited(chunk(toSend, this.w.createBatchSize), this.w.sendConcurrency, (batch) => this.sendCreates(api, batch));
  }

  private createItem(op: ClaimedOperation): CreateWorkspaceItem {
    const desktop = this.desktops.get(op.desktopId!)!;
    // The bulk job's CSV tags first: the portal's own tags cannot be overridden by a row.
    const tags: Record<string, string> = { ...extraTags(parsePayload("CREATE", op.payload)?.tags), [DESKTOP_ID_TAG]: desktop.id };
    if (op.requestId) tags[REQUEST_ID_TAG] = op.requestId;
    const owner = desktop.owner?.email;
    if (owner) tags[OWNER_TAG] = owner;
    return {
      directoryId: desktop.directoryId,
      userName: desktop.userName,
      bundleId: desktop.bundleId,
      runningMode: desktop.runningMode,
      autoStopTimeoutMinutes: desktop.runningMode === "AUTO_STOP" ? (desktop.autoStopTimeoutMinutes ?? null) : null,
      volumeEncryptionKey: desktop.volumeEncryptionKey ?? this.w.volumeEncryptionKey,
      tags,
    };
  }

  private async sendCreates(api: WorkspacesApi, batch: ClaimedOperation[]): Promise<void> {
    const items = batch.map((op) => this.createItem(op));
    this.summary.awsCalls++;
    const result = await api.createWorkspaces(items, { operationIds: batch.map((o) => o.id) });
    if (!result.ok) {
      if (result.kind === "client" && batch.length > 1 && SPLIT_ON_CODES.has(result.code)) {
        // One bad item can make AWS refuse the whole call: send each alone to find it.
        for (const op of batch) await this.sendCreates(api, [op]);
        return;
      }
      // One delay for the whole batch: its operations come back together and are sent together
      // again (separate jitter would split a throttled batch into many calls).
      const retryAt = this.batchRetryAt(batch);
      for (const op of batch) await this.handleCallFailure(op, result, false, retryAt);
      return;
    }
    await this.acceptAll(
      result.pending.map((p) => ({ op: batch[p.index], workspaceId: p.workspaceId, state: p.state, adopted: false })),
      result.requestId,
    );
    const retryAt = this.batchRetryAt(batch);
    for (const f of result.failed) {
      const op = batch[f.index];
      if (this.wasUnsure.has(op.id)) {
        // An earlier call may have created it after all (e.g. "user already has a WorkSpace" while
        // new ids are not yet visible): look again later instead of failing the request.
        await this.handleCallFailure(op, { ok: false, kind: "unknown-outcome", code: f.code, message: f.message, requestId: result.requestId }, false, retryAt);
        continue;
      }
      await this.fail(op, { code: f.code, message: f.message }, result.requestId);
    }
    for (const index of result.unaccounted) {
      await this.handleCallFailure(
        batch[index],
        { ok: false, kind: "unknown-outcome", code: "NoAnswerForItem", message: "AWS's answer did not mention this desktop.", requestId: result.requestId },
        false,
        retryAt,
      );
    }
  }

  /**
   * Looks in AWS for desktops these operations may already have created (AWS has no client token
   * for creates): desktops of their users in the directory that carry the operation's desktop or
   * request tag. One listing of the directory (DescribeWorkspaces by DirectoryId, 25 per page) when
   * that takes fewer calls than one look per user; DescribeTags only for desktops of those users
   * that no portal row already holds (DescribeWorkspaces returns no tags).
   */
  private async findCreatedDesktops(
    api: WorkspacesApi,
    ops: ClaimedOperation[],
  ): Promise<Map<string, { workspaceId: string; state: string }> | "check-failed"> {
    const found = new Map<string, { workspaceId: string; state: string }>();
    const opIds = ops.map((o) => o.id);
    const checkFailed = async (failure: AwsFailure) => {
      const retryAt = this.batchRetryAt(ops);
      for (const op of ops) await this.handleCallFailure(op, failure, true, retryAt);
      return "check-failed" as const;
    };

    for (const group of groupBy(ops, (o) => this.desktops.get(o.desktopId!)!.directoryId).values()) {
      const directoryId = this.desktops.get(group[0].desktopId!)!.directoryId;
      const users = new Set(group.map((o) => this.desktops.get(o.desktopId!)!.userName.toLowerCase()));
      const known = await this.w.db.desktop.count({ where: { directoryId, terminatedAt: null, workspaceId: { not: null } } });
      const pages = Math.max(1, Math.ceil((known + group.length) / WORKSPACES_BATCH_LIMIT));
      const filters = users.size < pages ? [...users].map((userName) => ({ directoryId, userName })) : [{ directoryId }];

      const candidates: WorkspaceInfo[] = [];
      for (const filter of filters) {
        let nextToken: string | undefined;
        do {
          const page = await this.read(() => api.describeWorkspacesPage({ ...filter, nextToken }, { operationIds: opIds }));
          if (!page.ok) return checkFailed(page);
          for (const w of page.workspaces) {
            if (w.state === "TERMINATED" || w.state === "TERMINATING") continue;
            if (users.has((w.userName ?? "").toLowerCase())) candidates.push(w);
          }
          nextToken = page.nextToken;
        } while (nextToken);
      }
      if (candidates.length === 0) continue;

      // A desktop another row already holds is not the one we are looking for. (One of these very
      // rows may hold it by now: the fleet sweep links a desktop it finds by tag.)
      const own = new Set(group.map((o) => o.desktopId));
      const held = new Set(
        (
          await this.w.db.desktop.findMany({
            where: { workspaceId: { in: candidates.map((w) => w.workspaceId) } },
            select: { id: true, workspaceId: true },
          })
        )
          .filter((d) => !own.has(d.id))
          .map((d) => d.workspaceId),
      );
      const byTag = new Map<string, { workspaceId: string; state: string }>();
      let tagFailure: AwsFailure | undefined;
      await eachLimited(
        candidates.filter((w) => !held.has(w.workspaceId)),
        this.w.sendConcurrency,
        async (w) => {
          if (tagFailure) return;
          const tags = await this.read(() => api.describeTags(w.workspaceId, { operationIds: opIds }));
          if (!tags.ok) {
            tagFailure = tags;
            return;
          }
          const hit = { workspaceId: w.workspaceId, state: w.state };
          if (tags.tags[DESKTOP_ID_TAG]) byTag.set(`d:${tags.tags[DESKTOP_ID_TAG]}`, hit);
          if (tags.tags[REQUEST_ID_TAG]) byTag.set(`r:${tags.tags[REQUEST_ID_TAG]}`, hit);
        },
      );
      if (tagFailure) return checkFailed(tagFailure);
      for (const op of group) {
        const hit = byTag.get(`d:${op.desktopId}`) ?? (op.requestId ? byTag.get(`r:${op.requestId}`) : undefined);
        if (hit) found.set(op.id, hit);
      }
    }
    return found;
  }

  /** Reads are safe to repeat: one that fails on a server error (or a lost answer) is tried again
   *  shortly, up to readAttempts. Throttling is already retried by the SDK; client errors never are. */
  private async read<R extends { ok: true } | AwsFailure>(call: () => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      this.summary.awsCalls++;
      const result = await call();
      if (result.ok || result.kind !== "server" || attempt >= this.w.readAttempts) return result;
      await new Promise((done) => setTimeout(done, backoffDelayMs(attempt, READ_BACKOFF, this.w.random)));
    }
  }

  /** Records accepted (or adopted) creates, one transaction per batch. */
  private async acceptAll(
    accepted: { op: ClaimedOperation; workspaceId: string; state: string; adopted: boolean }[],
    awsRequestId: string | undefined,
  ) {
    if (accepted.length === 0) return;
    const items: AcceptedCreate[] = accepted.map(({ op, workspaceId, state, adopted }) => {
      const desktop = this.desktops.get(op.desktopId!)!;
      return {
        operationId: op.id,
        desktopId: desktop.id,
        requestId: op.requestId,
        workspaceId,
        state,
        adopted,
        volumeEncryptionKey: desktop.volumeEncryptionKey ?? this.w.volumeEncryptionKey,
      };
    });
    await recordCreatesAccepted(this.w.db, { workerId: this.w.workerId, items, awsRequestId, now: this.w.clock() });
    this.summary.succeeded += accepted.length;
    this.summary.adopted += accepted.filter((a) => a.adopted).length;
  }

  // ---------------------------------------------------------------- desktop actions

  private async runActions(ops: ClaimedOperation[]) {
    const api = this.w.aws.forRegion(ops[0].region).workspaces;
    const ready: { op: ClaimedOperation; workspaceId: string }[] = [];
    for (const op of ops) {
      const desktop = op.desktopId ? this.desktops.get(op.desktopId) : undefined;
      if (!desktop) {
        await this.fail(op, { code: "DesktopNotFound", message: "The operation's desktop row no longer exists." });
      } else if (!desktop.workspaceId) {
        // Nothing in AWS to act on, so nothing a lost call could have done: an ordinary attempt.
        if (op.outcomeUnknown) await this.countAsSend(op);
        if (desktop.state === "REQUESTED" && op.attempts < this.w.maxAttempts) {
          // Its create has not been answered yet: try again later.
          await this.retry(op, { code: "DesktopNotCreatedYet", message: "The desktop has not been created in AWS yet." });
        } else {
          await this.fail(op, { code: "DesktopNotInAws", message: "The desktop does not exist in AWS." });
        }
      } else {
        ready.push({ op, workspaceId: desktop.workspaceId });
      }
    }

    // A lost answer: look at the desktops before sending again (a second terminate or rebuild
    // would be refused and wrongly reported as a failure).
    const unsure = ready.filter((r) => r.op.outcomeUnknown);
    const confirmed = new Set<string>();
    for (const batch of chunk(unsure, WORKSPACES_BATCH_LIMIT)) {
      const seen = await this.read(() =>
        api.describeWorkspacesByIds(batch.map((r) => r.workspaceId), { operationIds: batch.map((r) => r.op.id) }),
      );
      if (!seen.ok) {
        const retryAt = this.batchRetryAt(batch.map((r) => r.op));
        for (const r of batch) {
          await this.handleCallFailure(r.op, seen, true, retryAt);
          confirmed.add(r.op.id); // handled: not sent this tick
        }
        continue;
      }
      const states = new Map(seen.workspaces.map((w) => [w.workspaceId, w.state]));
      for (const r of batch) {
        const state = states.get(r.workspaceId);
        const done = (state === undefined && r.op.type === "TERMINATE") || (state !== undefined && CONFIRMING_STATES[r.op.type]?.includes(state));
        if (done) {
          await this.actionResult(r.op, r.workspaceId, undefined, undefined, true);
          confirmed.add(r.op.id);
        } else if (r.op.attempts >= this.w.maxAttempts) {
          await this.fail(r.op, {
            code: r.op.lastErrorCode ?? "GaveUp",
            message: `Gave up after ${r.op.attempts} attempts; AWS shows the desktop ${state ?? "absent"}. Last error: ${r.op.lastError ?? "none"}`,
          });
          confirmed.add(r.op.id);
        } else {
          await this.countAsSend(r.op);
        }
      }
    }
    const toSend = ready.filter((r) => !confirmed.has(r.op.id));
    const limit = SINGLE_ACTIONS.has(ops[0].type) ? 1 : WORKSPACES_BATCH_LIMIT;
    await eachLimited(chunk(toSend, limit), this.w.sendConcurrency, (batch) => this.sendActions(api, ops[0].type, batch));
  }

  private async sendActions(api: WorkspacesApi, type: OperationType, batch: { op: ClaimedOperation; workspaceId: string }[]) {
    const ids = batch.map((r) => r.workspaceId);
    const context = { operationIds: batch.map((r) => r.op.id) };
    this.summary.awsCalls++;
    let result: WorkspaceChangeResult;
    switch (type) {
      case "TERMINATE":
        result = await api.terminateWorkspaces(ids, context);
        break;
      case "REBOOT":
        result = await api.rebootWorkspaces(ids, context);
        break;
      case "START":
        result = await api.startWorkspaces(ids, context);
        break;
      case "STOP":
        result = await api.stopWorkspaces(ids, context);
        break;
      case "REBUILD":
        result = await api.rebuildWorkspace(ids[0], context);
        break;
      case "RESTORE":
        result = await api.restoreWorkspace(ids[0], context);
        break;
      default:
        throw new Error(`not a desktop action: ${type}`);
    }
    if (!result.ok) {
      if (result.kind === "client" && batch.length > 1 && SPLIT_ON_CODES.has(result.code)) {
        for (const r of batch) await this.sendActions(api, type, [r]);
        return;
      }
      const retryAt = this.batchRetryAt(batch.map((r) => r.op));
      for (const r of batch) await this.handleCallFailure(r.op, result, false, retryAt);
      return;
    }
    const failures = new Map(result.failed.map((f) => [f.workspaceId, f]));
    for (const r of batch) {
      const f = failures.get(r.workspaceId);
      await this.actionResult(r.op, r.workspaceId, f ? { code: f.code, message: f.message } : undefined, result.requestId, false);
    }
  }

  private async actionResult(
    op: ClaimedOperation,
    workspaceId: string,
    failure: { code: string; message: string } | undefined,
    awsRequestId: string | undefined,
    confirmedByDescribe: boolean,
  ) {
    await recordDesktopActionResult(this.w.db, {
      operationId: op.id,
      workerId: this.w.workerId,
      type: op.type as DesktopActionType,
      desktopId: op.desktopId!,
      createdById: op.createdById,
      workspaceId,
      awsRequestId,
      failure,
      confirmedByDescribe,
      now: this.w.clock(),
    });
    if (failure) this.summary.failed++;
    else this.summary.succeeded++;
  }

  // ---------------------------------------------------------------- running mode (billing)

  /**
   * ModifyWorkspaceProperties, one desktop per call. Setting a running mode is idempotent, so a
   * lost answer is simply sent again (no check first). Results go through billing's recorder, which
   * also marks the billing change FAILED when AWS refuses.
   */
  private async runModifyRunningMode(op: ClaimedOperation) {
    // Idempotent: a call a lost answer or a dead worker may have made is simply made again.
    if (op.outcomeUnknown) await this.countAsSend(op);
    const desktop = op.desktopId ? this.desktops.get(op.desktopId) : undefined;
    const mode = parsePayload("MODIFY_RUNNING_MODE", op.payload);
    if (!mode) {
      await this.fail(op, { code: "InvalidPayload", message: "The operation names no valid running mode." });
      return;
    }
    if (!desktop?.workspaceId) {
      if (desktop?.state === "REQUESTED" && op.attempts < this.w.maxAttempts) {
        await this.retry(op, { code: "DesktopNotCreatedYet", message: "The desktop has not been created in AWS yet." });
      } else {
        await this.fail(op, { code: "DesktopNotInAws", message: "The desktop does not exist in AWS." });
      }
      return;
    }
    this.summary.awsCalls++;
    const result = await this.w.aws
      .forRegion(op.region)
      .workspaceProperties.modifyRunningMode(desktop.workspaceId, mode, { operationIds: [op.id] });
    if (result.ok) {
      await this.runningModeResult(op, undefined, result.requestId);
      return;
    }
    // Idempotent: a lost answer is an ordinary retry.
    await this.handleCallFailure(op, result.kind === "unknown-outcome" ? { ...result, kind: "server" } : result);
  }

  private async runningModeResult(op: ClaimedOperation, failure: { code: string; message: string } | undefined, awsRequestId?: string) {
    const mode = parsePayload("MODIFY_RUNNING_MODE", op.payload);
    await recordRunningModeResult(this.w.db, {
      operationId: op.id,
      workerId: this.w.workerId,
      desktopId: op.desktopId ?? "",
      runningMode: mode?.runningMode ?? "AUTO_STOP",
      autoStopTimeoutMinutes: mode?.autoStopTimeoutMinutes ?? null,
      billingChangeId: mode?.billingChangeId ?? null,
      awsRequestId: awsRequestId ?? null,
      failure,
      now: this.w.clock(),
    });
    if (failure) this.summary.failed++;
    else this.summary.succeeded++;
  }

  // ---------------------------------------------------------------- outcomes shared by all types

  /**
   * A whole call failed. Client errors are final. Throttling and server errors go back to the
   * queue until maxAttempts. A lost answer to a mutation goes back with outcomeUnknown, even past
   * maxAttempts: the next claim only checks AWS and never sends again (see runCreates/runActions).
   */
  /**
   * One retry time for a whole batch: its operations come back due together and are sent together
   * again (separate times would split a throttled batch into many calls and make it worse).
   */
  private batchRetryAt(ops: ClaimedOperation[]): Date {
    const delay = backoffDelayMs(Math.max(...ops.map((o) => o.attempts + o.failedChecks)), this.w.backoff, this.w.random);
    return new Date(this.w.clock().getTime() + delay);
  }

  private async handleCallFailure(op: ClaimedOperation, failure: AwsFailure, duringCheck = false, retryAt?: Date) {
    if (failure.kind === "client" && !duringCheck) {
      await this.fail(op, failure, failure.requestId);
      return;
    }
    const unknown = failure.kind === "unknown-outcome" || op.outcomeUnknown || duringCheck;
    if (unknown) {
      // Looking is safe to repeat, but not forever: after maxChecks failed looks, give up with the reason.
      if (duringCheck && op.failedChecks + 1 >= this.w.maxChecks) {
        await this.fail(op, {
          code: failure.code,
          message: `Could not confirm in AWS whether the call took effect (${failure.message}). Check AWS for a desktop tagged ${REQUEST_ID_TAG}=${op.requestId ?? "-"} or ${DESKTOP_ID_TAG}=${op.desktopId ?? "-"}.`,
        });
        return;
      }
      const at = retryAt ?? this.batchRetryAt([op]);
      const grace = failure.kind === "unknown-outcome" ? this.w.unknownOutcomeDelayMs : 0;
      const notBefore = this.w.clock().getTime() + grace;
      await this.retry(op, failure, true, at.getTime() >= notBefore ? at : new Date(notBefore), duringCheck);
      return;
    }
    if (op.attempts >= this.w.maxAttempts) {
      await this.fail(op, { code: failure.code, message: `Gave up after ${op.attempts} attempts: ${failure.message}` }, failure.requestId);
      return;
    }
    await this.retry(op, failure, false, retryAt);
  }

  /** The outcome is settled (nothing in AWS to find, or safe to repeat) and this claim will send. */
  private async countAsSend(op: ClaimedOperation) {
    await clearOutcomeUnknown(this.w.db, { operationId: op.id, workerId: this.w.workerId });
    op.outcomeUnknown = false;
    op.attempts++;
  }

  /** Back to the queue at retryAt (a batch's shared time) or after this operation's own backoff. */
  private async retry(
    op: ClaimedOperation,
    failure: { code: string; message: string; requestId?: string },
    outcomeUnknown = false,
    retryAt?: Date,
    failedCheck = false,
  ) {
    await recordOperationRetry(this.w.db, {
      failedCheck,
      operationId: op.id,
      workerId: this.w.workerId,
      nextAttemptAt: retryAt ?? this.batchRetryAt([op]),
      code: failure.code,
      message: failure.message,
      outcomeUnknown,
      awsRequestId: failure.requestId,
    });
    this.summary.retried++;
  }

  private async fail(op: ClaimedOperation, failure: { code: string; message: string }, awsRequestId?: string) {
    if (op.type === "CREATE") {
      await recordCreateFailed(this.w.db, {
        operationId: op.id,
        workerId: this.w.workerId,
        desktopId: op.desktopId ?? "",
        requestId: op.requestId,
        code: failure.code,
        message: failure.message,
        awsRequestId,
        now: this.w.clock(),
      });
      this.summary.failed++;
      return;
    }
    if (op.type === "MODIFY_RUNNING_MODE") {
      await this.runningModeResult(op, failure, awsRequestId);
      return;
    }
    const desktop = op.desktopId ? this.desktops.get(op.desktopId) : undefined;
    await this.actionResult(op, desktop?.workspaceId ?? "", failure, awsRequestId, false);
  }
}

/** One pass: claim due operations, run them, record results. */
export async function runWorkerOnce(options: WorkerOptions): Promise<WorkerTickSummary> {
  return new Tick(resolve(options)).run();
}

export interface StartWorkerOptions extends WorkerOptions {
  /** Pause between ticks when there was nothing (more) to do. */
  pollMs?: number;
  /** Pause between reconciliation passes (desktops in changing states). */
  reconcileMs?: number;
  /** Pause between fleet sweeps (every desktop of every registered directory, paged); 0 = never. */
  sweepMs?: number;
  /** A PENDING desktop AWS never shows is failed after this long. */
  pendingTimeoutMs?: number;
}

export interface RunningWorker {
  workerId: string;
  /** Totals over the passes so far (diagnostics, tests). */
  stats: WorkerTickSummary & { passes: number };
  /** Stops claiming; resolves when the current pass has finished. */
  stop(): Promise<void>;
}

export function startWorker(options: StartWorkerOptions): RunningWorker {
  const w = resolve(options);
  const pollMs = options.pollMs ?? 1_000;
  const reconcileMs = options.reconcileMs ?? 15_000;
  const sweepMs = options.sweepMs ?? 15 * 60_000;
  const workerOptions: WorkerOptions = { ...options, workerId: w.workerId };
  let stopping = false;
  const wakers = new Set<() => void>();
  const stats: WorkerTickSummary & { passes: number } = { passes: 0, claimed: 0, returned: 0, succeeded: 0, failed: 0, retried: 0, adopted: 0, awsCalls: 0 };

  const pause = (ms: number) =>
    new Promise<void>((resolvePause) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakers.delete(done);
        resolvePause();
      }
      wakers.add(done);
    });

  const operationsLoop = (async () => {
    while (!stopping) {
      let busy = false;
      try {
        const summary = await runWorkerOnce(workerOptions);
        stats.passes++;
        for (const k of ["claimed", "returned", "succeeded", "failed", "retried", "adopted", "awsCalls"] as const) stats[k] += summary[k];
        busy = summary.claimed >= w.claimLimit;
      } catch (error) {
        w.logger.error("worker pass failed", { error: String(error) });
      }
      if (!busy && !stopping) await pause(pollMs);
    }
  })();

  const reconcileLoop = (async () => {
    while (!stopping) {
      try {
        await reconcileOnce({ db: w.db, aws: w.aws, clock: w.clock, logger: w.logger, pendingTimeoutMs: options.pendingTimeoutMs });
      } catch (error) {
        w.logger.error("reconcile pass failed", { error: String(error) });
      }
      if (!stopping) await pause(reconcileMs);
    }
  })();

  // Its own loop: a sweep of a large fleet takes minutes (paced by the rate limiter) and must not
  // hold up the polling of changing desktops. The first one runs at start, so that whatever changed
  // while no worker was running shows up.
  const sweepLoop = (async () => {
    while (!stopping && sweepMs > 0) {
      try {
        const swept = await sweepFleet({ db: w.db, aws: w.aws, clock: w.clock, logger: w.logger, isStopping: () => stopping });
        if (swept.imported + swept.changedOutside + swept.gone + swept.foundByTag > 0) w.logger.info("fleet sweep", { ...swept });
      } catch (error) {
        w.logger.error("fleet sweep failed", { error: String(error) });
      }
      if (!stopping) await pause(sweepMs);
    }
  })();

  return {
    workerId: w.workerId,
    stats,
    async stop() {
      stopping = true;
      for (const wake of [...wakers]) wake();
      await Promise.all([operationsLoop, reconcileLoop, sweepLoop]);
    },
  };
}
