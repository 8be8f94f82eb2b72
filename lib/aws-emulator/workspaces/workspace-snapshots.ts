/**
 * DescribeWorkspaceSnapshots: AWS snapshots a desktop's volumes every 12 hours once it is running;
 * rebuild and restore go back to the latest. The emulator takes the first when the desktop first
 * became AVAILABLE, then every 12 hours of the emulator clock (a schedule, not a process duration,
 * so not scaled). A desktop not yet AVAILABLE has none.
 */
import type { DescribeWorkspaceSnapshotsRequest, DescribeWorkspaceSnapshotsResult } from "@aws-sdk/client-workspaces";
import type { EmulatorContext } from "../emulator-context";
import type { WorkspaceRecord } from "../records";
import { requireWorkspace } from "./single-workspace-actions";

export const SNAPSHOT_INTERVAL_MS = 12 * 3600_000;
/** How many recent snapshots the answer lists, newest first. */
const LISTED = 3;

export function snapshotTimes(ws: WorkspaceRecord, firstAvailableAt: number, now: number): number[] {
  if (now < firstAvailableAt) return [];
  const latest = firstAvailableAt + Math.floor((now - firstAvailableAt) / SNAPSHOT_INTERVAL_MS) * SNAPSHOT_INTERVAL_MS;
  const times: number[] = [];
  for (let t = latest; t >= firstAvailableAt && times.length < LISTED; t -= SNAPSHOT_INTERVAL_MS) times.push(t);
  return times;
}

export function describeWorkspaceSnapshots(input: DescribeWorkspaceSnapshotsRequest, ctx: EmulatorContext): DescribeWorkspaceSnapshotsResult {
  const ws = requireWorkspace(ctx, input.WorkspaceId!);
  const firstAvailableAt = ws.createdAt + ctx.duration(ws.migratedFrom ? "workspaceMigrating" : "workspacePending");
  const snapshots = ws.failOnCreate ? [] : snapshotTimes(ws, firstAvailableAt, ctx.now()).map((t) => ({ SnapshotTime: new Date(t) }));
  return { RebuildSnapshots: snapshots, RestoreSnapshots: snapshots };
}
