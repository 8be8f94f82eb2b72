// The worker: claims operations from the outbox, sends them to AWS in batches, records the answers.
// - Creates: up to 25 per CreateWorkspaces call, grouped by (region, directory).
// - Terminate/reboot/start/stop: up to 25 per call, grouped by (type, region); rebuild: one per call.
// - Throttling and server errors: back to the queue with jittered exponential backoff, at most
//   maxAttempts sends, then FAILED with the last reason.
// - A lost answer (timeout, reset, 5xx on a mutation, or a lease taken over from a dead worker):
//   outcomeUnknown; before sending again the worker looks in AWS for what the call may have done
//   (a create: a desktop of that user in that directory tagged with the request id).
// No database transaction is open during an AWS call.

import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { OperationType } from "@/lib/db/generated/enums";
import { backoffDelayMs, type BackoffPolicy } from "@/lib/aws/backoff";
import type { AwsFailure } from "@/lib/aws/errors";
import type { AwsGateway } from "@/lib/aws/gateway";
import {
  OWNER_TAG,
  REQUEST_ID_TAG,
  WORKSPACES_BATCH_LIMIT,
  type CreateWorkspaceItem,
  type WorkspaceChangeResult,
  type WorkspacesApi,
} from "@/lib/aws/workspaces";
import {
  clearOutcomeUnknown,
  recordCreateAccepted,
  recordCreateFailed,
  recordDesktopActionResult,
  recordOperationRetry,
  type DesktopActionType,
} from "@/lib/provisioning/mutations";
import { recordRunningModeResult } from "@/lib/billing/mutations";
import { claimOperations, extendLeases, type ClaimedOperation } from "./claim";
import { reconcileOnce } from "./reconcile";

/** Tag naming the portal's desktop row; used to find a create when the operation has no request. */
export const DESKTOP_ID_TAG = "portal:desktop-id";

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
  /** Operations claimed per tick. */
  claimLimit?: number;
  /** Sends per operation before it fails. */
  maxAttempts?: number;
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
  maxAttempts: number;
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
    claimLimit: options.claimLimit ?? 100,
    maxAttempts: options.maxAttempts ?? 8,
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
const SINGLE_ACTIONS = new Set<OperationType>(["REBUILD"]);

class Tick {
  readonly summary: WorkerTickSummary = { claimed: 0, succeeded: 0, failed: 0, retried: 0, adopted: 0, awsCalls: 0 };
  private readonly desktops = new Map<string, DesktopRow>();
  /** Operations claimed with outcomeUnknown (an earlier call's effect was not known). */
  private readonly wasUnsure = new Set<string>();

  constructor(private readonly w: Resolved) {}

  async run(): Promise<WorkerTickSummary> {
    const { db, workerId, leaseMs, claimLimit } = this.w;
    const ops = await claimOperations(db, { workerId, limit: claimLimit, leaseMs, now: this.w.clock() });
    this.summary.claimed = ops.length;
    if (ops.length === 0) return this.summary;
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
      const unsupported = ops.filter(
        (o) => o.type !== "CREATE" && o.type !== "MODIFY_RUNNING_MODE" && !BATCHED_ACTIONS.has(o.type) && !SINGLE_ACTIONS.has(o.type),
      );

      for (const group of groupBy(creates, (o) => `${o.region}\u0000${o.directoryId ?? ""}`).values()) {
        await this.guarded(group, () => this.runCreates(group));
      }
      for (const group of groupBy(batched, (o) => `${o.type}\u0000${o.region}`).values()) {
        await this.guarded(group, () => this.runActions(group));
      }
      for (const op of single) await this.guarded([op], () => this.runActions([op]));
      for (const op of modes) await this.guarded([op], () => this.runModifyRunningMode(op));
      for (const op of unsupported) {
        // RESTORE is not executed by this worker yet: fail visibly.
        await this.fail(op, { code: "UnsupportedOperation", message: `The worker does not run ${op.type} operations yet.` });
      }
    } finally {
      clearInterval(heartbeat);
    }
    return this.summary;
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
    for (const op of ops) {
      const desktop = op.desktopId ? this.desktops.get(op.desktopId) : undefined;
      if (!desktop) {
        await this.fail(op, { code: "DesktopNotFound", message: "The operation's desktop row no longer exists." });
        continue;
      }
      if (desktop.workspaceId) {
        // Recorded by an earlier holder whose lease ran out before it closed the operation.
        await this.accept(op, desktop.workspaceId, desktop.state, undefined, true);
        continue;
      }
      if (op.outcomeUnknown) {
        const found = await this.findCreatedDesktop(api, op, desktop);
        if (found === "check-failed") continue;
        if (found) {
          await this.accept(op, found.workspaceId, found.state, undefined, true);
          continue;
        }
        if (op.attempts > this.w.maxAttempts) {
          await this.fail(op, {
            code: op.lastErrorCode ?? "GaveUp",
            message: `Gave up after ${op.attempts - 1} attempts; no desktop was found in AWS. Last error: ${op.lastError ?? "none"}`,
          });
          continue;
        }
        await clearOutcomeUnknown(this.w.db, { operationId: op.id, workerId: this.w.workerId });
        op.outcomeUnknown = false;
      }
      toSend.push(op);
    }
    for (const batch of chunk(toSend, WORKSPACES_BATCH_LIMIT)) await this.sendCreates(api, batch);
  }

  private createItem(op: ClaimedOperation): CreateWorkspaceItem {
    const desktop = this.desktops.get(op.desktopId!)!;
    const tags: Record<string, string> = { [DESKTOP_ID_TAG]: desktop.id };
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
    for (const p of result.pending) await this.accept(batch[p.index], p.workspaceId, p.state, result.requestId, false);
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
   * Looks in AWS for a desktop this operation may already have created: the user's desktops in
   * the directory, carrying our request (or desktop) tag. AWS has no client token for creates.
   */
  private async findCreatedDesktop(
    api: WorkspacesApi,
    op: ClaimedOperation,
    desktop: DesktopRow,
  ): Promise<{ workspaceId: string; state: string } | null | "check-failed"> {
    const [tagKey, tagValue] = op.requestId ? [REQUEST_ID_TAG, op.requestId] : [DESKTOP_ID_TAG, desktop.id];
    let nextToken: string | undefined;
    do {
      this.summary.awsCalls++;
      const page = await api.describeWorkspacesPage(
        { directoryId: desktop.directoryId, userName: desktop.userName, nextToken },
        { operationIds: [op.id] },
      );
      if (!page.ok) {
        await this.handleCallFailure(op, page, true);
        return "check-failed";
      }
      for (const w of page.workspaces) {
        if (w.state === "TERMINATED" || w.state === "TERMINATING") continue;
        this.summary.awsCalls++;
        const tags = await api.describeTags(w.workspaceId, { operationIds: [op.id] });
        if (!tags.ok) {
          await this.handleCallFailure(op, tags, true);
          return "check-failed";
        }
        if (tags.tags[tagKey] === tagValue) return { workspaceId: w.workspaceId, state: w.state };
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return null;
  }

  private async accept(op: ClaimedOperation, workspaceId: string, state: string, awsRequestId: string | undefined, adopted: boolean) {
    const desktop = this.desktops.get(op.desktopId!)!;
    await recordCreateAccepted(this.w.db, {
      operationId: op.id,
      workerId: this.w.workerId,
      desktopId: desktop.id,
      requestId: op.requestId,
      workspaceId,
      state,
      awsRequestId,
      adopted,
      volumeEncryptionKey: desktop.volumeEncryptionKey ?? this.w.volumeEncryptionKey,
      now: this.w.clock(),
    });
    this.summary.succeeded++;
    if (adopted) this.summary.adopted++;
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
      this.summary.awsCalls++;
      const seen = await api.describeWorkspacesByIds(batch.map((r) => r.workspaceId), { operationIds: batch.map((r) => r.op.id) });
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
        } else if (r.op.attempts > this.w.maxAttempts) {
          await this.fail(r.op, {
            code: r.op.lastErrorCode ?? "GaveUp",
            message: `Gave up after ${r.op.attempts - 1} attempts; AWS shows the desktop ${state ?? "absent"}. Last error: ${r.op.lastError ?? "none"}`,
          });
          confirmed.add(r.op.id);
        } else {
          await clearOutcomeUnknown(this.w.db, { operationId: r.op.id, workerId: this.w.workerId });
          r.op.outcomeUnknown = false;
        }
      }
    }
    const toSend = ready.filter((r) => !confirmed.has(r.op.id));
    const limit = SINGLE_ACTIONS.has(ops[0].type) ? 1 : WORKSPACES_BATCH_LIMIT;
    for (const batch of chunk(toSend, limit)) await this.sendActions(api, ops[0].type, batch);
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
    const desktop = op.desktopId ? this.desktops.get(op.desktopId) : undefined;
    const mode = runningModeOf(op.payload);
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
    const mode = runningModeOf(op.payload);
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
    const delay = backoffDelayMs(Math.max(...ops.map((o) => o.attempts)), this.w.backoff, this.w.random);
    return new Date(this.w.clock().getTime() + delay);
  }

  private async handleCallFailure(op: ClaimedOperation, failure: AwsFailure, duringCheck = false, retryAt?: Date) {
    if (failure.kind === "client" && !duringCheck) {
      await this.fail(op, failure, failure.requestId);
      return;
    }
    const unknown = failure.kind === "unknown-outcome" || op.outcomeUnknown || duringCheck;
    if (unknown) {
      // Past the budget, a few more claims only to check AWS, then give up with the reason.
      if (op.attempts > this.w.maxAttempts + 3) {
        await this.fail(op, {
          code: failure.code,
          message: `Could not confirm in AWS whether the call took effect (${failure.message}). Check AWS for a desktop tagged ${REQUEST_ID_TAG}=${op.requestId ?? "-"} or ${DESKTOP_ID_TAG}=${op.desktopId ?? "-"}.`,
        });
        return;
      }
      const at = retryAt ?? this.batchRetryAt([op]);
      const grace = failure.kind === "unknown-outcome" ? this.w.unknownOutcomeDelayMs : 0;
      const notBefore = this.w.clock().getTime() + grace;
      await this.retry(op, failure, true, at.getTime() >= notBefore ? at : new Date(notBefore));
      return;
    }
    if (op.attempts >= this.w.maxAttempts) {
      await this.fail(op, { code: failure.code, message: `Gave up after ${op.attempts} attempts: ${failure.message}` }, failure.requestId);
      return;
    }
    await this.retry(op, failure, false, retryAt);
  }

  /** Back to the queue at retryAt (a batch's shared time) or after this operation's own backoff. */
  private async retry(op: ClaimedOperation, failure: { code: string; message: string; requestId?: string }, outcomeUnknown = false, retryAt?: Date) {
    await recordOperationRetry(this.w.db, {
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

/** The payload billing writes for MODIFY_RUNNING_MODE: { runningMode, autoStopTimeoutMinutes, billingChangeId }. */
function runningModeOf(
  payload: unknown,
): { runningMode: "AUTO_STOP" | "ALWAYS_ON"; autoStopTimeoutMinutes: number | null; billingChangeId: string | null } | null {
  const p = (payload ?? {}) as Record<string, unknown>;
  if (p.runningMode !== "AUTO_STOP" && p.runningMode !== "ALWAYS_ON") return null;
  const timeout = typeof p.autoStopTimeoutMinutes === "number" ? p.autoStopTimeoutMinutes : null;
  // AWS takes the AUTO_STOP timeout in whole hours only.
  if (p.runningMode === "AUTO_STOP" && timeout !== null && !(Number.isInteger(timeout) && timeout >= 60 && timeout % 60 === 0)) return null;
  return {
    runningMode: p.runningMode,
    autoStopTimeoutMinutes: p.runningMode === "AUTO_STOP" ? timeout : null,
    billingChangeId: typeof p.billingChangeId === "string" ? p.billingChangeId : null,
  };
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
}

export interface RunningWorker {
  workerId: string;
  /** Stops claiming; resolves when the current pass has finished. */
  stop(): Promise<void>;
}

export function startWorker(options: StartWorkerOptions): RunningWorker {
  const w = resolve(options);
  const pollMs = options.pollMs ?? 1_000;
  const reconcileMs = options.reconcileMs ?? 15_000;
  const workerOptions: WorkerOptions = { ...options, workerId: w.workerId };
  let stopping = false;
  const wakers = new Set<() => void>();

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
        await reconcileOnce({ db: w.db, aws: w.aws, clock: w.clock, logger: w.logger });
      } catch (error) {
        w.logger.error("reconcile pass failed", { error: String(error) });
      }
      if (!stopping) await pause(reconcileMs);
    }
  })();

  return {
    workerId: w.workerId,
    async stop() {
      stopping = true;
      for (const wake of [...wakers]) wake();
      await Promise.all([operationsLoop, reconcileLoop]);
    },
  };
}
