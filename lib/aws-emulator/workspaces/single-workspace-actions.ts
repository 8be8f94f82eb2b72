/**
 * RestoreWorkspace and ModifyWorkspaceState: single-desktop calls that throw instead of listing
 * failures (ResourceNotFoundException, OperationNotSupportedException, InvalidResourceStateException).
 */
import type {
  ModifyWorkspaceStateRequest,
  ModifyWorkspaceStateResult,
  RestoreWorkspaceRequest,
  RestoreWorkspaceResult,
} from "@aws-sdk/client-workspaces";
import { awsErrors } from "../aws-error";
import type { EmulatorContext } from "../emulator-context";
import type { WorkspaceRecord } from "../records";
import { RESTORE_STATES } from "./workspace-state-changes";
import { beginProcess, enterState, liveWorkspace } from "./workspace-lifecycle";

export function requireWorkspace(ctx: EmulatorContext, id: string): WorkspaceRecord {
  const ws = liveWorkspace(ctx, id);
  if (!ws || ws.state === "TERMINATED") {
    throw awsErrors.resourceNotFound(`The specified WorkSpace ${id} could not be found.`, id);
  }
  return ws;
}

export function restoreWorkspace(input: RestoreWorkspaceRequest, ctx: EmulatorContext): RestoreWorkspaceResult {
  const ws = requireWorkspace(ctx, input.WorkspaceId!);
  if (!RESTORE_STATES.includes(ws.state)) {
    // RestoreWorkspace models no InvalidResourceStateException; AWS refuses with this one.
    throw awsErrors.operationNotSupported(
      `The WorkSpace ${ws.WorkspaceId} cannot be restored in state ${ws.state}. Allowed states: ${RESTORE_STATES.join(", ")}.`,
    );
  }
  beginProcess(ws, "RESTORING", "workspaceRestoring", "AVAILABLE", ctx.now(), ctx);
  ctx.store.touch("workspaces", ws.WorkspaceId);
  return {};
}

export function modifyWorkspaceState(input: ModifyWorkspaceStateRequest, ctx: EmulatorContext): ModifyWorkspaceStateResult {
  const ws = requireWorkspace(ctx, input.WorkspaceId!);
  const target = input.WorkspaceState!;
  if (ws.state === target) return {};
  const allowedFrom = target === "ADMIN_MAINTENANCE" ? "AVAILABLE" : "ADMIN_MAINTENANCE";
  if (ws.state !== allowedFrom) {
    throw awsErrors.invalidResourceState(
      `The WorkSpace ${ws.WorkspaceId} is in state ${ws.state}; it can be set to ${target} only from ${allowedFrom}.`,
    );
  }
  enterState(ws, target, ctx.now(), ctx);
  ctx.store.touch("workspaces", ws.WorkspaceId);
  return {};
}
