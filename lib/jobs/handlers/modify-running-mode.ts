// MODIFY_RUNNING_MODE: ModifyWorkspaceProperties, one desktop per call, written by billing. Setting
// a running mode is idempotent, so a lost answer is simply sent again (no look first). Outcomes go
// through billing's recorder, which also marks the billing change FAILED when AWS refuses.

import { recordRunningModeResult } from "@/lib/billing/mode-changes/mutations";
import type { ClaimedOperation } from "@/lib/operations/claim";
import { parsePayload } from "@/lib/operations/payloads";
import type { Failure, WorkerPass } from "../worker-pass";
import type { OperationHandler } from "./handler";

async function record(pass: WorkerPass, op: ClaimedOperation, failure: Failure | undefined, awsRequestId?: string) {
  const mode = parsePayload("MODIFY_RUNNING_MODE", op.payload);
  await recordRunningModeResult(pass.w.db, {
    operationId: op.id,
    workerId: pass.w.workerId,
    desktopId: op.desktopId ?? "",
    runningMode: mode?.runningMode ?? "AUTO_STOP",
    autoStopTimeoutMinutes: mode?.autoStopTimeoutMinutes ?? null,
    billingChangeId: mode?.billingChangeId ?? null,
    awsRequestId: awsRequestId ?? null,
    failure,
    now: pass.w.clock(),
  });
  pass.counted(Boolean(failure));
}

export const modifyRunningModeHandler: OperationHandler = {
  batchKey: (op) => op.region,
  batchLimit: 1,
  async run(pass, [op]) {
    // Idempotent: a call a lost answer or a dead worker may have made is simply made again.
    if (op.outcomeUnknown) await pass.countAsSend(op);
    const desktop = pass.desktopOf(op);
    const mode = parsePayload("MODIFY_RUNNING_MODE", op.payload);
    if (!mode) {
      await pass.fail(op, { code: "InvalidPayload", message: "The operation names no valid running mode." });
      return;
    }
    if (!desktop?.workspaceId) {
      if (desktop) await pass.desktopNotInAws(op, desktop);
      else await pass.fail(op, { code: "DesktopNotInAws", message: "The desktop does not exist in AWS." });
      return;
    }
    pass.summary.awsCalls++;
    const result = await pass.w.aws.forRegion(op.region).workspaceProperties.modifyRunningMode(desktop.workspaceId, mode, { operationIds: [op.id] });
    if (result.ok) {
      await record(pass, op, undefined, result.requestId);
      return;
    }
    // Idempotent: a lost answer is an ordinary retry.
    await pass.handleCallFailure(op, result.kind === "unknown-outcome" ? { ...result, kind: "server" } : result);
  },
  fail: (pass, op, failure, awsRequestId) => record(pass, op, failure, awsRequestId),
};
