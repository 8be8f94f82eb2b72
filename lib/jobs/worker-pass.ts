// One pass of the worker: what its handlers share. The claimed operations' desktop rows, the
// pass's counters, and the outcome rules every operation type follows: retry with backoff, a lost
// answer marked outcome unknown, a failed look counted against maxChecks, a final failure recorded
// by the operation type's own handler.

import type { PrismaClient } from "@/lib/db/generated/client";
import type { OperationType } from "@/lib/db/generated/enums";
import { backoffDelayMs, type BackoffPolicy } from "@/lib/aws/backoff";
import type { AwsFailure } from "@/lib/aws/errors";
import { DESKTOP_ID_TAG, REQUEST_ID_TAG } from "@/lib/aws/workspaces";
import { releaseClaims, type ClaimedOperation } from "@/lib/operations/claim";
import { clearOutcomeUnknown, recordOperationRetry } from "@/lib/operations/outcomes";
import type { OperationHandler } from "./handlers/handler";
import type { WorkerSettings, WorkerTickSummary } from "./worker-options";

export type DesktopRow = Awaited<ReturnType<typeof loadDesktops>>[number];

export async function loadDesktops(db: PrismaClient, ids: string[]) {
  return db.desktop.findMany({
    where: { id: { in: ids } },
    include: { owner: { select: { email: true } } },
  });
}

export type Failure = { code: string; message: string };

/** Between tries of one read inside a look: short, the operation's own backoff follows if all fail. */
const READ_BACKOFF: BackoffPolicy = { baseMs: 100, capMs: 1_000 };

export class WorkerPass {
  readonly summary: WorkerTickSummary = { claimed: 0, returned: 0, succeeded: 0, failed: 0, retried: 0, adopted: 0, awsCalls: 0 };
  /** The claimed operations' desktop rows, by id. */
  readonly desktops = new Map<string, DesktopRow>();
  /** Operations claimed with outcomeUnknown (an earlier call's effect was not known). */
  readonly wasUnsure = new Set<string>();

  constructor(
    readonly w: WorkerSettings,
    private readonly handlers: Record<OperationType, OperationHandler>,
  ) {}

  desktopOf(op: ClaimedOperation): DesktopRow | undefined {
    return op.desktopId ? this.desktops.get(op.desktopId) : undefined;
  }

  /**
   * One retry time for a whole batch: its operations come back due together and are sent together
   * again (separate times would split a throttled batch into many calls and make it worse).
   */
  batchRetryAt(ops: ClaimedOperation[]): Date {
    const delay = backoffDelayMs(Math.max(...ops.map((o) => o.attempts + o.failedChecks)), this.w.backoff, this.w.random);
    return new Date(this.w.clock().getTime() + delay);
  }

  /**
   * A whole call failed. Client errors are final. Throttling and server errors go back to the
   * queue until maxAttempts. A lost answer to a mutation goes back with outcomeUnknown, even past
   * maxAttempts: the next claim only checks AWS and never sends again (see the handlers).
   */
  async handleCallFailure(op: ClaimedOperation, failure: AwsFailure, duringCheck = false, retryAt?: Date) {
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
  /**
   * Sends a call's operations, unless the worker is stopping: then their claims go back to the
   * queue untouched (nothing was sent), so another worker takes them at once rather than after the
   * lease. Calls already in flight finish and are recorded as usual.
   */
  async sendUnlessStopping(ops: ClaimedOperation[], send: () => Promise<void>): Promise<void> {
    if (!this.w.isStopping()) return send();
    this.summary.returned += await releaseClaims(this.w.db, { workerId: this.w.workerId, operationIds: ops.map((o) => o.id) });
  }

  async countAsSend(op: ClaimedOperation) {
    await clearOutcomeUnknown(this.w.db, { operationId: op.id, workerId: this.w.workerId });
    op.outcomeUnknown = false;
    op.attempts++;
  }

  /** Back to the queue at retryAt (a batch's shared time) or after this operation's own backoff. */
  async retry(op: ClaimedOperation, failure: Failure & { requestId?: string }, outcomeUnknown = false, retryAt?: Date, failedCheck = false) {
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

  /** A final failure, recorded as the operation's type records it. */
  async fail(op: ClaimedOperation, failure: Failure, awsRequestId?: string) {
    await this.handlers[op.type].fail(this, op, failure, awsRequestId);
  }

  /** A desktop action or property change on a desktop not (yet) in AWS: retried while its create
   *  is pending, failed otherwise. Nothing was sent, so nothing a lost call could have done. */
  async desktopNotInAws(op: ClaimedOperation, desktop: DesktopRow) {
    if (op.outcomeUnknown) await this.countAsSend(op);
    if (desktop.state === "REQUESTED" && op.attempts < this.w.maxAttempts) {
      await this.retry(op, { code: "DesktopNotCreatedYet", message: "The desktop has not been created in AWS yet." });
    } else {
      await this.fail(op, { code: "DesktopNotInAws", message: "The desktop does not exist in AWS." });
    }
  }

  /** Reads are safe to repeat: one that fails on a server error (or a lost answer) is tried again
   *  shortly, up to readAttempts. Throttling is already retried by the SDK; client errors never are. */
  async read<R extends { ok: true } | AwsFailure>(call: () => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      this.summary.awsCalls++;
      const result = await call();
      if (result.ok || result.kind !== "server" || attempt >= this.w.readAttempts) return result;
      await new Promise((done) => setTimeout(done, backoffDelayMs(attempt, READ_BACKOFF, this.w.random)));
    }
  }

  /** Counts a final outcome. */
  counted(failed: boolean) {
    if (failed) this.summary.failed++;
    else this.summary.succeeded++;
  }
}
