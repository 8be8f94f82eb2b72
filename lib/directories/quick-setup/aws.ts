// The web side's handle on AWS for the quick set-up and clean-up: reads only (zones, VPCs,
// directories, desktops), for the checks and previews. Every change is the worker's.

import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { createConfiguredAwsGateway, type AwsGateway } from "@/lib/aws/gateway";

let gateway: AwsGateway | undefined;

export function quickSetupAws() {
  gateway ??= createConfiguredAwsGateway(db);
  return gateway.forRegion(getConfig().awsRegion);
}
