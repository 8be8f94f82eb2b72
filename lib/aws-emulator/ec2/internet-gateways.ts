/**
 * Internet gateways: create, attach to one VPC (a VPC takes one gateway), detach, delete (refused
 * while attached), describe. Routes through a detached gateway stay in their tables as blackholes.
 */
import type {
  AttachInternetGatewayRequest,
  CreateInternetGatewayRequest,
  CreateInternetGatewayResult,
  DeleteInternetGatewayRequest,
  DescribeInternetGatewaysRequest,
  DescribeInternetGatewaysResult,
  DetachInternetGatewayRequest,
  InternetGateway,
  InternetGatewayAttachment,
} from "@aws-sdk/client-ec2";
import type { EmulatorContext } from "../emulator-context";
import { newEc2Id } from "../ids";
import type { InternetGatewayRecord } from "../records";
import { applyFilters, bySeq, ec2Error, pageOf, requireAll, requireResource, tagFilterValues, tagList, tagsFromSpecifications } from "./ec2-common";

/** AWS's default quota of internet gateways per region. */
export const INTERNET_GATEWAY_LIMIT = 5;

function gatewayView(ctx: EmulatorContext, gateway: InternetGatewayRecord): InternetGateway {
  return {
    InternetGatewayId: gateway.InternetGatewayId,
    OwnerId: ctx.accountId,
    // EC2 really answers "available" here, outside the model's AttachmentStatus enum.
    Attachments: gateway.attachedVpcId ? [{ VpcId: gateway.attachedVpcId, State: "available" as InternetGatewayAttachment["State"] }] : [],
    Tags: tagList(gateway.tags),
  };
}

export function createInternetGateway(input: CreateInternetGatewayRequest, ctx: EmulatorContext): CreateInternetGatewayResult {
  const tags = tagsFromSpecifications(input.TagSpecifications, "internet-gateway");
  if (ctx.store.internetGateways.size >= INTERNET_GATEWAY_LIMIT) {
    throw ec2Error("InternetGatewayLimitExceeded", "The maximum number of internet gateways has been reached.");
  }
  const gateway: InternetGatewayRecord = { InternetGatewayId: newEc2Id("igw"), tags, seq: ctx.store.nextSeq() };
  ctx.store.put("internetGateways", gateway.InternetGatewayId, gateway);
  return { InternetGateway: gatewayView(ctx, gateway) };
}

export function attachInternetGateway(input: AttachInternetGatewayRequest, ctx: EmulatorContext): object {
  const gateway = requireResource(ctx.store.internetGateways, "igw", input.InternetGatewayId, "internetGatewayId");
  const vpc = requireResource(ctx.store.vpcs, "vpc", input.VpcId, "vpcId");
  if (gateway.attachedVpcId) {
    throw ec2Error("Resource.AlreadyAssociated", `resource ${gateway.InternetGatewayId} is already attached to network ${gateway.attachedVpcId}`);
  }
  const other = [...ctx.store.internetGateways.values()].find((g) => g.attachedVpcId === vpc.VpcId);
  if (other) {
    throw ec2Error("Resource.AlreadyAssociated", `Network ${vpc.VpcId} already has an internet gateway attached (${other.InternetGatewayId})`);
  }
  gateway.attachedVpcId = vpc.VpcId;
  ctx.store.touch("internetGateways", gateway.InternetGatewayId);
  return {};
}

export function detachInternetGateway(input: DetachInternetGatewayRequest, ctx: EmulatorContext): object {
  const gateway = requireResource(ctx.store.internetGateways, "igw", input.InternetGatewayId, "internetGatewayId");
  const vpc = requireResource(ctx.store.vpcs, "vpc", input.VpcId, "vpcId");
  if (gateway.attachedVpcId !== vpc.VpcId) {
    throw ec2Error("Gateway.NotAttached", `resource ${gateway.InternetGatewayId} is not attached to network ${vpc.VpcId}`);
  }
  gateway.attachedVpcId = undefined;
  ctx.store.touch("internetGateways", gateway.InternetGatewayId);
  return {};
}

export function deleteInternetGateway(input: DeleteInternetGatewayRequest, ctx: EmulatorContext): object {
  const gateway = requireResource(ctx.store.internetGateways, "igw", input.InternetGatewayId, "internetGatewayId");
  if (gateway.attachedVpcId) {
    throw ec2Error("DependencyViolation", `The internetGateway '${gateway.InternetGatewayId}' has dependencies and cannot be deleted.`);
  }
  ctx.store.delete("internetGateways", gateway.InternetGatewayId);
  return {};
}

export function describeInternetGateways(input: DescribeInternetGatewaysRequest, ctx: EmulatorContext): DescribeInternetGatewaysResult {
  const explicit = requireAll(ctx.store.internetGateways, "igw", input.InternetGatewayIds, "internetGatewayId");
  const gateways = applyFilters(explicit ?? bySeq(ctx.store.internetGateways.values()), input.Filters, {
    "internet-gateway-id": (g) => g.InternetGatewayId,
    "attachment.vpc-id": (g) => g.attachedVpcId,
    "attachment.state": (g) => (g.attachedVpcId ? "available" : undefined),
    "owner-id": () => ctx.accountId,
    tag: (g) => tagFilterValues(g.tags),
  });
  const page = pageOf(gateways, input, {
    scope: "DescribeInternetGateways",
    max: 1000,
    idsParameter: "internetGatewayIds",
    idsGiven: explicit !== undefined,
  });
  return { InternetGateways: page.items.map((g) => gatewayView(ctx, g)), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
}
