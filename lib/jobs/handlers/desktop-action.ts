// The family of actions on one existing desktop (terminate, reboot, start, stop, rebuild,
// restore): each type's file declares its AWS call, how many desktops one call takes and the
// states that confirm it; this file runs them all alike. A lost answer is checked by describing
// the desktops before sending again (a second terminate or rebuild would be refused and wrongly
// reported as a failure). A failure is recorded on the operation and in the audit trail.

import { WORKSPACES_BATCH_LIMIT, type CallContext, type WorkspaceChangeResult, type WorkspacesApi } from "@/lib/aws/workspaces";
import { recordDesktopActionResult } from "@/lib/desktops/action-results";
import type { DesktopState } from "@/lib/desktops/desktop-state";
import type { ClaimedOperation } from "@/lib/operations/claim";
import { chunk, eachLimited } from "../concurrency";
import type { Failure, WorkerPass } from "../worker-pass";
import { SPLIT_ON_CODES, type OperationHandler } from "./handler";

export interface DesktopActionDefinition {
  /** Its name in the audit trail: desktop.<action>. */
  action: string;
  /** Desktops per AWS call: 25 where AWS takes a list, 1 where it takes one desktop. */
  batchLimit: number;
  /** The AWS call. */
  send(api: WorkspacesApi, workspaceIds: string[], context: CallContext): Promise<WorkspaceChangeResult>;
  /** States a desktop shows once AWS has accepted the action; the first is the one it moves to at
   *  once (recorded on the row; reconcile follows it from there). */
  confirmingStates: readonly [DesktopState, ...DesktopState[]];
  /** A desktop AWS no longer returns also confirms it (terminate). */
  absenceConfirms?: boolean;
}

type Ready = { op: ClaimedOperation; workspaceId: string };

export function desktopActionHandler(def: DesktopActionDefinition): OperationHandler {
  const record = async (pass: WorkerPass, op: ClaimedOperation, workspaceId: string, failure: Failure | undefined, awsRequestId: string | undefined, confirmedByDescribe: boolean) => {
    await recordDesktopActionResult(pass.w.db, {
      operationId: op.id,
      workerId: pass.w.workerId,
      action: def.action,
      transitionState: def.confirmingStates[0],
      desktopId: op.desktopId!,
      createdById: op.createdById,
      workspaceId,
      awsRequestId,
      failure,
      confirmedByDescribe,
      now: pass.w.clock(),
    });
    pass.counted(Boolean(failure));
  };

  const confirms = (state: string | undefined) => (state === undefined ? Boolean(def.absenceConfirms) : (def.confirmingStates as readonly string[]).includes(state));

  async function send(pass: WorkerPass, api: WorkspacesApi, batch: Ready[]): Promise<void> {
    const context = { operationIds: batch.map((r) => r.op.id) };
    pass.summary.awsCalls++;
    const result = await def.send(api, batch.map((r) => r.workspaceId), context);
    if (!result.ok) {
      if (result.kind === "client" && batch.length > 1 && SPLIT_ON_CODES.has(result.code)) {
        for (const r of batch) await send(pass, api, [r]);
        return;
      }
      const retryAt = pass.batchRetryAt(batch.map((r) => r.op));
      for (const r of batch) await pass.handleCallFailure(r.op, result, false, retryAt);
      return;
    }
    const failures = new Map(result.failed.map((f) => [f.workspaceId, f]));
    for (const r of batch) {
      const f = failures.get(r.workspaceId);
      await record(pass, r.op, r.workspaceId, f ? { code: f.code, message: f.message } : undefined, result.requestId, false);
    }
  }

  /** Looks at desktops whose last answer was lost; returns the operations it settled. */
  async function checkLostAnswers(pass: WorkerPass, api: WorkspacesApi, unsure: Ready[]): Promise<Set<string>> {
    const settled = new Set<string>();
    for (const batch of chunk(unsure, WORKSPACES_BATCH_LIMIT)) {
      const seen = await pass.read(() => api.describeWorkspacesByIds(batch.map((r) => r.workspaceId), { operationIds: batch.map((r) => r.op.id) }));
      if (!seen.ok) {
        const retryAt = pass.batchRetryAt(batch.map((r) => r.op));
        for (const r of batch) {
          await pass.handleCallFailure(r.op, seen, true, retryAt);
          settled.add(r.op.id); // handled: not sent this pass
        }
        continue;
      }
      const states = new Map(seen.workspaces.map((w) => [w.workspaceId, w.state]));
      for (const r of batch) {
        const state = states.get(r.workspaceId);
        if (confirms(state)) {
          await record(pass, r.op, r.workspaceId, undefined, undefined, true);
          settled.add(r.op.id);
        } else if (r.op.attempts >= pass.w.maxAttempts) {
          await pass.fail(r.op, {
            code: r.op.lastErrorCode ?? "GaveUp",
            message: `Gave up after ${r.op.attempts} attempts; AWS shows the desktop ${state ?? "absent"}. Last error: ${r.op.lastError ?? "none"}`,
          });
          settled.add(r.op.id);
        } else {
          await pass.countAsSend(r.op);
        }
      }
    }
    return settled;
  }

  return {
    batchKey: (op) => op.region,
    batchLimit: def.batchLimit,
    async run(pass, ops) {
      const api = pass.w.aws.forRegion(ops[0].region).workspaces;
      const ready: Ready[] = [];
      for (const op of ops) {
        const desktop = pass.desktopOf(op);
        if (!desktop) await pass.fail(op, { code: "DesktopNotFound", message: "The operation's desktop row no longer exists." });
        else if (!desktop.workspaceId) await pass.desktopNotInAws(op, desktop);
        else ready.push({ op, workspaceId: desktop.workspaceId });
      }
      const settled = await checkLostAnswers(pass, api, ready.filter((r) => r.op.outcomeUnknown));
      const toSend = ready.filter((r) => !settled.has(r.op.id));
      await eachLimited(chunk(toSend, def.batchLimit), pass.w.sendConcurrency, (batch) =>
        pass.sendUnlessStopping(
          batch.map((r) => r.op),
          () => send(pass, api, batch),
        ),
      );
    },
    async fail(pass, op, failure, awsRequestId) {
      await record(pass, op, pass.desktopOf(op)?.workspaceId ?? "", failure, awsRequestId, false);
    },
  };
}
