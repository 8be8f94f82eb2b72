// The worker's loop: claims operations from the outbox, hands each operation type's share to its
// handler (lib/jobs/handlers/registry.ts: batch key and size, AWS call, confirming states, lost-answer
// check, failure), records the answers. Batches of a pass go out a few at a time; the shared rate
// limiter (AwsRateBucket) paces them for every worker together.
// - Throttling and server errors: back to the queue with jittered exponential backoff, at most
//   maxAttempts sends, then FAILED with the last reason.
// - A lost answer (timeout, reset, 5xx on a mutation, or a lease taken over from a dead worker):
//   outcomeUnknown; before sending again the worker looks in AWS for what the call may have done
//   (a create: a desktop of that user in that directory tagged with the request id). A look is not
//   a send; each read of a look is tried again at once on a server error (readAttempts), and looks
//   that still fail have their own budget (maxChecks).
// No database transaction is open during an AWS call.

import type { OperationType } from "@/lib/db/generated/enums";
import { DESKTOP_ID_TAG } from "@/lib/aws/workspaces";
import { claimOperations, extendLeases, releaseClaims, type ClaimedOperation } from "@/lib/operations/claim";
import { recordOperationRetry } from "@/lib/operations/outcomes";
import { withLogContext } from "@/lib/observability/request-context";
import { eachLimited, groupBy } from "./concurrency";
import { OPERATION_HANDLERS } from "./handlers/registry";
import { reconcileOnce, sweepFleet } from "./reconcile";
import { resolveWorkerOptions, type WorkerOptions, type WorkerTickSummary } from "./worker-options";
import { loadDesktops, WorkerPass } from "./worker-pass";
import { metrics } from "@/lib/observability/metrics";

export { DESKTOP_ID_TAG };
export type { WorkerLogger, WorkerOptions, WorkerTickSummary } from "./worker-options";

async function runPass(pass: WorkerPass): Promise<WorkerTickSummary> {
  const { db, workerId, leaseMs, claimLimit } = pass.w;
  const ops = await claimOperations(db, { workerId, limit: claimLimit, leaseMs, now: pass.w.clock() });
  pass.summary.claimed = ops.length;
  if (ops.length === 0) return pass.summary;
  // Each AWS call of the pass is logged with the HTTP request ids behind its operations.
  const operationRequestIds = new Map(ops.flatMap((o) => (o.httpRequestId ? [[o.id, o.httpRequestId] as const] : [])));
  return withLogContext({ operationRequestIds }, () => runClaimed(pass, ops));
}

async function runClaimed(pass: WorkerPass, claimed: ClaimedOperation[]): Promise<WorkerTickSummary> {
  const { db, workerId, leaseMs, claimLimit } = pass.w;
  let ops = claimed;
  if (ops.length >= claimLimit) ops = await returnPartialBatches(pass, ops);
  for (const op of ops) if (op.outcomeUnknown) pass.wasUnsure.add(op.id);

  const heartbeat = setInterval(() => {
    extendLeases(db, {
      workerId,
      operationIds: ops.map((o) => o.id),
      leaseUntil: new Date(pass.w.clock().getTime() + leaseMs),
    }).catch((error) => pass.w.logger.error("lease renewal failed", { error: String(error) }));
  }, Math.max(1_000, Math.floor(leaseMs / 3)));
  heartbeat.unref?.();

  try {
    const desktopIds = [...new Set(ops.map((o) => o.desktopId).filter((id): id is string => Boolean(id)))];
    for (const d of await loadDesktops(db, desktopIds)) pass.desktops.set(d.id, d);

    const byType = groupBy(ops, (o) => o.type);
    for (const [type, handler] of Object.entries(OPERATION_HANDLERS) as [OperationType, (typeof OPERATION_HANDLERS)[OperationType]][]) {
      const mine = byType.get(type) ?? [];
      if (handler.batchLimit > 1) {
        // Batches go out a few calls at a time inside the handler; groups one after the other.
        for (const group of groupBy(mine, handler.batchKey).values()) await pass.sendUnlessStopping(group, () => guarded(pass, group, () => handler.run(pass, group)));
      } else {
        // One operation per call: a few calls in flight, paced by the rate limiter.
        await eachLimited(mine, pass.w.sendConcurrency, (op) => pass.sendUnlessStopping([op], () => guarded(pass, [op], () => handler.run(pass, [op]))));
      }
    }
  } finally {
    clearInterval(heartbeat);
  }
  return pass.summary;
}

/**
 * A full claim may cut a batchable group short of a whole batch (e.g. two directories sharing
 * the claim). Its last partial batch goes back to the queue (uncounted, still due first), so that
 * the next pass sends it in a full batch with the operations queued behind it.
 */
async function returnPartialBatches(pass: WorkerPass, ops: ClaimedOperation[]): Promise<ClaimedOperation[]> {
  const back = new Set<string>();
  for (const [type, group] of groupBy(ops.filter((o) => !o.outcomeUnknown), (o) => o.type)) {
    const handler = OPERATION_HANDLERS[type as OperationType];
    if (handler.batchLimit <= 1) continue;
    for (const batchable of groupBy(group, handler.batchKey).values()) {
      const extra = batchable.length % handler.batchLimit;
      if (batchable.length > handler.batchLimit && extra > 0) for (const o of batchable.slice(-extra)) back.add(o.id);
    }
  }
  if (back.size === 0) return ops;
  pass.summary.returned = await releaseClaims(pass.w.db, { workerId: pass.w.workerId, operationIds: [...back] });
  return ops.filter((o) => !back.has(o.id));
}

/**
 * A bug or a database error in one group must not strand the rest of the pass, nor leave the
 * group's claims RUNNING until the lease runs out: they go back to the queue, marked outcome
 * unknown (the failure may have come after the AWS call), with the error recorded.
 */
async function guarded(pass: WorkerPass, ops: ClaimedOperation[], work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    pass.w.logger.error("worker: unexpected error", { operationIds: ops.map((o) => o.id), error: message });
    const retryAt = pass.batchRetryAt(ops);
    for (const op of ops) {
      await recordOperationRetry(pass.w.db, {
        operationId: op.id,
        workerId: pass.w.workerId,
        nextAttemptAt: retryAt,
        code: "WorkerError",
        message: message.slice(0, 500),
        outcomeUnknown: true,
      }).catch(() => {});
    }
  }
}

/** One pass: claim due operations, run them, record results. */
export async function runWorkerOnce(options: WorkerOptions): Promise<WorkerTickSummary> {
  const stopTimer = metrics().workerPassDuration.startTimer();
  const summary = await runPass(new WorkerPass(resolveWorkerOptions(options), OPERATION_HANDLERS));
  stopTimer({ work: summary.claimed > 0 ? "claimed" : "idle" });
  return summary;
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
  /** When the last operations pass finished (the heartbeat /readyz checks); null before the first. */
  lastPassAt(): Date | null;
  /** Stops claiming; resolves when the current pass has finished. */
  stop(): Promise<void>;
}

export function startWorker(options: StartWorkerOptions): RunningWorker {
  const w = resolveWorkerOptions(options);
  const pollMs = options.pollMs ?? 1_000;
  const reconcileMs = options.reconcileMs ?? 15_000;
  const sweepMs = options.sweepMs ?? 15 * 60_000;
  let stopping = false;
  const workerOptions: WorkerOptions = { ...options, workerId: w.workerId, isStopping: () => stopping };
  const wakers = new Set<() => void>();
  const stats: WorkerTickSummary & { passes: number } = { passes: 0, claimed: 0, returned: 0, succeeded: 0, failed: 0, retried: 0, adopted: 0, awsCalls: 0 };
  let lastPassAt: Date | null = null;

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
        lastPassAt = w.clock();
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
    lastPassAt: () => lastPassAt,
    async stop() {
      stopping = true;
      for (const wake of [...wakers]) wake();
      await Promise.all([operationsLoop, reconcileLoop, sweepLoop]);
    },
  };
}
