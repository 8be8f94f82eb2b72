// The web side's handle on AWS for images and bundles: reads only (the lists the admin pages show,
// live: images change state on AWS's clock). Every change is the worker's
// (lib/jobs/handlers/image-bundle-changes.ts).

import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { createConfiguredAwsGateway, type AwsGateway } from "@/lib/aws/gateway";

let gateway: AwsGateway | undefined;

export function imagesAws(region: string = getConfig().awsRegion) {
  gateway ??= createConfiguredAwsGateway(db);
  return gateway.forRegion(region);
}
