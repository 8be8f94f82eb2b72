/**
 * MigrateWorkspace: recreates a desktop from another bundle. AWS keeps the user volume (from the
 * source's last snapshot) and builds a new root volume from the target bundle's image; the
 * WorkSpace gets a new id (TargetWorkspaceId), PENDING for up to an hour, and the source goes away.
 * Refusals follow the API reference: ResourceNotFoundException (source or bundle),
 * OperationNotSupportedException (Linux, Plus ↔ non-Plus, BYOL ↔ non-BYOL, the same bundle),
 * InvalidResourceStateException (source not AVAILABLE or STOPPED), OperationInProgressException.
 */
import type { MigrateWorkspaceRequest, MigrateWorkspaceResult } from "@aws-sdk/client-workspaces";
import { AwsError, awsErrors } from "../aws-error";
import type { EmulatorContext } from "../emulator-context";
import { newComputerName, newWorkspaceId } from "../ids";
import { allocateAddress } from "../network";
import type { WorkspaceRecord } from "../records";
import type { BundleRecord } from "./bundle-catalogue";
import { findBundle, findLaunchableBundle } from "./bundle-lookup";
import { requireWorkspace } from "./single-workspace-actions";
import { beginProcess } from "./workspace-lifecycle";

/** States AWS migrates from (the administration guide: a desktop that is running or stopped). */
export const MIGRATE_STATES = ["AVAILABLE", "STOPPED"];

const isPlus = (b: BundleRecord) => /\bplus\b/i.test(b.Name);
const isByol = (b: BundleRecord) => /\bbyol\b/i.test(b.Name);

export function migrateWorkspace(input: MigrateWorkspaceRequest, ctx: EmulatorContext): MigrateWorkspaceResult {
  const source = requireWorkspace(ctx, input.SourceWorkspaceId!);
  const target = findLaunchableBundle(ctx, input.BundleId!);
  if (!target) throw awsErrors.resourceNotFound(`The bundle ${input.BundleId} could not be found.`, input.BundleId);
  if (source.state === "TERMINATING" && source.migratedTo) {
    throw new AwsError("OperationInProgressException", `The WorkSpace ${source.WorkspaceId} is already being migrated (to ${source.migratedTo}).`);
  }
  if (!MIGRATE_STATES.includes(source.state)) {
    throw awsErrors.invalidResourceState(`The WorkSpace ${source.WorkspaceId} cannot be migrated in state ${source.state}. Allowed states: ${MIGRATE_STATES.join(", ")}.`);
  }
  const from = findBundle(ctx, source.BundleId);
  if (target.BundleId === source.BundleId) throw awsErrors.operationNotSupported("The WorkSpace already uses this bundle. Choose a different bundle to migrate to.");
  if (target.osType === "LINUX" || from?.osType === "LINUX") throw awsErrors.operationNotSupported("Migrating Linux WorkSpaces is not supported.");
  if (from && isPlus(from) !== isPlus(target)) throw awsErrors.operationNotSupported("WorkSpaces cannot be migrated between Plus and non-Plus bundles.");
  if (from && isByol(from) !== isByol(target)) throw awsErrors.operationNotSupported("BYOL WorkSpaces can be migrated only to BYOL bundles, and others not to BYOL bundles.");

  // The new desktop gets its own address in the source's subnet (the source keeps its own until it is gone).
  const ip = allocateAddress(ctx, source.SubnetId);
  if (!ip) throw awsErrors.resourceUnavailable("There are not enough free IP addresses in the directory's subnets to migrate the WorkSpace.", source.WorkspaceId);
  const now = ctx.now();
  const created: WorkspaceRecord = {
    ...source,
    WorkspaceId: newWorkspaceId(),
    BundleId: target.BundleId,
    ComputerName: newComputerName(),
    IpAddress: ip,
    properties: {
      ...source.properties,
      // The user volume is kept; the root volume and compute come from the target bundle.
      RootVolumeSizeGib: Number(target.RootStorage.Capacity),
      ComputeTypeName: target.ComputeType.Name,
      Protocols: [...target.protocols],
      OperatingSystemName: target.operatingSystemName,
    },
    tags: source.tags.map((t) => ({ ...t })),
    seq: ctx.store.nextSeq(),
    createdAt: now,
    state: "PENDING",
    stateSince: now,
    next: { state: "AVAILABLE", at: now + ctx.duration("workspaceMigrating") },
    goneAt: undefined,
    failOnCreate: false,
    ErrorCode: undefined,
    ErrorMessage: undefined,
    modification: undefined,
    lastComputeIncreaseAt: undefined,
    lastComputeDecreaseAt: undefined,
    lastVolumeChangeAt: undefined,
    imageInProgress: undefined,
    migratedTo: undefined,
    migratedFrom: source.WorkspaceId,
    connected: false,
    settledAt: now,
  };
  source.migratedTo = created.WorkspaceId;
  beginProcess(source, "TERMINATING", "workspaceTerminating", "TERMINATED", now, ctx);
  ctx.store.terminating.add(source.WorkspaceId);
  ctx.store.releaseOwnership(source);
  ctx.store.touch("workspaces", source.WorkspaceId);
  ctx.store.addWorkspace(created);
  return { SourceWorkspaceId: source.WorkspaceId, TargetWorkspaceId: created.WorkspaceId };
}
