// REGISTER_DIRECTORY / DEREGISTER_DIRECTORY / MODIFY_DIRECTORY_ACCESS: RegisterWorkspaceDirectory,
// DeregisterWorkspaceDirectory and ModifyWorkspaceAccessProperties, one directory per call. All are idempotent as lib/aws sends them
// (the state they aim for, already reached, is success), so a lost answer is simply sent again.
// AWS's refusal (desktops still in the directory, directory not Active) fails the operation with
// AWS's words, which the directory page shows.

import { recordDirectoryChangeResult, type DirectoryOperationType } from "@/lib/directories/mutations";
import { refreshDirectoryRows } from "@/lib/catalog/mutations";
import type { ClaimedOperation } from "@/lib/operations/claim";
import { parsePayload } from "@/lib/operations/payloads";
import type { Failure, WorkerPass } from "../worker-pass";
import type { OperationHandler } from "./handler";

function directoryRegistrationHandler(type: DirectoryOperationType): OperationHandler {
  async function record(pass: WorkerPass, op: ClaimedOperation, failure: Failure | undefined, awsRequestId?: string) {
    await recordDirectoryChangeResult(pass.w.db, {
      operationId: op.id,
      workerId: pass.w.workerId,
      type,
      directoryId: op.directoryId ?? "",
      failure,
      awsRequestId: awsRequestId ?? null,
      now: pass.w.clock(),
    });
    pass.counted(Boolean(failure));
  }
  return {
    batchKey: (op) => `${op.region}/${op.directoryId}`,
    batchLimit: 1,
    async run(pass, [op]) {
      if (op.outcomeUnknown) await pass.countAsSend(op);
      if (!op.directoryId) {
        await pass.fail(op, { code: "InvalidPayload", message: "The operation names no directory." });
        return;
      }
      const api = pass.w.aws.forRegion(op.region).workspaceDirectories;
      pass.summary.awsCalls++;
      const context = { operationIds: [op.id] };
      const access = type === "MODIFY_DIRECTORY_ACCESS" ? parsePayload(type, op.payload) : null;
      if (type === "MODIFY_DIRECTORY_ACCESS" && !access) {
        await pass.fail(op, { code: "InvalidPayload", message: "The operation names no valid device access." });
        return;
      }
      const result =
        type === "REGISTER_DIRECTORY"
          ? await api.registerDirectory(op.directoryId, context)
          : type === "DEREGISTER_DIRECTORY"
            ? await api.deregisterDirectory(op.directoryId, context)
            : await api.modifyAccess(op.directoryId, access!.devices, context);
      if (result.ok) {
        await record(pass, op, undefined, result.requestId);
        // Reads only; a failure leaves it to the next catalogue refresh.
        await refreshDirectoryRows(pass.w.db, pass.w.aws, op.region, pass.w.clock()).catch(() => false);
        return;
      }
      // Idempotent: a lost answer is an ordinary retry.
      await pass.handleCallFailure(op, result.kind === "unknown-outcome" ? { ...result, kind: "server" } : result);
    },
    fail: (pass, op, failure, awsRequestId) => record(pass, op, failure, awsRequestId),
  };
}

export const registerDirectoryHandler = directoryRegistrationHandler("REGISTER_DIRECTORY");
export const deregisterDirectoryHandler = directoryRegistrationHandler("DEREGISTER_DIRECTORY");
export const modifyDirectoryAccessHandler = directoryRegistrationHandler("MODIFY_DIRECTORY_ACCESS");
