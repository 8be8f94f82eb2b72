/**
 * Terminate, reboot, rebuild, start and stop: batch calls that answer HTTP 200 and list the desktops
 * they refused in FailedRequests. Which states allow what follows the WorkSpaces API reference
 * (see AWS-FACTS): e.g. start needs AUTO_STOP/MANUAL and STOPPED; terminate works in any state but
 * SUSPENDED; ADMIN_MAINTENANCE blocks everything except terminate.
 */
import type {
  FailedWorkspaceChangeRequest,
  RebootWorkspacesRequest,
  RebootWorkspacesResult,
  RebuildWorkspacesRequest,
  RebuildWorkspacesResult,
  StartWorkspacesRequest,
  StartWorkspacesResult,
  StopWorkspacesRequest,
  StopWorkspacesResult,
  TerminateWorkspacesRequest,
  TerminateWorkspacesResult,
} from "@aws-sdk/client-workspaces";
import type { EmulatorContext } from "../emulator-context";
import { allocateAddress } from "../network";
import type { WorkspaceRecord } from "../records";
import { findBundle } from "./bundle-lookup";
import { FAILURE } from "./failure-codes";
import { beginProcess, isAutoStopMode, liveWorkspace } from "./workspace-lifecycle";

type Refusal = { code: string; message: string };
type Action = (ws: WorkspaceRecord, ctx: EmulatorContext, now: number) => Refusal | undefined;

function wrongState(ws: WorkspaceRecord, operation: string, allowed: string[]): Refusal {
  return {
    code: FAILURE.invalidState,
    message: `The WorkSpace ${ws.WorkspaceId} cannot be ${operation} in state ${ws.state}. Allowed states: ${allowed.join(", ")}.`,
  };
}

const terminate: Action = (ws, ctx, now) => {
  if (ws.state === "SUSPENDED") return wrongState(ws, "terminated", ["any state except SUSPENDED"]);
  if (ws.state === "TERMINATING" || ws.state === "TERMINATED") return undefined; // already on its way
  ws.modification = undefined;
  beginProcess(ws, "TERMINATING", "workspaceTerminating", "TERMINATED", now, ctx);
  ctx.store.terminating.add(ws.WorkspaceId);
  return undefined;
};

const REBOOT_STATES = ["AVAILABLE", "IMPAIRED", "UNHEALTHY", "REBOOTING"];
const reboot: Action = (ws, ctx, now) => {
  const stuck = ws.state === "REBOOTING" && now - ws.stateSince > ctx.duration("rebootStuckAfter");
  if (!REBOOT_STATES.includes(ws.state) || (ws.state === "REBOOTING" && !stuck)) {
    return wrongState(ws, "rebooted", ["AVAILABLE", "IMPAIRED", "UNHEALTHY", "REBOOTING (stuck for over 20 minutes)"]);
  }
  beginProcess(ws, "REBOOTING", "workspaceRebooting", "AVAILABLE", now, ctx);
  return undefined;
};

const REBUILD_STATES = ["AVAILABLE", "ERROR", "UNHEALTHY", "IMPAIRED", "STOPPED", "REBOOTING"];
const rebuild: Action = (ws, ctx, now) => {
  if (!REBUILD_STATES.includes(ws.state)) return wrongState(ws, "rebuilt", REBUILD_STATES);
  // A rebuilt desktop comes back with a new private address.
  const ip = allocateAddress(ctx, ws.SubnetId);
  if (ip) ctx.store.changeIp(ws, ip);
  // The root volume is rebuilt from the bundle's current image: after UpdateWorkspaceBundle this is
  // when an existing desktop gets the new image (and with it that image's operating system).
  const bundle = findBundle(ctx, ws.BundleId);
  if (bundle) ws.properties.OperatingSystemName = bundle.operatingSystemName;
  beginProcess(ws, "REBUILDING", "workspaceRebuilding", "AVAILABLE", now, ctx);
  return undefined;
};

const start: Action = (ws, ctx, now) => {
  if (!isAutoStopMode(ws) && ws.properties.RunningMode !== "MANUAL") {
    return { code: FAILURE.invalidState, message: `The WorkSpace ${ws.WorkspaceId} has running mode ${ws.properties.RunningMode} and cannot be started; only AUTO_STOP and MANUAL WorkSpaces can.` };
  }
  if (ws.state !== "STOPPED") return wrongState(ws, "started", ["STOPPED"]);
  beginProcess(ws, "STARTING", "workspaceStarting", "AVAILABLE", now, ctx);
  return undefined;
};

const STOP_STATES = ["AVAILABLE", "IMPAIRED", "UNHEALTHY", "ERROR"];
const stop: Action = (ws, ctx, now) => {
  if (!isAutoStopMode(ws) && ws.properties.RunningMode !== "MANUAL") {
    return { code: FAILURE.invalidState, message: `The WorkSpace ${ws.WorkspaceId} has running mode ${ws.properties.RunningMode} and cannot be stopped; only AUTO_STOP and MANUAL WorkSpaces can.` };
  }
  if (!STOP_STATES.includes(ws.state)) return wrongState(ws, "stopped", STOP_STATES);
  beginProcess(ws, "STOPPING", "workspaceStopping", "STOPPED", now, ctx);
  return undefined;
};

function runBatch(ids: string[], action: Action, ctx: EmulatorContext): { FailedRequests: FailedWorkspaceChangeRequest[] } {
  const failed: FailedWorkspaceChangeRequest[] = [];
  const now = ctx.now();
  for (const id of ids) {
    const ws = liveWorkspace(ctx, id);
    if (!ws) {
      failed.push({ WorkspaceId: id, ErrorCode: FAILURE.workspaceNotFound, ErrorMessage: `The WorkSpace ${id} could not be found.` });
      continue;
    }
    const refusal = action(ws, ctx, now);
    if (refusal) failed.push({ WorkspaceId: id, ErrorCode: refusal.code, ErrorMessage: refusal.message });
    else ctx.store.touch("workspaces", id);
  }
  return { FailedRequests: failed };
}

const ids = (requests: { WorkspaceId?: string }[] | undefined) => (requests ?? []).map((r) => r.WorkspaceId!);

export const terminateWorkspaces = (input: TerminateWorkspacesRequest, ctx: EmulatorContext): TerminateWorkspacesResult =>
  runBatch(ids(input.TerminateWorkspaceRequests), terminate, ctx);
export const rebootWorkspaces = (input: RebootWorkspacesRequest, ctx: EmulatorContext): RebootWorkspacesResult =>
  runBatch(ids(input.RebootWorkspaceRequests), reboot, ctx);
export const rebuildWorkspaces = (input: RebuildWorkspacesRequest, ctx: EmulatorContext): RebuildWorkspacesResult =>
  runBatch(ids(input.RebuildWorkspaceRequests), rebuild, ctx);
export const startWorkspaces = (input: StartWorkspacesRequest, ctx: EmulatorContext): StartWorkspacesResult =>
  runBatch(ids(input.StartWorkspaceRequests), start, ctx);
export const stopWorkspaces = (input: StopWorkspacesRequest, ctx: EmulatorContext): StopWorkspacesResult =>
  runBatch(ids(input.StopWorkspaceRequests), stop, ctx);

/** Shared with RestoreWorkspace, which throws instead of listing failures. */
export const RESTORE_STATES = ["AVAILABLE", "ERROR", "UNHEALTHY", "IMPAIRED", "STOPPED"];
