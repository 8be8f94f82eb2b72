// What the create-a-directory form offers: the region's VPCs, each with its subnets by Availability
// Zone, read live from EC2 (DescribeVpcs, DescribeSubnets, DescribeAvailabilityZones) through the
// real SDK against the emulator; EC2 failing is said plainly, not shown as an empty list.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { clientConfig } from "@/test-support/emulator-fixture";
import { REGION, startHarness, type Harness } from "@/test-support/worker-harness";

let h: Harness;
vi.mock("./aws", () => ({ directoryCreationAws: () => h.aws.forRegion(REGION).directoryCreation }));
const { loadNetworkChoices } = await import("./queries");

let ec2: EC2Client;
beforeAll(async () => {
  h = await startHarness();
  ec2 = new EC2Client(clientConfig(h.emulator.url));
});
afterAll(async () => {
  ec2?.destroy();
  await h?.close();
});

describe("the network a new directory can go in", () => {
  it("lists every VPC with its own subnets, ordered by zone, and the region's zones", async () => {
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.40.0.0/16" }))).Vpc!.VpcId!;
    // Made in reverse zone order: the form lists them by zone.
    const inB = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: "10.40.2.0/24", AvailabilityZone: "us-east-1b" }))).Subnet!.SubnetId!;
    const inA = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: "10.40.1.0/24", AvailabilityZone: "us-east-1a" }))).Subnet!.SubnetId!;

    const choices = await loadNetworkChoices();
    if (!choices.ok) throw new Error(choices.message);
    expect(choices.network.zones).toEqual(expect.arrayContaining(["us-east-1a", "us-east-1b"]));
    const mine = choices.network.vpcs.find((v) => v.vpcId === vpc);
    expect(mine?.subnets.map((s) => [s.subnetId, s.availabilityZone])).toEqual([
      [inA, "us-east-1a"],
      [inB, "us-east-1b"],
    ]);
    // Every other VPC keeps its own subnets: none of this VPC's appear under another.
    for (const other of choices.network.vpcs.filter((v) => v.vpcId !== vpc)) {
      expect(other.subnets.every((s) => s.vpcId === other.vpcId)).toBe(true);
    }
    expect(choices.network.vpcs.length).toBeGreaterThanOrEqual(2); // the region's default VPC too
  });

  it("says EC2 could not be read, with AWS's code, when EC2 fails", async () => {
    await h.configureEmulator({ faults: { operations: { DescribeSubnets: { errorRate: 1 } } } });
    try {
      const choices = await loadNetworkChoices();
      expect(choices).toMatchObject({ ok: false, message: expect.stringMatching(/^EC2 could not be read: \w+: /) });
    } finally {
      await h.configureEmulator({ faults: { operations: {} } });
    }
  });
});
