// What the quick set-up and clean-up handlers share: a job of ordered steps, run one after the
// other within a claim, each step first looking in AWS for what an earlier try did (so a crash, a
// lost answer or a retry never does anything twice), its progress saved after every step.
// A step that has to wait for AWS puts the job back in the queue without counting an attempt.

import type { Prisma } from "@/lib/db/generated/client";
import type { AwsFailure } from "@/lib/aws/errors";
import type { ClaimedOperation } from "@/lib/operations/claim";
import { saveJobError, saveJobProgress, waitJob } from "@/lib/operations/job-progress";
import type { Failure, WorkerPass } from "../worker-pass";

export type StepOutcome = { kind: "done"; detail?: string } | { kind: "wait"; detail?: string; afterMs: number } | { kind: "failed"; failure: AwsFailure };

export interface StepProgressLike {
  state: "pending" | "running" | "waiting" | "done" | "skipped" | "failed";
  detail?: string;
  error?: { code: string; message: string };
}

export interface StepJob<P extends { steps: Record<string, StepProgressLike> }> {
  steps: readonly string[];
  progress: P;
  run(step: string, progress: P): Promise<StepOutcome>;
  /** Payload to store with a finished step (the quick set-up drops the password once the directory exists). */
  payloadAfter?(step: string): Prisma.InputJsonValue | undefined;
  /** Every step done: close the operation. */
  finish(progress: P): Promise<void>;
}

/** A client error fails at once with AWS's words; others are retried (every step looks before it acts). */
const asRetryable = (f: AwsFailure): AwsFailure => (f.kind === "unknown-outcome" ? { ...f, kind: "server" } : f);

export async function runStepJob<P extends { steps: Record<string, StepProgressLike> }>(pass: WorkerPass, op: ClaimedOperation, job: StepJob<P>) {
  const claim = { operationId: op.id, workerId: pass.w.workerId };
  // Every step looks in AWS before it acts: the lost answer is settled by the step itself.
  if (op.outcomeUnknown) await pass.countAsSend(op);
  const progress = job.progress;
  const json = () => progress as unknown as Prisma.InputJsonValue;
  for (const step of job.steps) {
    const current = progress.steps[step];
    if (!current || current.state === "done" || current.state === "skipped") continue;
    progress.steps[step] = { ...current, state: "running" };
    const outcome = await job.run(step, progress);
    if (outcome.kind === "done") {
      progress.steps[step] = { state: "done", ...(outcome.detail ? { detail: outcome.detail } : {}) };
      if (!(await saveJobProgress(pass.w.db, claim, json(), job.payloadAfter?.(step)))) return; // the lease was lost
      op.attempts = 0;
      continue;
    }
    if (outcome.kind === "wait") {
      progress.steps[step] = { state: "waiting", ...(outcome.detail ? { detail: outcome.detail } : {}) };
      await waitJob(pass.w.db, claim, json(), new Date(pass.w.clock().getTime() + outcome.afterMs));
      pass.summary.retried++;
      return;
    }
    // Failed: the step shows AWS's words while retried; the handler's fail() marks it failed for good.
    progress.steps[step] = { state: "running", error: { code: outcome.failure.code, message: outcome.failure.message } };
    await saveJobError(pass.w.db, claim, json());
    await pass.handleCallFailure(op, asRetryable(outcome.failure));
    return;
  }
  await job.finish(progress);
}

/** The progress as failed: the step that was running marked failed with the reason. */
export function markFailed<P extends { steps: Record<string, StepProgressLike> }>(progress: P, steps: readonly string[], failure: Failure): P {
  const step = steps.find((s) => ["running", "waiting", "pending"].includes(progress.steps[s]?.state ?? "")) ?? steps[0];
  progress.steps[step] = { state: "failed", error: { code: failure.code, message: failure.message } };
  return progress;
}
