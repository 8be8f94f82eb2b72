// When the snapshot a restore goes back to was taken: a read of AWS (DescribeWorkspaceSnapshots)
// on the web side, shown in the confirmation. A failed read is "not known", never a guess.
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { createConfiguredAwsGateway, type AwsGateway } from "@/lib/aws/gateway";

let gateway: AwsGateway | undefined;

export type LastSnapshot = { kind: "at"; iso: string } | { kind: "none" } | { kind: "unknown" };

export async function lastRestoreSnapshot(workspaceId: string): Promise<LastSnapshot> {
  gateway ??= createConfiguredAwsGateway(db);
  const result = await gateway.forRegion(getConfig().awsRegion).workspaceMigration.lastRestoreSnapshot(workspaceId);
  if (!result.ok) return { kind: "unknown" };
  return result.lastRestoreSnapshotAt ? { kind: "at", iso: result.lastRestoreSnapshotAt.toISOString() } : { kind: "none" };
}
