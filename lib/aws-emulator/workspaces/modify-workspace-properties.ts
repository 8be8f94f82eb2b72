/**
 * ModifyWorkspaceProperties: running mode (at once), compute type, volume sizes or protocols (a
 * change of up to an hour, shown as UPDATING with ModificationStates). Rules: compute and volumes
 * never together; only in AVAILABLE or STOPPED; no compute/volume change in the first 6 hours, a
 * bigger compute at most every 6 hours, a smaller one at most every 30 days, volumes every 6 hours.
 */
import type { ModifyWorkspacePropertiesRequest, ModifyWorkspacePropertiesResult } from "@aws-sdk/client-workspaces";
import { AwsError, awsErrors } from "../aws-error";
import type { EmulatorContext } from "../emulator-context";
import type { ModificationResource, WorkspacePropertiesRecord, WorkspaceRecord } from "../records";
import { computeDirection, computeFamily, isValidVolumeCombination } from "./compute-rules";
import { FAILURE } from "./failure-codes";
import { checkRunningMode } from "./running-mode-rules";
import { requireWorkspace } from "./single-workspace-actions";
import { beginProcess } from "./workspace-lifecycle";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MODIFIABLE_STATES = ["AVAILABLE", "STOPPED"];

export function modifyWorkspaceProperties(
  input: ModifyWorkspacePropertiesRequest,
  ctx: EmulatorContext,
): ModifyWorkspacePropertiesResult {
  const ws = requireWorkspace(ctx, input.WorkspaceId!);
  const now = ctx.now();
  if (input.DataReplication !== undefined) {
    throw awsErrors.invalidParameterValues("Data replication needs a standby WorkSpace, which this emulator does not provide.");
  }
  const p = input.WorkspaceProperties ?? {};
  const current = ws.properties;
  const wantsCompute = p.ComputeTypeName !== undefined && p.ComputeTypeName !== current.ComputeTypeName;
  const wantsRoot = p.RootVolumeSizeGib !== undefined && p.RootVolumeSizeGib !== current.RootVolumeSizeGib;
  const wantsUser = p.UserVolumeSizeGib !== undefined && p.UserVolumeSizeGib !== current.UserVolumeSizeGib;
  const wantsProtocols = p.Protocols !== undefined && p.Protocols.join(",") !== current.Protocols.join(",");
  const wantsMode = p.RunningMode !== undefined || p.RunningModeAutoStopTimeoutInMinutes !== undefined;
  if (!wantsCompute && !wantsRoot && !wantsUser && !wantsProtocols && !wantsMode) {
    throw awsErrors.invalidParameterValues("The request does not change any WorkSpace property.");
  }
  if (ws.modification) {
    throw new AwsError("OperationInProgressException", "The properties of this WorkSpace are currently being modified. Try again in a moment.");
  }
  if (wantsCompute && (wantsRoot || wantsUser)) {
    throw awsErrors.invalidParameterValues("The compute type and the volume sizes cannot be modified at the same time.");
  }
  if (!MODIFIABLE_STATES.includes(ws.state)) {
    throw awsErrors.invalidResourceState(
      `The WorkSpace ${ws.WorkspaceId} is in state ${ws.state}; its properties can be modified only when it is AVAILABLE or STOPPED.`,
    );
  }

  let modeChange: Partial<WorkspacePropertiesRecord> | undefined;
  if (wantsMode) modeChange = checkModeChange(ws, p.RunningMode, p.RunningModeAutoStopTimeoutInMinutes);

  let heavyChange: { resource: ModificationResource; apply: Partial<WorkspacePropertiesRecord> } | undefined;
  if (wantsCompute) heavyChange = checkComputeChange(ws, p.ComputeTypeName!, now, ctx);
  else if (wantsRoot || wantsUser) heavyChange = checkVolumeChange(ws, p.RootVolumeSizeGib, p.UserVolumeSizeGib, now, ctx);
  else if (wantsProtocols) heavyChange = { resource: "PROTOCOL", apply: { Protocols: [...p.Protocols!] } };

  // All checks passed: apply.
  if (modeChange) applyModeChange(ws, modeChange, now, ctx);
  if (heavyChange) {
    if (heavyChange.resource === "COMPUTE_TYPE") {
      if (computeDirection(current.ComputeTypeName, heavyChange.apply.ComputeTypeName!) > 0) ws.lastComputeIncreaseAt = now;
      else ws.lastComputeDecreaseAt = now;
    } else if (heavyChange.resource !== "PROTOCOL") {
      ws.lastVolumeChangeAt = now;
    }
    const resumeState = ws.state;
    ws.modification = heavyChange;
    beginProcess(ws, "UPDATING", "workspaceUpdating", resumeState, now, ctx);
    // beginProcess keeps `modification`; it is applied when UPDATING ends.
  }
  ctx.store.touch("workspaces", ws.WorkspaceId);
  return {};
}

function checkModeChange(ws: WorkspaceRecord, mode: string | undefined, timeout: number | undefined): Partial<WorkspacePropertiesRecord> {
  const newMode = mode ?? ws.properties.RunningMode;
  const violation = checkRunningMode(newMode, timeout);
  if (violation?.code === FAILURE.operationNotSupported) {
    throw new AwsError("UnsupportedWorkspaceConfigurationException", violation.message);
  }
  if (violation) throw awsErrors.invalidParameterValues(violation.message);
  if (newMode === "AUTO_STOP") {
    return { RunningMode: newMode, RunningModeAutoStopTimeoutInMinutes: timeout ?? ws.properties.RunningModeAutoStopTimeoutInMinutes ?? 60 };
  }
  return { RunningMode: newMode, RunningModeAutoStopTimeoutInMinutes: undefined };
}

function applyModeChange(ws: WorkspaceRecord, change: Partial<WorkspacePropertiesRecord>, now: number, ctx: EmulatorContext): void {
  const wasAutoStop = ws.properties.RunningMode === "AUTO_STOP";
  Object.assign(ws.properties, change);
  if (ws.properties.RunningModeAutoStopTimeoutInMinutes === undefined) delete ws.properties.RunningModeAutoStopTimeoutInMinutes;
  if (ws.properties.RunningMode === "ALWAYS_ON" && ws.state === "STOPPED") {
    // An ALWAYS_ON desktop is never stopped: switching a stopped one starts it.
    beginProcess(ws, "STARTING", "workspaceStarting", "AVAILABLE", now, ctx);
  } else if (!wasAutoStop && ws.properties.RunningMode === "AUTO_STOP" && ws.state === "AVAILABLE" && !ws.connected) {
    // The idle timer starts now, not when the desktop last became available.
    ws.idleSince = now;
  }
}

function cooldown(ctx: EmulatorContext, ws: WorkspaceRecord, now: number, last: number | undefined, windowMs: number, what: string): void {
  if (!ctx.config.modifyCooldowns) return;
  if (now - ws.createdAt < 6 * HOUR) {
    throw awsErrors.invalidResourceState(
      `The ${what} of WorkSpace ${ws.WorkspaceId} cannot be modified within 6 hours of its creation; try again after ${new Date(ws.createdAt + 6 * HOUR).toISOString()}.`,
    );
  }
  if (last !== undefined && now - last < windowMs) {
    const hours = Math.round(windowMs / HOUR);
    throw awsErrors.invalidResourceState(
      `The ${what} of WorkSpace ${ws.WorkspaceId} was modified less than ${hours} hours ago; try again after ${new Date(last + windowMs).toISOString()}.`,
    );
  }
}

function checkComputeChange(ws: WorkspaceRecord, target: string, now: number, ctx: EmulatorContext) {
  const from = ws.properties.ComputeTypeName;
  if (computeFamily(target) === undefined || computeFamily(target) !== computeFamily(from)) {
    throw new AwsError(
      "UnsupportedWorkspaceConfigurationException",
      `The compute type of WorkSpace ${ws.WorkspaceId} cannot be changed from ${from} to ${target}.`,
    );
  }
  if (computeDirection(from, target) > 0) cooldown(ctx, ws, now, ws.lastComputeIncreaseAt, 6 * HOUR, "compute type");
  else cooldown(ctx, ws, now, ws.lastComputeDecreaseAt, 30 * DAY, "compute type (to a smaller type)");
  return { resource: "COMPUTE_TYPE" as const, apply: { ComputeTypeName: target } };
}

function checkVolumeChange(ws: WorkspaceRecord, root: number | undefined, user: number | undefined, now: number, ctx: EmulatorContext) {
  const newRoot = root ?? ws.properties.RootVolumeSizeGib;
  const newUser = user ?? ws.properties.UserVolumeSizeGib;
  if (newRoot < ws.properties.RootVolumeSizeGib || newUser < ws.properties.UserVolumeSizeGib) {
    throw awsErrors.invalidParameterValues("Volume sizes can only be increased.");
  }
  const rootChanges = newRoot !== ws.properties.RootVolumeSizeGib;
  if (rootChanges && newUser !== ws.properties.UserVolumeSizeGib) {
    throw awsErrors.invalidParameterValues("The root volume and the user volume cannot be increased at the same time.");
  }
  // A grown root volume joins the [175 to 2000, 100 to 2000] group (the administration guide's
  // "Modify volume sizes"); 100 to 174 GB exists only for bundles (graphics) at launch.
  if (!isValidVolumeCombination(newRoot, newUser) || (rootChanges && newRoot < 175)) {
    throw awsErrors.invalidParameterValues(`Root ${newRoot} GB with user ${newUser} GB is not a supported volume size combination.`);
  }
  cooldown(ctx, ws, now, ws.lastVolumeChangeAt, 6 * HOUR, "volume size");
  const resource: ModificationResource = root !== undefined && root !== ws.properties.RootVolumeSizeGib ? "ROOT_VOLUME" : "USER_VOLUME";
  return { resource, apply: { RootVolumeSizeGib: newRoot, UserVolumeSizeGib: newUser } };
}

