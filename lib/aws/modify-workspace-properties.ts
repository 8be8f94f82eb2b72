// ModifyWorkspaceProperties for the running mode (billing mode), one desktop per call
// (AWS-FACTS.md). A mutation: the SDK retries it only on throttling; a lost answer comes back as
// "unknown-outcome". Setting a running mode is idempotent, so the caller may simply send it again.

import { ModifyWorkspacePropertiesCommand, type Compute, type WorkspaceProperties } from "@aws-sdk/client-workspaces";
import type { CallLog } from "./call-log";
import type { AwsClients } from "./clients";
import type { AwsFailure } from "./errors";
import { invokeAws } from "./invoke";
import type { CallContext } from "./workspaces";
import type { RunningMode } from "@/lib/db/generated/enums";

export interface RunningModeChange {
  runningMode: RunningMode;
  /** AUTO_STOP only, a multiple of 60. AWS fails the item if it is given for ALWAYS_ON. */
  autoStopTimeoutMinutes?: number | null;
}

export type ModifyRunningModeResult = { ok: true; requestId?: string } | AwsFailure;

/** A day-2 change: AWS takes one of these per call (never compute and volumes together). */
export type PropertiesChange = { computeType: string } | { rootVolumeGiB: number } | { userVolumeGiB: number };

export type WorkspacePropertiesApi = ReturnType<typeof createWorkspacePropertiesApi>;

export function createWorkspacePropertiesApi({ clients, callLog }: { clients: AwsClients; callLog: CallLog }) {
  // One desktop, one set of properties per call.
  async function modify(workspaceId: string, properties: WorkspaceProperties, context?: CallContext): Promise<ModifyRunningModeResult> {
    const result = await invokeAws(
      {
        callLog,
        service: "workspaces",
        region: clients.region,
        operation: "ModifyWorkspaceProperties",
        mutating: true,
        itemCount: 1,
        operationIds: context?.operationIds,
      },
      () => clients.workspacesMutations.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: workspaceId, WorkspaceProperties: properties })),
    );
    if (!result.ok) return result;
    return { ok: true, requestId: result.requestId };
  }

  return {
    region: clients.region,

    async modifyRunningMode(workspaceId: string, change: RunningModeChange, context?: CallContext): Promise<ModifyRunningModeResult> {
      const timeout = change.runningMode === "AUTO_STOP" ? change.autoStopTimeoutMinutes : null;
      if (timeout != null && (!Number.isInteger(timeout) || timeout < 60 || timeout % 60 !== 0)) {
        throw new RangeError(`AutoStop timeout must be a positive multiple of 60 minutes, got ${timeout}`);
      }
      return modify(workspaceId, { RunningMode: change.runningMode, ...(timeout ? { RunningModeAutoStopTimeoutInMinutes: timeout } : {}) }, context);
    },

    /** Compute type or one volume size: AWS answers at once and shows UPDATING while it works. */
    async modifyProperties(workspaceId: string, change: PropertiesChange, context?: CallContext): Promise<ModifyRunningModeResult> {
      const properties: WorkspaceProperties =
        "computeType" in change
          ? { ComputeTypeName: change.computeType as Compute }
          : "rootVolumeGiB" in change
            ? { RootVolumeSizeGib: change.rootVolumeGiB }
            : { UserVolumeSizeGib: change.userVolumeGiB };
      return modify(workspaceId, properties, context);
    },
  };
}
