/**
 * DescribeWorkspaces: one filter at a time (WorkspaceIds, DirectoryId with optional UserName,
 * BundleId or WorkspaceName), pages of Limit (1-25, default 25) in creation order, opaque NextToken.
 * A page costs O(page) plus skipped non-matching desktops, never a scan of the whole fleet for ids.
 */
import type { DescribeWorkspacesRequest, DescribeWorkspacesResult, Workspace } from "@aws-sdk/client-workspaces";
import { awsErrors } from "../aws-error";
import type { EmulatorContext } from "../emulator-context";
import { decodePagingToken, encodePagingToken } from "../paging-token";
import type { WorkspaceRecord } from "../records";
import { liveWorkspace } from "./workspace-lifecycle";
import { workspaceView } from "./workspace-view";

export function describeWorkspaces(input: DescribeWorkspacesRequest, ctx: EmulatorContext): DescribeWorkspacesResult {
  const filters = [input.WorkspaceIds, input.DirectoryId, input.BundleId, input.WorkspaceName].filter((f) => f !== undefined);
  if (filters.length > 1) {
    throw awsErrors.invalidParameterValues(
      "An invalid number of parameters provided with DescribeWorkspaces. Only one of the following are allowed to be specified: BundleId, DirectoryId, WorkSpaceIds, Filters.",
    );
  }
  if (input.UserName !== undefined && input.DirectoryId === undefined) {
    throw awsErrors.invalidParameterValues("The DirectoryId parameter is required when UserName is used.");
  }
  const pageSize = input.Limit ?? 25;
  const now = ctx.now();
  const lagMs = ctx.config.describeLagSeconds * 1000;
  // Newly created desktops are not visible at once: AWS's listing is eventually consistent.
  const visible = (ws: WorkspaceRecord) => ws.createdAt + lagMs <= now;

  if (input.WorkspaceIds) {
    const scope = `DescribeWorkspaces|ids|${input.WorkspaceIds.join(",")}`;
    const start = readToken(input.NextToken, scope);
    const found: Workspace[] = [];
    let index = start;
    for (; index < input.WorkspaceIds.length && found.length < pageSize; index++) {
      const ws = liveWorkspace(ctx, input.WorkspaceIds[index]);
      if (ws && visible(ws)) found.push(workspaceView(ws));
    }
    const more = index < input.WorkspaceIds.length;
    return { Workspaces: found, ...(more ? { NextToken: encodePagingToken(scope, index) } : {}) };
  }

  const userName = input.UserName?.toLowerCase();
  const matches = (ws: WorkspaceRecord) =>
    (input.DirectoryId === undefined || ws.DirectoryId === input.DirectoryId) &&
    (userName === undefined || ws.UserName.toLowerCase() === userName) &&
    (input.BundleId === undefined || ws.BundleId === input.BundleId) &&
    input.WorkspaceName === undefined; // user-decoupled desktops (WorkSpaces Core) are not emulated
  const scope = `DescribeWorkspaces|dir:${input.DirectoryId ?? ""}|user:${userName ?? ""}|bundle:${input.BundleId ?? ""}|name:${input.WorkspaceName ?? ""}`;
  const afterSeq = readToken(input.NextToken, scope);

  const page: WorkspaceRecord[] = [];
  let hasMore = false;
  for (const id of ctx.store.workspaceIdsAfter(afterSeq)) {
    const ws = liveWorkspace(ctx, id);
    if (!ws || !matches(ws) || !visible(ws)) continue;
    if (page.length === pageSize) {
      hasMore = true;
      break;
    }
    page.push(ws);
  }
  return {
    Workspaces: page.map(workspaceView),
    ...(hasMore ? { NextToken: encodePagingToken(scope, page[page.length - 1].seq) } : {}),
  };
}

function readToken(token: string | undefined, scope: string): number {
  if (token === undefined) return 0;
  const position = decodePagingToken(token, scope);
  if (typeof position !== "number") throw awsErrors.invalidParameterValues("The value of NextToken is not valid.");
  return position;
}
