// The web side's handle on AWS for directory creation: reads only (the VPCs and subnets the form
// offers, the checks before queueing, the state of a directory being created). The create itself
// is the worker's (lib/jobs/handlers/create-directory.ts).

import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { createConfiguredAwsGateway, type AwsGateway } from "@/lib/aws/gateway";

let gateway: AwsGateway | undefined;

export function directoryCreationAws() {
  gateway ??= createConfiguredAwsGateway(db);
  return gateway.forRegion(getConfig().awsRegion).directoryCreation;
}
