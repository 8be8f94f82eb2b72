/**
 * The emulated EC2 actions, keyed by `Action`: the SDK's operation schema (for the wire names of
 * request and answer) and the handler, typed with the SDK's request and result types.
 */
import {
  AssociateRouteTable$,
  AttachInternetGateway$,
  AuthorizeSecurityGroupEgress$,
  AuthorizeSecurityGroupIngress$,
  CreateInternetGateway$,
  CreateRoute$,
  CreateRouteTable$,
  CreateSecurityGroup$,
  CreateSubnet$,
  CreateTags$,
  CreateVpc$,
  DeleteInternetGateway$,
  DeleteRoute$,
  DeleteRouteTable$,
  DeleteSecurityGroup$,
  DeleteSubnet$,
  DeleteTags$,
  DeleteVpc$,
  DescribeAvailabilityZones$,
  DescribeInternetGateways$,
  DescribeRouteTables$,
  DescribeSecurityGroups$,
  DescribeSubnets$,
  DescribeTags$,
  DescribeVpcAttribute$,
  DescribeVpcs$,
  DetachInternetGateway$,
  DisassociateRouteTable$,
  ModifySubnetAttribute$,
  ModifyVpcAttribute$,
  RevokeSecurityGroupEgress$,
  RevokeSecurityGroupIngress$,
} from "@aws-sdk/client-ec2";
import type { EmulatorContext } from "../emulator-context";
import { describeAvailabilityZones } from "./availability-zones";
import { createTags, deleteTags, describeTags } from "./ec2-tags";
import {
  attachInternetGateway,
  createInternetGateway,
  deleteInternetGateway,
  describeInternetGateways,
  detachInternetGateway,
} from "./internet-gateways";
import {
  associateRouteTable,
  createRoute,
  createRouteTable,
  deleteRoute,
  deleteRouteTable,
  describeRouteTables,
  disassociateRouteTable,
} from "./route-tables";
import {
  authorizeSecurityGroupEgress,
  authorizeSecurityGroupIngress,
  createSecurityGroup,
  deleteSecurityGroup,
  describeSecurityGroups,
  revokeSecurityGroupEgress,
  revokeSecurityGroupIngress,
} from "./security-groups";
import { createSubnet, deleteSubnet, describeSubnets, modifySubnetAttribute } from "./subnets";
import { createVpc, deleteVpc, describeVpcAttribute, describeVpcs, modifyVpcAttribute } from "./vpcs";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK's static operation schema tuple
type OperationSchema = any;

export interface Ec2Operation {
  name: string;
  /** The request and answer schemas (the SDK's own). */
  input: unknown;
  output: unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler takes its SDK request type
  handle: (input: any, ctx: EmulatorContext) => object;
}

const deref = (ref: unknown) => (typeof ref === "function" ? (ref as () => unknown)() : ref);

function operation(schema: OperationSchema, handle: Ec2Operation["handle"]): [string, Ec2Operation] {
  // [9, namespace, name, traits, input, output]
  const name = schema[2] as string;
  return [name, { name, input: deref(schema[4]), output: deref(schema[5]), handle }];
}

export const EC2_OPERATIONS: ReadonlyMap<string, Ec2Operation> = new Map([
  operation(DescribeAvailabilityZones$, describeAvailabilityZones),
  operation(CreateVpc$, createVpc),
  operation(DescribeVpcs$, describeVpcs),
  operation(DeleteVpc$, deleteVpc),
  operation(ModifyVpcAttribute$, modifyVpcAttribute),
  operation(DescribeVpcAttribute$, describeVpcAttribute),
  operation(CreateSubnet$, createSubnet),
  operation(DescribeSubnets$, describeSubnets),
  operation(DeleteSubnet$, deleteSubnet),
  operation(ModifySubnetAttribute$, modifySubnetAttribute),
  operation(CreateInternetGateway$, createInternetGateway),
  operation(AttachInternetGateway$, attachInternetGateway),
  operation(DetachInternetGateway$, detachInternetGateway),
  operation(DeleteInternetGateway$, deleteInternetGateway),
  operation(DescribeInternetGateways$, describeInternetGateways),
  operation(CreateRouteTable$, createRouteTable),
  operation(CreateRoute$, createRoute),
  operation(DeleteRoute$, deleteRoute),
  operation(AssociateRouteTable$, associateRouteTable),
  operation(DisassociateRouteTable$, disassociateRouteTable),
  operation(DeleteRouteTable$, deleteRouteTable),
  operation(DescribeRouteTables$, describeRouteTables),
  operation(DescribeSecurityGroups$, describeSecurityGroups),
  operation(CreateSecurityGroup$, createSecurityGroup),
  operation(DeleteSecurityGroup$, deleteSecurityGroup),
  operation(AuthorizeSecurityGroupIngress$, authorizeSecurityGroupIngress),
  operation(AuthorizeSecurityGroupEgress$, authorizeSecurityGroupEgress),
  operation(RevokeSecurityGroupIngress$, revokeSecurityGroupIngress),
  operation(RevokeSecurityGroupEgress$, revokeSecurityGroupEgress),
  operation(CreateTags$, createTags),
  operation(DeleteTags$, deleteTags),
  operation(DescribeTags$, describeTags),
]);
