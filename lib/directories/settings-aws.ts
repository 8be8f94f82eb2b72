// The web side's reads of AWS for a directory's settings (checks before anything is queued): the
// directory itself, its VPC's security groups, the account's IP groups. Changes are the worker's.

import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { createConfiguredAwsGateway, type AwsGateway } from "@/lib/aws/gateway";

let gateway: AwsGateway | undefined;

export function directorySettingsAws() {
  gateway ??= createConfiguredAwsGateway(db);
  const apis = gateway.forRegion(getConfig().awsRegion);
  return {
    describeDirectories: (directoryIds: string[]) => apis.directoryService.describeDirectories({ directoryIds }),
    describeSecurityGroups: (vpcId: string) => apis.directoryCreation.describeSecurityGroups(vpcId),
    describeIpGroups: () => apis.ipGroups.describeIpGroups(),
    describeWorkspaceDirectories: () => apis.workspaces.describeWorkspaceDirectories(),
  };
}
