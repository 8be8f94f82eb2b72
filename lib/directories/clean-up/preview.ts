// What a clean-up would remove, read from AWS (reads only): the directory's desktops, its
// registration, the directory, and the network the portal created (found by the portal's tag;
// a network it did not create is shown as kept).

import { isPortalCreated, QUICK_SETUP_TAG } from "@/lib/aws/portal-network";
import type { RegionApis } from "@/lib/aws/gateway";
import type { AwsFailure } from "@/lib/aws/errors";

export interface CleanUpPreview {
  directoryId: string;
  name: string;
  stage: string;
  desktops: number;
  registered: boolean;
  vpcId: string | null;
  /** True when the portal created the VPC: it and its parts are deleted; otherwise kept. */
  portalNetwork: boolean;
  setupId: string | null;
  subnetIds: string[];
  internetGatewayIds: string[];
}

export async function readCleanUpPreview(api: RegionApis, directoryId: string): Promise<{ ok: true; preview: CleanUpPreview } | AwsFailure | { ok: false; kind: "missing" }> {
  const dirs = await api.directoryCreation.describeDirectories();
  if (!dirs.ok) return dirs;
  const dir = dirs.directories.find((d) => d.directoryId === directoryId && d.stage !== "Deleted");
  if (!dir) return { ok: false, kind: "missing" };
  let desktops = 0;
  let nextToken: string | undefined;
  do {
    const page = await api.workspaces.describeWorkspacesPage({ directoryId, nextToken });
    if (!page.ok) return page;
    desktops += page.workspaces.filter((w) => w.state !== "TERMINATED").length;
    nextToken = page.nextToken;
  } while (nextToken);
  const registrations = await api.workspaces.describeWorkspaceDirectories();
  if (!registrations.ok) return registrations;
  const registered = registrations.directories.some((d) => d.directoryId === directoryId && d.state !== "DEREGISTERED");
  let portalNetwork = false;
  let setupId: string | null = null;
  let subnetIds: string[] = [];
  let internetGatewayIds: string[] = [];
  if (dir.vpcId) {
    const vpcs = await api.portalNetwork.findVpcs({ vpcIds: [dir.vpcId] });
    if (!vpcs.ok) return vpcs;
    const vpc = vpcs.vpcs[0];
    if (vpc && isPortalCreated(vpc.tags)) {
      portalNetwork = true;
      setupId = vpc.tags[QUICK_SETUP_TAG] ?? null;
      const subnets = await api.portalNetwork.findSubnets({ vpcId: vpc.vpcId });
      if (!subnets.ok) return subnets;
      subnetIds = subnets.subnets.filter((s) => isPortalCreated(s.tags)).map((s) => s.subnetId);
      const gateways = await api.portalNetwork.findInternetGateways({ vpcId: vpc.vpcId });
      if (!gateways.ok) return gateways;
      internetGatewayIds = gateways.gateways.filter((g) => isPortalCreated(g.tags)).map((g) => g.internetGatewayId);
    }
  }
  return {
    ok: true,
    preview: { directoryId, name: dir.name, stage: dir.stage, desktops, registered, vpcId: dir.vpcId ?? null, portalNetwork, setupId, subnetIds, internetGatewayIds },
  };
}
