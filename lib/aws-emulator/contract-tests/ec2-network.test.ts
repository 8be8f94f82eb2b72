/**
 * The EC2 subset through @aws-sdk/client-ec2 (EC2's Query protocol, XML answers): Availability
 * Zones, the default VPC, VPCs, subnets, internet gateways, route tables, security groups, tags,
 * filters, paging, dependency rules, faults and persistence.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CreateMicrosoftADCommand } from "@aws-sdk/client-directory-service";
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DeleteVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  EC2Client,
  EC2ServiceException,
  ModifyVpcAttributeCommand,
  paginateDescribeSubnets,
} from "@aws-sdk/client-ec2";
import { DEMO } from "@/lib/aws-emulator/demo-seed";
import { createAwsClients } from "@/lib/aws/clients";
import { clientConfig, rejection, removeTempDirs, startTestEmulator, tempDir, type TestEmulator } from "@/test-support/emulator-fixture";

let t: TestEmulator;
let ec2: EC2Client;
beforeAll(async () => {
  t = await startTestEmulator();
  ec2 = new EC2Client(clientConfig(t.emulator.url));
});
afterAll(async () => {
  ec2.destroy();
  await t.close();
  removeTempDirs();
});

/** The EC2 error code the SDK surfaces as the exception's name. */
async function code(promise: Promise<unknown>): Promise<string> {
  const error = await rejection(promise, EC2ServiceException);
  return error.name;
}

const created: string[] = [];
afterEach(async () => {
  // Tests leave no VPC behind (the quota is 5 per region); each cleans up in AWS's order.
  for (const vpcId of created.splice(0)) await teardownVpc(vpcId);
});

async function teardownVpc(vpcId: string) {
  const subnets = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
  const tables = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
  for (const table of tables.RouteTables!) {
    for (const a of table.Associations!) if (!a.Main) await ec2.send(new DisassociateRouteTableCommand({ AssociationId: a.RouteTableAssociationId }));
    if (!table.Associations!.some((a) => a.Main)) await ec2.send(new DeleteRouteTableCommand({ RouteTableId: table.RouteTableId }));
  }
  for (const s of subnets.Subnets!) await ec2.send(new DeleteSubnetCommand({ SubnetId: s.SubnetId }));
  const gateways = await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: "attachment.vpc-id", Values: [vpcId] }] }));
  for (const g of gateways.InternetGateways!) {
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: g.InternetGatewayId, VpcId: vpcId }));
    await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: g.InternetGatewayId }));
  }
  const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
  for (const g of groups.SecurityGroups!) if (g.GroupName !== "default") await ec2.send(new DeleteSecurityGroupCommand({ GroupId: g.GroupId }));
  await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
}

async function newVpc(cidr = "10.20.0.0/16", tags: { Key: string; Value: string }[] = []) {
  const out = await ec2.send(
    new CreateVpcCommand({ CidrBlock: cidr, ...(tags.length ? { TagSpecifications: [{ ResourceType: "vpc", Tags: tags }] } : {}) }),
  );
  created.push(out.Vpc!.VpcId!);
  return out.Vpc!.VpcId!;
}

describe("wire protocol", () => {
  it("answers a form-encoded Query request in EC2's XML with its namespace and request id", async () => {
    const res = await fetch(`${t.emulator.url}/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body: "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=is-default&Filter.1.Value.1=true",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/xml/);
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<DescribeVpcsResponse xmlns="http:\/\/ec2.amazonaws.com\/doc\/2016-11-15\/">/);
    expect(xml).toContain(`<requestId>${res.headers.get("x-amzn-requestid")}</requestId>`);
    expect(xml).toContain("<vpcSet><item><ownerId>123456789012</ownerId>");
    expect(xml).toContain("<vpcId>vpc-0def0000000000001</vpcId>");
    expect(xml).toContain("<isDefault>true</isDefault>");
  });

  it("answers errors as <Response><Errors><Error><Code>, which the SDK raises by code", async () => {
    const res = await fetch(`${t.emulator.url}/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-00000000000000bad",
    });
    expect(res.status).toBe(400);
    const xml = await res.text();
    expect(xml).toMatch(/<Response><Errors><Error><Code>InvalidVpcID.NotFound<\/Code><Message>The vpc ID 'vpc-00000000000000bad' does not exist<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);

    const error = await rejection(ec2.send(new DescribeVpcsCommand({ VpcIds: ["vpc-00000000000000bad"] })), EC2ServiceException);
    expect(error.name).toBe("InvalidVpcID.NotFound");
    expect(error.message).toBe("The vpc ID 'vpc-00000000000000bad' does not exist");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await code(ec2.send(new DescribeVpcsCommand({ VpcIds: ["banana"] })))).toBe("InvalidVpcID.Malformed");

    const unknown = await fetch(`${t.emulator.url}/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=RunInstances&Version=2016-11-15",
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("<Code>InvalidAction</Code>");
  });
});

describe("Availability Zones and the default VPC", () => {
  it("lists the region's zones with their zone ids", async () => {
    const out = await ec2.send(new DescribeAvailabilityZonesCommand({}));
    expect(out.AvailabilityZones!.map((z) => z.ZoneName)).toEqual(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"]);
    expect(out.AvailabilityZones![0]).toMatchObject({ ZoneId: "use1-az2", State: "available", RegionName: "us-east-1", ZoneType: "availability-zone" });
    const one = await ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: "zone-id", Values: ["use1-az4"] }] }));
    expect(one.AvailabilityZones!.map((z) => z.ZoneName)).toEqual(["us-east-1b"]);
  });

  it("has a default VPC 172.31.0.0/16 with a default subnet per zone, a main route table to the internet and a default group", async () => {
    const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] }));
    expect(vpcs.Vpcs).toHaveLength(1);
    const vpc = vpcs.Vpcs![0];
    expect(vpc).toMatchObject({ CidrBlock: "172.31.0.0/16", IsDefault: true, State: "available", OwnerId: "123456789012" });
    const subnets = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "default-for-az", Values: ["true"] }] }));
    expect(subnets.Subnets!.map((s) => s.AvailabilityZone).sort()).toEqual(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"]);
    expect(subnets.Subnets![0]).toMatchObject({ VpcId: vpc.VpcId, CidrBlock: "172.31.0.0/20", AvailableIpAddressCount: 4091, MapPublicIpOnLaunch: true });
    const tables = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpc.VpcId!] }, { Name: "association.main", Values: ["true"] }] }));
    expect(tables.RouteTables).toHaveLength(1);
    expect(tables.RouteTables![0].Routes!.map((r) => [r.DestinationCidrBlock, r.GatewayId, r.State])).toEqual([
      ["172.31.0.0/16", "local", "active"],
      ["0.0.0.0/0", "igw-0def0000000000001", "active"],
    ]);
    const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpc.VpcId!] }] }));
    expect(groups.SecurityGroups!.map((g) => g.GroupName)).toEqual(["default"]);
    expect(groups.SecurityGroups![0].IpPermissionsEgress).toEqual([expect.objectContaining({ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] })]);
  });

  it("shows the demo seed's network: its VPC, three subnets and the directory's security groups", async () => {
    const subnets = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [DEMO.vpcId] }] }));
    expect(subnets.Subnets!.map((s) => s.SubnetId)).toEqual(DEMO.subnets.map((s) => s.SubnetId));
    const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [DEMO.vpcId] }] }));
    expect(groups.SecurityGroups!.map((g) => g.GroupName).sort()).toEqual(["d-9067000001_controllers", "d-9067000001_workspacesMembers", "default"]);
  });
});

describe("VPCs and subnets", () => {
  it("creates a tagged VPC with a main route table and default security group; overlapping VPC ranges are allowed", async () => {
    const vpcId = await newVpc("10.20.0.0/16", [{ Key: "created-by", Value: "portal" }]);
    const second = await newVpc("10.20.0.0/16");
    expect(second).not.toBe(vpcId);
    const out = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    expect(out.Vpcs![0]).toMatchObject({ CidrBlock: "10.20.0.0/16", IsDefault: false, Tags: [{ Key: "created-by", Value: "portal" }] });
    const tables = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }));
    expect(tables.RouteTables!.map((r) => r.Associations![0].Main)).toEqual([true]);
    const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "group-name", Values: ["default"] }] }));
    expect(groups.SecurityGroups).toHaveLength(1);
  });

  it("refuses VPC blocks outside /16../28 and text that is not a block", async () => {
    expect(await code(ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/15" })))).toBe("InvalidVpc.Range");
    expect(await code(ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/29" })))).toBe("InvalidVpc.Range");
    expect(await code(ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.300/16" })))).toBe("InvalidParameterValue");
    expect(await code(ec2.send(new CreateVpcCommand({})))).toBe("MissingParameter");
  });

  it("stops at 5 VPCs per region (the default and demo VPCs count)", async () => {
    await newVpc("10.30.0.0/16");
    await newVpc("10.31.0.0/16");
    await newVpc("10.32.0.0/16");
    expect(await code(ec2.send(new CreateVpcCommand({ CidrBlock: "10.33.0.0/16" })))).toBe("VpcLimitExceeded");
  });

  it("puts subnets inside their VPC, without overlaps, in zones that exist", async () => {
    const vpcId = await newVpc("10.40.0.0/16");
    const a = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.40.0.0/24", AvailabilityZone: "us-east-1a" }));
    expect(a.Subnet).toMatchObject({ VpcId: vpcId, CidrBlock: "10.40.0.0/24", AvailabilityZone: "us-east-1a", AvailabilityZoneId: "use1-az2", AvailableIpAddressCount: 251 });
    const b = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.40.1.0/24", AvailabilityZoneId: "use1-az4" }));
    expect(b.Subnet!.AvailabilityZone).toBe("us-east-1b");
    expect(await code(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.40.0.128/25", AvailabilityZone: "us-east-1c" })))).toBe("InvalidSubnet.Conflict");
    expect(await code(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.41.0.0/24", AvailabilityZone: "us-east-1c" })))).toBe("InvalidSubnet.Range");
    expect(await code(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.40.8.0/29", AvailabilityZone: "us-east-1c" })))).toBe("InvalidSubnet.Range");
    const badZone = await rejection(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.40.2.0/24", AvailabilityZone: "us-east-1z" })), EC2ServiceException);
    expect(badZone.name).toBe("InvalidParameterValue");
    expect(badZone.message).toContain("us-east-1a, us-east-1b");
    expect(await code(ec2.send(new CreateSubnetCommand({ VpcId: "vpc-0000000000000dead", CidrBlock: "10.40.2.0/24" })))).toBe("InvalidVpcID.NotFound");
  });

  it("filters by vpc-id, availability-zone, tag:Key, tag-key and wildcards, and turns DNS attributes on", async () => {
    const vpcId = await newVpc("10.50.0.0/16");
    const tag = (Key: string, Value: string) => [{ ResourceType: "subnet" as const, Tags: [{ Key, Value }] }];
    await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.50.0.0/24", AvailabilityZone: "us-east-1a", TagSpecifications: tag("tier", "desktops-a") }));
    await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.50.1.0/24", AvailabilityZone: "us-east-1b", TagSpecifications: tag("tier", "desktops-b") }));
    await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.50.2.0/24", AvailabilityZone: "us-east-1b", TagSpecifications: tag("other", "x") }));
    const find = async (...Filters: { Name: string; Values: string[] }[]) =>
      (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, ...Filters] }))).Subnets!.map((s) => s.CidrBlock);
    expect(await find()).toHaveLength(3);
    expect(await find({ Name: "availability-zone", Values: ["us-east-1b"] })).toEqual(["10.50.1.0/24", "10.50.2.0/24"]);
    expect(await find({ Name: "tag:tier", Values: ["desktops-*"] })).toEqual(["10.50.0.0/24", "10.50.1.0/24"]);
    expect(await find({ Name: "tag:tier", Values: ["desktops-?"] }, { Name: "availability-zone", Values: ["us-east-1a"] })).toEqual(["10.50.0.0/24"]);
    expect(await find({ Name: "tag-key", Values: ["other"] })).toEqual(["10.50.2.0/24"]);
    expect(await code(ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "colour", Values: ["red"] }] })))).toBe("InvalidParameterValue");

    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    const dns = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: "enableDnsHostnames" }));
    expect(dns.EnableDnsHostnames).toEqual({ Value: true });
    await ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: "Name", Value: "one" }] }));
    await ec2.send(new DeleteTagsCommand({ Resources: [vpcId], Tags: [{ Key: "Name" }] }));
    expect((await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs![0].Tags ?? []).toEqual([]);
    expect(await code(ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: "aws:owner", Value: "x" }] })))).toBe("InvalidParameterValue");
  });

  it("pages with MaxResults and NextToken (5..1000), and refuses bad tokens and MaxResults with ids", async () => {
    const pages: number[] = [];
    const all: string[] = [];
    for await (const page of paginateDescribeSubnets({ client: ec2, pageSize: 5 }, {})) {
      pages.push(page.Subnets!.length);
      all.push(...page.Subnets!.map((s) => s.SubnetId!));
    }
    // 6 default subnets and 3 demo subnets.
    expect(pages).toEqual([5, 4]);
    expect(new Set(all).size).toBe(9);
    expect(await code(ec2.send(new DescribeSubnetsCommand({ MaxResults: 4 })))).toBe("InvalidParameterValue");
    expect(await code(ec2.send(new DescribeSubnetsCommand({ MaxResults: 5, NextToken: "forged" })))).toBe("InvalidPaginationToken");
    expect(await code(ec2.send(new DescribeSubnetsCommand({ MaxResults: 5, SubnetIds: [all[0]] })))).toBe("InvalidParameterCombination");
  });
});

describe("gateways, route tables and dependencies", () => {
  it("builds a quick-setup network and tears it down only in AWS's order", async () => {
    const vpcId = await newVpc("10.60.0.0/16");
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.60.0.0/24", AvailabilityZone: "us-east-1a" }))).Subnet!.SubnetId!;
    const igw = (await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: "internet-gateway", Tags: [{ Key: "created-by", Value: "portal" }] }] })))
      .InternetGateway!.InternetGatewayId!;
    const table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;

    // A route to a gateway of another network is refused; so is a second attachment.
    expect(await code(ec2.send(new CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw })))).toBe("InvalidParameterValue");
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    expect(await code(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId })))).toBe("Resource.AlreadyAssociated");
    await ec2.send(new CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw }));
    expect(await code(ec2.send(new CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw })))).toBe("RouteAlreadyExists");
    const association = await ec2.send(new AssociateRouteTableCommand({ RouteTableId: table, SubnetId: subnet }));
    expect(association.AssociationState!.State).toBe("associated");
    expect(await code(ec2.send(new AssociateRouteTableCommand({ RouteTableId: table, SubnetId: subnet })))).toBe("Resource.AlreadyAssociated");

    const described = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "association.subnet-id", Values: [subnet] }] }));
    expect(described.RouteTables!.map((r) => r.RouteTableId)).toEqual([table]);
    expect(described.RouteTables![0].Routes!.map((r) => [r.DestinationCidrBlock, r.GatewayId, r.State])).toEqual([
      ["10.60.0.0/16", "local", "active"],
      ["0.0.0.0/0", igw, "active"],
    ]);
    const gateways = await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: "tag:created-by", Values: ["portal"] }] }));
    expect(gateways.InternetGateways!.map((g) => [g.InternetGatewayId, g.Attachments![0].VpcId])).toEqual([[igw, vpcId]]);

    // Dependencies: nothing goes while something still uses it.
    expect(await code(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).toBe("DependencyViolation");
    expect(await code(ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igw })))).toBe("DependencyViolation");
    expect(await code(ec2.send(new DeleteRouteTableCommand({ RouteTableId: table })))).toBe("DependencyViolation");
    const main = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "association.main", Values: ["true"] }] }))).RouteTables![0];
    expect(await code(ec2.send(new DeleteRouteTableCommand({ RouteTableId: main.RouteTableId })))).toBe("DependencyViolation");
    expect(await code(ec2.send(new DisassociateRouteTableCommand({ AssociationId: main.Associations![0].RouteTableAssociationId })))).toBe("InvalidParameterValue");

    await ec2.send(new DisassociateRouteTableCommand({ AssociationId: association.AssociationId }));
    await ec2.send(new DeleteRouteTableCommand({ RouteTableId: table }));
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnet }));
    expect(await code(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).toBe("DependencyViolation");
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    expect(await code(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId })))).toBe("Gateway.NotAttached");
    await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igw }));
    await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
    created.splice(created.indexOf(vpcId), 1);
    // The VPC took its main route table and default group with it.
    expect((await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))).RouteTables).toEqual([]);
    expect((await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))).SecurityGroups).toEqual([]);
    expect(await code(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).toBe("InvalidVpcID.NotFound");
  });

  it("keeps a subnet a directory uses, and shows the directory's controllers group", async () => {
    const vpcId = await newVpc("10.70.0.0/16");
    const a = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.70.0.0/24", AvailabilityZone: "us-east-1a" }))).Subnet!.SubnetId!;
    const b = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: "10.70.1.0/24", AvailabilityZone: "us-east-1b" }))).Subnet!.SubnetId!;
    const dir = await t.ds.send(
      new CreateMicrosoftADCommand({ Name: "net.example.com", Password: "Sup3r-Secret!", Edition: "Standard", VpcSettings: { VpcId: vpcId, SubnetIds: [a, b] } }),
    );
    expect(await code(ec2.send(new DeleteSubnetCommand({ SubnetId: a })))).toBe("DependencyViolation");
    expect(await code(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).toBe("DependencyViolation");
    const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-name", Values: [`${dir.DirectoryId}_controllers`] }] }));
    expect(groups.SecurityGroups).toHaveLength(1);
    expect(groups.SecurityGroups![0].IpPermissions!.some((p) => p.IpProtocol === "tcp" && p.FromPort === 389)).toBe(true);
    const subnet = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [a] }))).Subnets![0];
    expect(subnet.AvailableIpAddressCount).toBe(250);
    expect(await code(ec2.send(new DeleteSecurityGroupCommand({ GroupId: groups.SecurityGroups![0].GroupId })))).toBe("DependencyViolation");
    // Clean up: delete the directory and let it go.
    const { DeleteDirectoryCommand } = await import("@aws-sdk/client-directory-service");
    await t.ds.send(new DeleteDirectoryCommand({ DirectoryId: dir.DirectoryId }));
    t.emulator.advanceClock(3600);
    expect((await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))).SecurityGroups!.map((g) => g.GroupName)).toEqual(["default"]);
  });
});

describe("security groups", () => {
  it("creates groups, adds rules each way, refuses duplicates, and guards default and referenced groups", async () => {
    const vpcId = await newVpc("10.80.0.0/16");
    const group = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "ad-connector", Description: "AD Connector to on-premises", VpcId: vpcId }));
    const other = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "desktops", Description: "Desktops", VpcId: vpcId }));
    expect(await code(ec2.send(new CreateSecurityGroupCommand({ GroupName: "desktops", Description: "again", VpcId: vpcId })))).toBe("InvalidGroup.Duplicate");

    const added = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: group.GroupId,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 389, ToPort: 389, IpRanges: [{ CidrIp: "192.168.0.0/16", Description: "LDAP" }] },
          { IpProtocol: "udp", FromPort: 53, ToPort: 53, UserIdGroupPairs: [{ GroupId: other.GroupId }] },
        ],
      }),
    );
    expect(added.Return).toBe(true);
    expect(added.SecurityGroupRules!.map((r) => [r.IpProtocol, r.FromPort, r.CidrIpv4 ?? r.ReferencedGroupInfo?.GroupId])).toEqual([
      ["tcp", 389, "192.168.0.0/16"],
      ["udp", 53, other.GroupId],
    ]);
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: group.GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 88, ToPort: 88, IpRanges: [{ CidrIp: "192.168.1.10/32" }] }] }));
    const dup = await rejection(
      ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: group.GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 389, ToPort: 389, IpRanges: [{ CidrIp: "192.168.0.0/16" }] }] })),
      EC2ServiceException,
    );
    expect(dup.name).toBe("InvalidPermission.Duplicate");
    expect(dup.message).toBe('the specified rule "peer: 192.168.0.0/16, TCP, from port: 389, to port: 389, ALLOW" already exists');
    expect(await code(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: group.GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: "10.0.0.0/33" }] }] })))).toBe("InvalidParameterValue");

    const described = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [group.GroupId!] }))).SecurityGroups![0];
    expect(described.IpPermissions).toEqual([
      expect.objectContaining({ IpProtocol: "tcp", FromPort: 389, ToPort: 389, IpRanges: [{ CidrIp: "192.168.0.0/16", Description: "LDAP" }] }),
      expect.objectContaining({ IpProtocol: "udp", FromPort: 53, ToPort: 53, UserIdGroupPairs: [expect.objectContaining({ GroupId: other.GroupId })] }),
    ]);
    expect(described.IpPermissionsEgress!.map((p) => p.IpProtocol)).toEqual(["-1", "tcp"]);
    const byPort = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "ip-permission.from-port", Values: ["389"] }] }));
    expect(byPort.SecurityGroups!.map((g) => g.GroupId)).toEqual([group.GroupId]);

    const defaultGroup = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "group-name", Values: ["default"] }] }))).SecurityGroups![0];
    expect(await code(ec2.send(new DeleteSecurityGroupCommand({ GroupId: defaultGroup.GroupId })))).toBe("CannotDelete");
    expect(await code(ec2.send(new DeleteSecurityGroupCommand({ GroupId: other.GroupId })))).toBe("DependencyViolation");
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: group.GroupId }));
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: other.GroupId }));
    expect(await code(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [group.GroupId!] })))).toBe("InvalidGroup.NotFound");
  });
});

describe("faults and persistence", () => {
  it("throttles with RequestLimitExceeded and injects 5xx without effect", async () => {
    t.emulator.updateConfig({ throttle: { operations: { DescribeVpcs: { ratePerSecond: 0.1, burst: 1 } } } });
    try {
      await ec2.send(new DescribeVpcsCommand({}));
      const error = await rejection(ec2.send(new DescribeVpcsCommand({})), EC2ServiceException);
      expect(error.name).toBe("RequestLimitExceeded");
      expect(error.$metadata.httpStatusCode).toBe(503);
    } finally {
      t.emulator.updateConfig({ throttle: {} });
    }
    t.emulator.updateConfig({ faults: { operations: { CreateVpc: { errorRate: 1 } }, seed: 7 } });
    try {
      const before = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length;
      const error = await rejection(ec2.send(new CreateVpcCommand({ CidrBlock: "10.90.0.0/16" })), EC2ServiceException);
      expect(["InternalError", "Unavailable"]).toContain(error.name);
      expect(error.$metadata.httpStatusCode).toBeGreaterThanOrEqual(500);
      expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length).toBe(before);
    } finally {
      t.emulator.updateConfig({ faults: {} });
    }
  });

  it("keeps the network across a restart", async () => {
    const dataDir = tempDir();
    const first = await startTestEmulator({ dataDir });
    const client = new EC2Client(clientConfig(first.emulator.url));
    const vpc = (await client.send(new CreateVpcCommand({ CidrBlock: "10.99.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "k", Value: "v" }] }] }))).Vpc!.VpcId!;
    const subnet = (await client.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: "10.99.0.0/24", AvailabilityZone: "us-east-1c" }))).Subnet!.SubnetId!;
    const igw = (await client.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await client.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
    client.destroy();
    await first.close();

    const second = await startTestEmulator({ dataDir });
    const again = new EC2Client(clientConfig(second.emulator.url));
    try {
      expect((await again.send(new DescribeVpcsCommand({ VpcIds: [vpc] }))).Vpcs![0].Tags).toEqual([{ Key: "k", Value: "v" }]);
      expect((await again.send(new DescribeSubnetsCommand({ SubnetIds: [subnet] }))).Subnets![0].AvailabilityZone).toBe("us-east-1c");
      expect((await again.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [igw] }))).InternetGateways![0].Attachments![0].VpcId).toBe(vpc);
      // Still one default VPC after the restart.
      expect((await again.send(new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] }))).Vpcs).toHaveLength(1);
    } finally {
      again.destroy();
      await second.close();
    }
  });
});

describe("state written before the EC2 subset", () => {
  it("loads, and its VPCs get a main route table and default group; the default VPC appears", async () => {
    const dataDir = tempDir();
    const old = {
      version: 1,
      journalSeq: 0,
      meta: { nextSeq: 1, clockOffsetMs: 0, ipCursor: {} },
      workspaces: [],
      directories: [],
      users: [],
      images: [],
      bundles: [],
      vpcs: [{ VpcId: "vpc-0abc0000000000001", CidrBlock: "10.5.0.0/16" }],
      subnets: [{ SubnetId: "subnet-0abc0000000000001", VpcId: "vpc-0abc0000000000001", AvailabilityZone: "us-east-1a", CidrBlock: "10.5.0.0/24" }],
    };
    fs.writeFileSync(path.join(dataDir, "snapshot.json"), JSON.stringify(old));
    const started = await startTestEmulator({ dataDir, seed: false });
    const client = new EC2Client(clientConfig(started.emulator.url));
    try {
      const tables = await client.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: ["vpc-0abc0000000000001"] }] }));
      expect(tables.RouteTables!.map((r) => r.Routes![0].DestinationCidrBlock)).toEqual(["10.5.0.0/16"]);
      const subnets = await client.send(new DescribeSubnetsCommand({ SubnetIds: ["subnet-0abc0000000000001"] }));
      expect(subnets.Subnets![0]).toMatchObject({ VpcId: "vpc-0abc0000000000001", AvailableIpAddressCount: 251 });
      expect((await client.send(new DescribeVpcsCommand({}))).Vpcs!.map((v) => v.VpcId)).toEqual(["vpc-0abc0000000000001", "vpc-0def0000000000001"]);
    } finally {
      client.destroy();
      await started.close();
    }
  });
});

describe("the portal's client factory", () => {
  it("gives EC2 clients on the emulator: reads retry a server error, mutations do not resend", async () => {
    const clients = createAwsClients({ region: "us-east-1", endpoint: t.emulator.url, maxAttempts: 3 });
    try {
      expect((await clients.ec2.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones).toHaveLength(6);
      // Every first DescribeVpcs/CreateVpc answer is lost after the call took effect.
      t.emulator.updateConfig({ faults: { operations: { DescribeVpcs: { lostAnswerRate: 1, lostAnswerMode: "500" } }, seed: 1 } });
      const read = await rejection(clients.ec2.send(new DescribeVpcsCommand({})), EC2ServiceException);
      expect(read.$metadata.attempts).toBe(3);
      t.emulator.updateConfig({ faults: { operations: { CreateVpc: { lostAnswerRate: 1, lostAnswerMode: "500" } }, seed: 1 } });
      const before = (await clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length;
      const write = await rejection(clients.ec2Mutations.send(new CreateVpcCommand({ CidrBlock: "10.91.0.0/16" })), EC2ServiceException);
      expect(write.$metadata.attempts).toBe(1);
      t.emulator.updateConfig({ faults: {} });
      const after = await clients.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "cidr-block", Values: ["10.91.0.0/16"] }] }));
      // The lost answer's VPC exists, exactly once.
      expect(after.Vpcs).toHaveLength(1);
      expect((await clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length).toBe(before + 1);
      created.push(after.Vpcs![0].VpcId!);
    } finally {
      t.emulator.updateConfig({ faults: {} });
      clients.destroy();
    }
  });
});
