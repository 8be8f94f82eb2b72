// MIGRATE (MigrateWorkspace): one desktop per call. AWS answers a new WorkSpace id; the desktop row
// follows it (lib/desktops/migrate/results.ts). A lost answer is checked before sending again (a
// second call would be refused while the first migration runs, or migrate the new desktop): the
// user's desktops in the directory are listed, and one on the target bundle that is not the
// source is the migration's. AWS's refusal (state, bundle, Linux) fails the operation with its
// code and message.

import { recordMigrateResult } from "@/lib/desktops/migrate/results";
import type { ClaimedOperation } from "@/lib/operations/claim";
import { parsePayload } from "@/lib/operations/payloads";
import type { Failure, WorkerPass } from "../worker-pass";
import type { OperationHandler } from "./handler";

type Outcome = { failure?: Failure; targetWorkspaceId?: string; awsRequestId?: string; confirmedByDescribe?: boolean };

async function record(pass: WorkerPass, op: ClaimedOperation, bundleId: string, outcome: Outcome) {
  await recordMigrateResult(pass.w.db, {
    operationId: op.id,
    workerId: pass.w.workerId,
    desktopId: op.desktopId!,
    createdById: op.createdById,
    sourceWorkspaceId: pass.desktopOf(op)?.workspaceId ?? null,
    bundleId,
    ...outcome,
    now: pass.w.clock(),
  });
  pass.counted(Boolean(outcome.failure));
}

export const migrateHandler: OperationHandler = {
  batchKey: (op) => `${op.region}/${op.id}`,
  batchLimit: 1, // AWS takes one desktop per call
  async run(pass, [op]) {
    const payload = parsePayload("MIGRATE", op.payload);
    const desktop = pass.desktopOf(op);
    if (!payload) return pass.fail(op, { code: "InvalidPayload", message: "The operation's payload does not match its type." });
    if (!desktop) return pass.fail(op, { code: "DesktopNotFound", message: "The operation's desktop row no longer exists." });
    if (!desktop.workspaceId) return pass.desktopNotInAws(op, desktop);
    const apis = pass.w.aws.forRegion(op.region);

    if (op.outcomeUnknown) {
      const seen = await pass.read(() => apis.workspaces.describeWorkspacesPage({ directoryId: desktop.directoryId, userName: desktop.userName }, { operationIds: [op.id] }));
      if (!seen.ok) return pass.handleCallFailure(op, seen, true);
      const migrated = seen.workspaces.find((w) => w.workspaceId !== desktop.workspaceId && w.bundleId === payload.bundleId && w.state !== "TERMINATING" && w.state !== "TERMINATED");
      if (migrated) return record(pass, op, payload.bundleId, { targetWorkspaceId: migrated.workspaceId, confirmedByDescribe: true });
      await pass.countAsSend(op);
    }

    pass.summary.awsCalls++;
    const result = await apis.workspaceMigration.migrateWorkspace(desktop.workspaceId, payload.bundleId, { operationIds: [op.id] });
    if (result.ok) return record(pass, op, payload.bundleId, { targetWorkspaceId: result.targetWorkspaceId, awsRequestId: result.requestId });
    await pass.handleCallFailure(op, result);
  },
  fail: (pass, op, failure, awsRequestId) => record(pass, op, parsePayload("MIGRATE", op.payload)?.bundleId ?? "", { failure, awsRequestId }),
};
