import { db } from "@/lib/db/client";
import type { IpGroupInfo } from "@/lib/aws/ip-groups";
import type { AwsFailure } from "@/lib/aws/errors";
import type { WorkspaceDirectoryInfo } from "@/lib/aws/workspaces";
import { directorySettingsAws } from "../settings-aws";
import { IP_GROUP_OPERATION_TYPES } from "./mutations";

export type IpGroupView = IpGroupInfo & { directoryIds: string[] };
export type IpGroupChangeView = { type: string; status: string; groupName: string; error: string | null; at: string };

type Reads = {
  describeIpGroups(): Promise<{ ok: true; groups: IpGroupInfo[] } | AwsFailure>;
  describeWorkspaceDirectories(): Promise<{ ok: true; directories: WorkspaceDirectoryInfo[] } | AwsFailure>;
};

/** The account's IP groups from AWS, each with the registered directories it is associated with. */
export async function readIpGroups(aws: Reads = directorySettingsAws()): Promise<{ ok: true; groups: IpGroupView[]; directories: WorkspaceDirectoryInfo[] } | { ok: false; message: string }> {
  const groups = await aws.describeIpGroups();
  if (!groups.ok) return { ok: false, message: `${groups.code}: ${groups.message}` };
  const directories = await aws.describeWorkspaceDirectories();
  if (!directories.ok) return { ok: false, message: `${directories.code}: ${directories.message}` };
  const registered = directories.directories.filter((d) => d.state === "REGISTERED");
  return {
    ok: true,
    directories: registered,
    groups: groups.groups
      .map((g) => ({ ...g, directoryIds: registered.filter((d) => d.settings.ipGroupIds.includes(g.groupId)).map((d) => d.directoryId) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** Group changes still being applied, and those that failed in the last day (with AWS's words). */
export async function recentIpGroupChanges(now = new Date()): Promise<IpGroupChangeView[]> {
  const ops = await db.operation.findMany({
    where: {
      type: { in: [...IP_GROUP_OPERATION_TYPES] },
      OR: [{ status: { in: ["QUEUED", "RUNNING"] } }, { status: "FAILED", completedAt: { gte: new Date(now.getTime() - 86_400_000) } }],
    },
    orderBy: { createdAt: "desc" },
    take: 20,
  });
  return ops.map((op) => {
    const p = op.payload as { groupName?: string; name?: string };
    return {
      type: op.type,
      status: op.status,
      groupName: p.groupName ?? p.name ?? "",
      error: op.lastErrorCode ? `${op.lastErrorCode}: ${op.lastError ?? ""}` : null,
      at: (op.completedAt ?? op.createdAt).toISOString(),
    };
  });
}
