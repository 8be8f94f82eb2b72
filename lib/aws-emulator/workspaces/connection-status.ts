/**
 * DescribeWorkspacesConnectionStatus: whether each desktop's (simulated) user is connected, and
 * when they last connected. The state is UNKNOWN while a desktop is stopped or not yet provisioned.
 */
import type {
  DescribeWorkspacesConnectionStatusRequest,
  DescribeWorkspacesConnectionStatusResult,
  WorkspaceConnectionStatus,
} from "@aws-sdk/client-workspaces";
import { awsErrors } from "../aws-error";
import type { EmulatorContext } from "../emulator-context";
import { decodePagingToken, encodePagingToken } from "../paging-token";
import type { WorkspaceRecord } from "../records";
import { liveWorkspace } from "./workspace-lifecycle";

const PAGE_SIZE = 25;
const UNKNOWN_STATES = new Set(["PENDING", "STOPPED", "ERROR", "TERMINATING", "TERMINATED", "SUSPENDED"]);

function connectionStatus(ws: WorkspaceRecord, now: number): WorkspaceConnectionStatus {
  const state = UNKNOWN_STATES.has(ws.state) ? "UNKNOWN" : ws.connected ? "CONNECTED" : "DISCONNECTED";
  return {
    WorkspaceId: ws.WorkspaceId,
    ConnectionState: state,
    ConnectionStateCheckTimestamp: new Date(now),
    ...(ws.lastConnectedAt !== undefined ? { LastKnownUserConnectionTimestamp: new Date(ws.lastConnectedAt) } : {}),
  };
}

export function describeWorkspacesConnectionStatus(
  input: DescribeWorkspacesConnectionStatusRequest,
  ctx: EmulatorContext,
): DescribeWorkspacesConnectionStatusResult {
  const now = ctx.now();
  if (input.WorkspaceIds) {
    const out: WorkspaceConnectionStatus[] = [];
    for (const id of input.WorkspaceIds) {
      const ws = liveWorkspace(ctx, id);
      if (ws) out.push(connectionStatus(ws, now));
    }
    return { WorkspacesConnectionStatus: out };
  }
  const scope = "DescribeWorkspacesConnectionStatus";
  let afterSeq = 0;
  if (input.NextToken !== undefined) {
    const position = decodePagingToken(input.NextToken, scope);
    if (typeof position !== "number") throw awsErrors.invalidParameterValues("The value of NextToken is not valid.");
    afterSeq = position;
  }
  const page: WorkspaceRecord[] = [];
  let hasMore = false;
  for (const id of ctx.store.workspaceIdsAfter(afterSeq)) {
    const ws = liveWorkspace(ctx, id);
    if (!ws) continue;
    if (page.length === PAGE_SIZE) {
      hasMore = true;
      break;
    }
    page.push(ws);
  }
  return {
    WorkspacesConnectionStatus: page.map((ws) => connectionStatus(ws, now)),
    ...(hasMore ? { NextToken: encodePagingToken(scope, page[page.length - 1].seq) } : {}),
  };
}
