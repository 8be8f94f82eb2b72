// MigrateWorkspace (one desktop per call: a new WorkSpace id on another bundle, the user volume
// kept, the root volume replaced) and DescribeWorkspaceSnapshots (when the last snapshot a
// restore or rebuild goes back to was taken). A migrate is a mutation: the SDK retries it only
// on throttling; a lost answer comes back as "unknown-outcome" (the caller looks in AWS first).

import { DescribeWorkspaceSnapshotsCommand, MigrateWorkspaceCommand } from "@aws-sdk/client-workspaces";
import type { CallLog } from "./call-log";
import type { AwsClients } from "./clients";
import type { AwsFailure } from "./errors";
import { invokeAws } from "./invoke";
import type { CallContext } from "./workspaces";

export type MigrateWorkspaceResult = { ok: true; requestId?: string; targetWorkspaceId: string } | AwsFailure;
export type WorkspaceSnapshotsResult = { ok: true; lastRestoreSnapshotAt: Date | null } | AwsFailure;

export type WorkspaceMigrationApi = ReturnType<typeof createWorkspaceMigrationApi>;

export function createWorkspaceMigrationApi({ clients, callLog }: { clients: AwsClients; callLog: CallLog }) {
  const ctx = (operation: string, mutating: boolean, context?: CallContext) => ({
    callLog,
    service: "workspaces" as const,
    region: clients.region,
    operation,
    mutating,
    itemCount: 1,
    operationIds: context?.operationIds,
  });
  return {
    async migrateWorkspace(sourceWorkspaceId: string, bundleId: string, context?: CallContext): Promise<MigrateWorkspaceResult> {
      const result = await invokeAws(ctx("MigrateWorkspace", true, context), () =>
        clients.workspacesMutations.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: sourceWorkspaceId, BundleId: bundleId })),
      );
      if (!result.ok) return result;
      const target = result.output.TargetWorkspaceId;
      if (!target) return { ok: false, kind: "server", code: "MissingTargetWorkspaceId", message: "AWS answered without the new WorkSpace id.", requestId: result.requestId };
      return { ok: true, requestId: result.requestId, targetWorkspaceId: target };
    },

    /** The newest snapshot a restore would go back to, or null when AWS has none yet. */
    async lastRestoreSnapshot(workspaceId: string, context?: CallContext): Promise<WorkspaceSnapshotsResult> {
      const result = await invokeAws(ctx("DescribeWorkspaceSnapshots", false, context), () =>
        clients.workspaces.send(new DescribeWorkspaceSnapshotsCommand({ WorkspaceId: workspaceId })),
      );
      if (!result.ok) return result;
      const times = (result.output.RestoreSnapshots ?? []).map((s) => s.SnapshotTime?.getTime()).filter((t): t is number => t !== undefined);
      return { ok: true, lastRestoreSnapshotAt: times.length ? new Date(Math.max(...times)) : null };
    },
  };
}
