// DescribeWorkspacesConnectionStatus: whether each desktop's user is connected now, and when they
// last connected. Up to 25 ids per call (AWS-FACTS.md). Read-only: retried by the SDK's standard
// policy; failures come back as AwsFailure values, never raw SDK errors.

import { DescribeWorkspacesConnectionStatusCommand } from "@aws-sdk/client-workspaces";
import type { CallLog } from "./call-log";
import type { AwsClients } from "./clients";
import type { AwsFailure } from "./errors";
import { invokeAws } from "./invoke";
import { WORKSPACES_BATCH_LIMIT, type CallContext } from "./workspaces";

export type ConnectionState = "CONNECTED" | "DISCONNECTED" | "UNKNOWN";

export interface ConnectionStatusInfo {
  workspaceId: string;
  state: ConnectionState;
  /** When AWS checked the state. */
  checkedAt?: Date;
  lastConnectedAt?: Date;
}

export type ConnectionStatusResult = { ok: true; requestId?: string; statuses: ConnectionStatusInfo[] } | AwsFailure;

export type ConnectionStatusApi = ReturnType<typeof createConnectionStatusApi>;

function toState(value: string | undefined): ConnectionState {
  return value === "CONNECTED" || value === "DISCONNECTED" ? value : "UNKNOWN";
}

export function createConnectionStatusApi({ clients, callLog }: { clients: AwsClients; callLog: CallLog }) {
  return {
    region: clients.region,

    /** 1 to 25 desktops per call; ids AWS does not return are simply absent from the answer. */
    async describeConnectionStatus(ids: string[], context?: CallContext): Promise<ConnectionStatusResult> {
      if (ids.length < 1 || ids.length > WORKSPACES_BATCH_LIMIT) {
        throw new RangeError(`expected 1 to ${WORKSPACES_BATCH_LIMIT} items, got ${ids.length}`);
      }
      const result = await invokeAws(
        {
          callLog,
          service: "workspaces",
          region: clients.region,
          operation: "DescribeWorkspacesConnectionStatus",
          mutating: false,
          itemCount: ids.length,
          operationIds: context?.operationIds,
        },
        () => clients.workspaces.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: ids })),
      );
      if (!result.ok) return result;
      return {
        ok: true,
        requestId: result.requestId,
        statuses: (result.output.WorkspacesConnectionStatus ?? [])
          .filter((s) => s.WorkspaceId)
          .map((s) => ({
            workspaceId: s.WorkspaceId!,
            state: toState(s.ConnectionState),
            checkedAt: s.ConnectionStateCheckTimestamp,
            lastConnectedAt: s.LastKnownUserConnectionTimestamp,
          })),
      };
    },
  };
}
