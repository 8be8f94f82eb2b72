// MODIFY_COMPUTE_TYPE and MODIFY_VOLUME: ModifyWorkspaceProperties with one property, one desktop
// per call, written by lib/desktops/resize. Not blindly idempotent (a second call while AWS works
// is refused with OperationInProgressException), so a lost answer is checked first: a desktop
// already UPDATING or already at the target size means AWS took it.

import { recordResizeResult } from "@/lib/desktops/resize/mutations";
import type { ResizeTarget } from "@/lib/desktops/resize/rules";
import type { ClaimedOperation } from "@/lib/operations/claim";
import { parsePayload } from "@/lib/operations/payloads";
import type { Failure, WorkerPass } from "../worker-pass";
import type { OperationHandler } from "./handler";

function targetOf(op: ClaimedOperation): ResizeTarget | null {
  if (op.type === "MODIFY_COMPUTE_TYPE") {
    const p = parsePayload("MODIFY_COMPUTE_TYPE", op.payload);
    return p ? { kind: "COMPUTE", computeType: p.computeType } : null;
  }
  const p = parsePayload("MODIFY_VOLUME", op.payload);
  return p ? { kind: p.volume === "ROOT" ? "ROOT_VOLUME" : "USER_VOLUME", sizeGiB: p.sizeGiB } : null;
}

async function record(pass: WorkerPass, op: ClaimedOperation, target: ResizeTarget | null, failure: Failure | undefined, awsRequestId?: string) {
  await recordResizeResult(pass.w.db, {
    operationId: op.id,
    workerId: pass.w.workerId,
    desktopId: op.desktopId ?? "",
    target: target ?? { kind: "COMPUTE", computeType: "unknown" },
    awsRequestId: awsRequestId ?? null,
    failure,
    now: pass.w.clock(),
  });
  pass.counted(Boolean(failure));
}

export const modifyDesktopPropertiesHandler: OperationHandler = {
  batchKey: (op) => `${op.type}|${op.region}`,
  batchLimit: 1,
  async run(pass, [op]) {
    const desktop = pass.desktopOf(op);
    const target = targetOf(op);
    if (!target) {
      await pass.fail(op, { code: "InvalidPayload", message: "The operation names no valid compute type or volume size." });
      return;
    }
    if (!desktop?.workspaceId) {
      if (desktop) await pass.desktopNotInAws(op, desktop);
      else await pass.fail(op, { code: "DesktopNotInAws", message: "The desktop does not exist in AWS." });
      return;
    }
    const api = pass.w.aws.forRegion(op.region);
    if (op.outcomeUnknown) {
      const look = await pass.read(() => api.workspaces.describeWorkspacesByIds([desktop.workspaceId!], { operationIds: [op.id] }));
      if (!look.ok) {
        await pass.handleCallFailure(op, look, true);
        return;
      }
      const w = look.workspaces[0];
      const reached =
        target.kind === "COMPUTE" ? w?.computeType === target.computeType : target.kind === "ROOT_VOLUME" ? w?.rootVolumeGiB === target.sizeGiB : w?.userVolumeGiB === target.sizeGiB;
      if (w && (w.modifying || reached)) {
        await record(pass, op, target, undefined);
        return;
      }
      await pass.countAsSend(op);
    }
    pass.summary.awsCalls++;
    const change =
      target.kind === "COMPUTE" ? { computeType: target.computeType } : target.kind === "ROOT_VOLUME" ? { rootVolumeGiB: target.sizeGiB } : { userVolumeGiB: target.sizeGiB };
    const result = await api.workspaceProperties.modifyProperties(desktop.workspaceId, change, { operationIds: [op.id] });
    if (result.ok) {
      await record(pass, op, target, undefined, result.requestId);
      return;
    }
    await pass.handleCallFailure(op, result);
  },
  fail: (pass, op, failure, awsRequestId) => record(pass, op, targetOf(op), failure, awsRequestId),
};
