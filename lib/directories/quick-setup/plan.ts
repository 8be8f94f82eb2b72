// The checks that need the account (reads only) and the plan shown before anything happens.

import { db } from "@/lib/db/client";
import { fail, type ActionFailure } from "@/lib/action-result";
import { plural } from "@/lib/plural";
import type { RegionApis } from "@/lib/aws/gateway";
import { parseUserLines, type QuickSetupInput } from "./schema";
import type { QuickSetupPayload } from "./payload";
import { workspacesSupports } from "./zones";

/** AWS's default limit of VPCs per region (VpcLimitExceeded). */
export const VPC_LIMIT = 5;

export interface PlanLine {
  step: string;
  text: string;
}

const fieldError = (field: string, message: string) => fail("INVALID_INPUT", "Please correct the highlighted fields.", { [field]: message });

/** The job's payload (without the password) and the plan, or the first field AWS would refuse. */
export async function checkQuickSetup(api: RegionApis, input: QuickSetupInput): Promise<{ ok: true; payload: Omit<QuickSetupPayload, "secret">; plan: PlanLine[] } | ActionFailure> {
  const users = parseUserLines(input.users).users;
  const zones = await api.portalNetwork.zones();
  if (!zones.ok) return fail("CONFLICT", `EC2 could not be read: ${zones.code}: ${zones.message}`);
  const zoneChecks = (field: string, name: string) => {
    const zone = zones.zones.find((z) => z.name === name);
    if (!zone) return `${name} is not an Availability Zone of ${api.region}.`;
    if (!workspacesSupports(api.region, zone.id)) return `WorkSpaces does not support ${name} (${zone.id}). Choose another zone.`;
    return null;
  };

  let network: QuickSetupPayload["network"];
  const plan: PlanLine[] = [];
  if (input.networkMode === "new") {
    for (const [field, zone] of [["subnetAZone", input.subnetAZone], ["subnetBZone", input.subnetBZone]] as const) {
      const problem = zoneChecks(field, zone);
      if (problem) return fieldError(field, problem);
    }
    const vpcs = await api.portalNetwork.findVpcs({});
    if (!vpcs.ok) return fail("CONFLICT", `EC2 could not be read: ${vpcs.code}: ${vpcs.message}`);
    if (vpcs.vpcs.length >= VPC_LIMIT) {
      return fieldError("vpcCidr", `The account already has ${vpcs.vpcs.length} VPCs in ${api.region}, AWS's limit. Use the default VPC, or delete a VPC first.`);
    }
    network = { kind: "new", vpcCidr: input.vpcCidr, subnets: [{ cidr: input.subnetACidr, availabilityZone: input.subnetAZone }, { cidr: input.subnetBCidr, availabilityZone: input.subnetBZone }] };
    plan.push(
      { step: "vpc", text: `A VPC with the range ${input.vpcCidr}` },
      { step: "subnets", text: `Two subnets: ${input.subnetACidr} in ${input.subnetAZone}, ${input.subnetBCidr} in ${input.subnetBZone}` },
      { step: "internet-gateway", text: "An internet gateway attached to the VPC" },
      { step: "routes", text: "A route to the internet (0.0.0.0/0) through the gateway in the VPC's main route table" },
    );
  } else {
    const vpc = await api.directoryCreation.describeVpcs();
    if (!vpc.ok) return fail("CONFLICT", `EC2 could not be read: ${vpc.code}: ${vpc.message}`);
    const defaultVpc = vpc.vpcs.find((v) => v.isDefault);
    if (!defaultVpc) return fieldError("networkMode", `The account has no default VPC in ${api.region}. Create a new VPC instead.`);
    const subnets = await api.directoryCreation.describeSubnets({ vpcId: defaultVpc.vpcId });
    if (!subnets.ok) return fail("CONFLICT", `EC2 could not be read: ${subnets.code}: ${subnets.message}`);
    const usable = subnets.subnets.filter((s) => zoneChecks("networkMode", s.availabilityZone) === null);
    const first = usable[0];
    const second = usable.find((s) => s.availabilityZone !== first?.availabilityZone);
    if (!first || !second) return fieldError("networkMode", `The default VPC has no two subnets in different zones that WorkSpaces supports. Create a new VPC instead.`);
    network = { kind: "default", vpcId: defaultVpc.vpcId, subnetIds: [first.subnetId, second.subnetId] };
    plan.push({ step: "vpc", text: `The default VPC ${defaultVpc.vpcId}, with its subnets ${first.subnetId} (${first.availabilityZone}) and ${second.subnetId} (${second.availabilityZone}); nothing is created in it` });
  }

  const directories = await api.directoryCreation.describeDirectories();
  if (!directories.ok) return fail("CONFLICT", `Directory Service could not be read: ${directories.code}: ${directories.message}`);
  const sameName = (n: string) => n.toLowerCase() === input.name.toLowerCase();
  const queued = await db.operation.findMany({ where: { type: { in: ["CREATE_DIRECTORY", "QUICK_SETUP"] }, status: { in: ["QUEUED", "RUNNING"] } }, select: { payload: true } });
  const queuedName = (p: unknown) => String((p as { name?: unknown; directory?: { name?: unknown } }).name ?? (p as { directory?: { name?: unknown } }).directory?.name ?? "");
  // A name used once only: a lost answer is checked by finding the directory by its name.
  if (directories.directories.some((d) => sameName(d.name) && d.stage !== "Deleted") || queued.some((o) => sameName(queuedName(o.payload)))) {
    return fieldError("name", `A directory named ${input.name} already exists or is being created.`);
  }

  let desktops: QuickSetupPayload["desktops"] = null;
  if (input.bundleId) {
    const bundle = await db.bundle.findFirst({ where: { id: input.bundleId, available: true } });
    if (!bundle) return fieldError("bundleId", "Choose a bundle from the list.");
    desktops = { bundleId: bundle.id, runningMode: input.runningMode };
  }

  plan.push(
    { step: "directory", text: `A ${input.size} Simple AD named ${input.name}${input.shortName ? ` (NetBIOS name ${input.shortName})` : ""}, in those two subnets` },
    { step: "directory-active", text: "Wait until the directory is Active (usually 5 to 10 minutes)" },
    { step: "registration", text: "Register the directory with WorkSpaces" },
  );
  if (users.length > 0) plan.push({ step: "users", text: `${plural(users.length, "user")} to create in the directory: ${users.map((u) => u.userName).join(", ")}, each with a strong initial password shown to you once; they choose their own at their first sign-in` });
  if (desktops) plan.push({ step: "desktops", text: `${plural(users.length, "first desktop")} with the bundle ${desktops.bundleId}, ${desktops.runningMode === "AUTO_STOP" ? "AutoStop" : "AlwaysOn"}` });
  plan.push({ step: "tags", text: "Everything created is tagged portal:created-by=workspaces-portal and with the set-up's id" });

  return {
    ok: true,
    payload: { network, directory: { name: input.name, shortName: input.shortName, size: input.size }, users, desktops },
    plan,
  };
}
