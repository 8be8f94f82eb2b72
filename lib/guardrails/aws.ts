// The web side's handle on AWS for guardrails: one read, DescribeKey, to refuse a KMS key that does
// not exist, is disabled or is not symmetric before it is stored. The worker checks it again
// before each create (lib/jobs/handlers/create.ts).

import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { createConfiguredAwsGateway, type AwsGateway } from "@/lib/aws/gateway";

let gateway: AwsGateway | undefined;

export function guardrailsKms() {
  gateway ??= createConfiguredAwsGateway(db);
  return gateway.forRegion(getConfig().awsRegion).kms;
}
