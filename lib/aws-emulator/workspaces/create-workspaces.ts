/**
 * CreateWorkspaces: 1-25 requests; each either becomes a PENDING desktop or a FailedRequests entry
 * with a per-item code. Only an exhausted account quota fails the whole call.
 */
import type {
  CreateWorkspacesRequest,
  CreateWorkspacesResult,
  FailedCreateWorkspaceRequest,
  Workspace,
  WorkspaceRequest,
} from "@aws-sdk/client-workspaces";
import { awsErrors } from "../aws-error";
import { liveDirectory, liveRegistration, directoryStage } from "../directory-service/directory-lifecycle";
import type { EmulatorContext } from "../emulator-context";
import { newComputerName, newWorkspaceId } from "../ids";
import { allocateAddress } from "../network";
import type { WorkspaceRecord } from "../records";
import { findLaunchableBundle } from "./bundle-lookup";
import { computeFamily, isKmsKeyReference, isValidVolumeCombination } from "./compute-rules";
import { FAILURE } from "./failure-codes";
import { checkRunningMode, type RuleViolation } from "./running-mode-rules";
import { countActiveWorkspaces, liveWorkspace } from "./workspace-lifecycle";
import { workspacePropertiesView } from "./workspace-view";
import { findKmsKey } from "../kms/kms-keys";
import { MAX_TAGS, tagRuleViolation } from "./tag-rules";

function fail(code: string, message: string): RuleViolation {
  return { code, message };
}

export function createWorkspaces(input: CreateWorkspacesRequest, ctx: EmulatorContext): CreateWorkspacesResult {
  const limit = ctx.config.workspaceLimit;
  let active = countActiveWorkspaces(ctx);
  if (active >= limit) {
    throw awsErrors.resourceLimitExceeded(
      `Your account has reached its WorkSpaces limit (${limit}). Terminate WorkSpaces or request a limit increase.`,
    );
  }
  const failed: FailedCreateWorkspaceRequest[] = [];
  const pending: Workspace[] = [];
  for (const request of input.Workspaces ?? []) {
    const outcome = createOne(request, ctx, active >= limit);
    if ("code" in outcome) {
      failed.push({ WorkspaceRequest: request, ErrorCode: outcome.code, ErrorMessage: outcome.message });
    } else {
      pending.push(outcome);
      active++;
    }
  }
  return { FailedRequests: failed, PendingRequests: pending };
}

function createOne(request: WorkspaceRequest, ctx: EmulatorContext, quotaReached: boolean): Workspace | RuleViolation {
  const now = ctx.now();
  const directoryId = request.DirectoryId!;
  const userName = request.UserName!;

  const directory = liveDirectory(ctx, directoryId);
  const registration = directory && liveRegistration(directory, now);
  if (!directory || !registration) {
    return fail(FAILURE.directoryNotFound, "The specified directory could not be found in the specified region.");
  }
  if (registration.state !== "REGISTERED" || directoryStage(directory, now) !== "Active") {
    return fail(
      FAILURE.directoryNotReady,
      "The specified directory is not in a valid state. Confirm that the directory has a status of Active, and try again.",
    );
  }

  const bundle = findLaunchableBundle(ctx, request.BundleId!);
  if (!bundle) {
    return fail(FAILURE.bundleNotFound, `The specified bundle ${request.BundleId} could not be found.`);
  }

  const props = request.WorkspaceProperties ?? {};
  const runningMode = props.RunningMode ?? "ALWAYS_ON";
  const modeViolation = checkRunningMode(runningMode, props.RunningModeAutoStopTimeoutInMinutes);
  if (modeViolation) return modeViolation;

  const compute = props.ComputeTypeName ?? bundle.ComputeType.Name;
  if (computeFamily(compute) === undefined || computeFamily(compute) !== computeFamily(bundle.ComputeType.Name)) {
    return fail(FAILURE.invalidParameter, `The compute type ${compute} is not supported for bundle ${bundle.BundleId}.`);
  }
  const rootGib = props.RootVolumeSizeGib ?? Number(bundle.RootStorage.Capacity);
  const userGib = props.UserVolumeSizeGib ?? Number(bundle.UserStorage.Capacity);
  if (
    rootGib < Number(bundle.RootStorage.Capacity) ||
    userGib < Number(bundle.UserStorage.Capacity) ||
    !isValidVolumeCombination(rootGib, userGib)
  ) {
    return fail(FAILURE.invalidParameter, `The volume sizes root ${rootGib} GB / user ${userGib} GB are not a valid combination for this bundle.`);
  }

  const encrypting = request.UserVolumeEncryptionEnabled === true || request.RootVolumeEncryptionEnabled === true;
  if (encrypting && !request.VolumeEncryptionKey) {
    return fail(FAILURE.invalidParameter, "A VolumeEncryptionKey must be specified when volume encryption is enabled.");
  }
  if (request.VolumeEncryptionKey && !isKmsKeyReference(request.VolumeEncryptionKey)) {
    return fail(FAILURE.invalidParameter, `The encryption key ${request.VolumeEncryptionKey} is not a valid KMS key ARN, key id or alias.`);
  }
  if (request.VolumeEncryptionKey && encrypting) {
    // WorkSpaces encrypts with a symmetric KMS key that exists and is enabled.
    const key = findKmsKey(ctx, request.VolumeEncryptionKey);
    if (!key) return fail(FAILURE.kmsKeyNotFound, `The KMS key ${request.VolumeEncryptionKey} could not be found.`);
    if (key.KeyState !== "Enabled") return fail(FAILURE.kmsKeyDisabled, `The KMS key ${request.VolumeEncryptionKey} is ${key.KeyState === "Disabled" ? "disabled" : "pending deletion"}.`);
    if (key.KeySpec !== "SYMMETRIC_DEFAULT") return fail(FAILURE.invalidParameter, `The KMS key ${request.VolumeEncryptionKey} is not a symmetric encryption key.`);
  }

  const tags = request.Tags ?? [];
  if (tags.length > MAX_TAGS) return fail(FAILURE.invalidParameter, `A WorkSpace can have at most ${MAX_TAGS} tags.`);
  const tagProblem = tagRuleViolation(tags);
  if (tagProblem) return fail(FAILURE.invalidParameter, tagProblem);

  const user = ctx.store.getUser(directoryId, userName);
  if (!user) return fail(FAILURE.userNotFound, `The user ${userName} could not be found in the directory ${directoryId}.`);

  const ownedId = ctx.store.workspaceOwnedBy(directoryId, userName);
  const owned = ownedId ? liveWorkspace(ctx, ownedId) : undefined;
  if (owned && owned.state !== "TERMINATED") {
    return fail(FAILURE.workspaceExists, `The user ${userName} already has a WorkSpace (${owned.WorkspaceId}) in this directory.`);
  }

  if (quotaReached) {
    return fail(FAILURE.limitExceeded, `Your account has reached its WorkSpaces limit (${ctx.config.workspaceLimit}).`);
  }

  const seq = ctx.store.meta.nextSeq;
  const subnetIds = registration.reg.SubnetIds;
  let subnetId = "";
  let ip: string | undefined;
  for (let i = 0; i < subnetIds.length && ip === undefined; i++) {
    subnetId = subnetIds[(seq + i) % subnetIds.length];
    ip = allocateAddress(ctx, subnetId);
  }
  if (ip === undefined) return fail(FAILURE.noFreeAddresses, "There are not enough free IP addresses in the directory's subnets.");

  const ws: WorkspaceRecord = {
    WorkspaceId: newWorkspaceId(),
    DirectoryId: directoryId,
    UserName: user.UserName,
    BundleId: bundle.BundleId,
    SubnetId: subnetId,
    IpAddress: ip,
    ComputerName: newComputerName(),
    ...(request.VolumeEncryptionKey ? { VolumeEncryptionKey: request.VolumeEncryptionKey } : {}),
    UserVolumeEncryptionEnabled: request.UserVolumeEncryptionEnabled === true,
    RootVolumeEncryptionEnabled: request.RootVolumeEncryptionEnabled === true,
    properties: {
      RunningMode: runningMode,
      ...(runningMode === "AUTO_STOP" ? { RunningModeAutoStopTimeoutInMinutes: props.RunningModeAutoStopTimeoutInMinutes ?? 60 } : {}),
      RootVolumeSizeGib: rootGib,
      UserVolumeSizeGib: userGib,
      ComputeTypeName: compute,
      Protocols: props.Protocols ?? bundle.protocols,
      OperatingSystemName: bundle.operatingSystemName,
    },
    tags: tags.map((t) => ({ Key: t.Key!, ...(t.Value !== undefined ? { Value: t.Value } : {}) })),
    seq: ctx.store.nextSeq(),
    createdAt: now,
    state: "PENDING",
    stateSince: now,
    failOnCreate: Math.random() < ctx.config.pendingErrorRate,
    connected: false,
    settledAt: now,
  };
  ws.next = { state: ws.failOnCreate ? "ERROR" : "AVAILABLE", at: now + ctx.duration("workspacePending") };
  ctx.store.addWorkspace(ws);

  return {
    WorkspaceId: ws.WorkspaceId,
    DirectoryId: ws.DirectoryId,
    UserName: ws.UserName,
    State: "PENDING",
    BundleId: ws.BundleId,
    ...(ws.VolumeEncryptionKey ? { VolumeEncryptionKey: ws.VolumeEncryptionKey } : {}),
    UserVolumeEncryptionEnabled: ws.UserVolumeEncryptionEnabled,
    RootVolumeEncryptionEnabled: ws.RootVolumeEncryptionEnabled,
    WorkspaceProperties: workspacePropertiesView(ws),
  };
}
