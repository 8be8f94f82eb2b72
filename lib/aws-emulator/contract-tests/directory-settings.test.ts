/**
 * WorkSpaces per-directory settings through the SDK: IP access control groups within AWS's limits
 * (10 rules per group, 25 groups per directory, CIDR rules, no deleting while associated), creation
 * properties (default OU, custom security group of the VPC, internet access, maintenance mode),
 * access properties and self-service permissions, all read back from DescribeWorkspaceDirectories.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateSecurityGroupCommand, EC2Client } from "@aws-sdk/client-ec2";
import {
  AssociateIpGroupsCommand,
  AuthorizeIpRulesCommand,
  CreateIpGroupCommand,
  CreateTagsCommand,
  DeleteIpGroupCommand,
  DeregisterWorkspaceDirectoryCommand,
  DescribeIpGroupsCommand,
  DescribeTagsCommand,
  DescribeWorkspaceDirectoriesCommand,
  DisassociateIpGroupsCommand,
  InvalidParameterValuesException,
  ModifySelfservicePermissionsCommand,
  ModifyWorkspaceAccessPropertiesCommand,
  ModifyWorkspaceCreationPropertiesCommand,
  ResourceAlreadyExistsException,
  ResourceAssociatedException,
  ResourceLimitExceededException,
  ResourceNotFoundException,
  RevokeIpRulesCommand,
  UpdateRulesOfIpGroupCommand,
} from "@aws-sdk/client-workspaces";
import { DEMO } from "../demo-seed";
import { DIRECTORY_ID, clientConfig, rejection, startTestEmulator, type TestEmulator } from "@/test-support/emulator-fixture";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

const directory = async () => (await t.ws.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [DIRECTORY_ID] }))).Directories![0];
const rules = (...cidrs: string[]) => cidrs.map((ipRule) => ({ ipRule, ruleDesc: `office ${ipRule}` }));

describe("IP access control groups", () => {
  it("creates, edits rules, associates, refuses deleting while associated, disassociates and deletes", async () => {
    const { GroupId } = await t.ws.send(new CreateIpGroupCommand({ GroupName: "offices", GroupDesc: "Office networks", UserRules: rules("203.0.113.0/24") }));
    expect(GroupId).toMatch(/^wsipg-[0-9a-z]{9}$/);
    await rejection(t.ws.send(new CreateIpGroupCommand({ GroupName: "offices" })), ResourceAlreadyExistsException);

    await t.ws.send(new AuthorizeIpRulesCommand({ GroupId, UserRules: rules("198.51.100.7", "192.0.2.0/28") }));
    await t.ws.send(new RevokeIpRulesCommand({ GroupId, UserRules: ["198.51.100.7"] }));
    const [group] = (await t.ws.send(new DescribeIpGroupsCommand({ GroupIds: [GroupId!] }))).Result!;
    expect(group).toEqual({
      groupId: GroupId,
      groupName: "offices",
      groupDesc: "Office networks",
      userRules: [
        { ipRule: "203.0.113.0/24", ruleDesc: "office 203.0.113.0/24" },
        { ipRule: "192.0.2.0/28", ruleDesc: "office 192.0.2.0/28" },
      ],
    });
    await t.ws.send(new UpdateRulesOfIpGroupCommand({ GroupId, UserRules: rules("10.10.0.0/16") }));
    expect((await t.ws.send(new DescribeIpGroupsCommand({ GroupIds: [GroupId!] }))).Result![0].userRules).toEqual(rules("10.10.0.0/16"));

    await t.ws.send(new AssociateIpGroupsCommand({ DirectoryId: DIRECTORY_ID, GroupIds: [GroupId!] }));
    expect((await directory()).ipGroupIds).toEqual([GroupId]);
    const associated = await rejection(t.ws.send(new DeleteIpGroupCommand({ GroupId })), ResourceAssociatedException);
    expect(associated.message).toContain(DIRECTORY_ID);
    await t.ws.send(new DisassociateIpGroupsCommand({ DirectoryId: DIRECTORY_ID, GroupIds: [GroupId!] }));
    expect((await directory()).ipGroupIds).toEqual([]);
    await t.ws.send(new DeleteIpGroupCommand({ GroupId }));
    expect((await t.ws.send(new DescribeIpGroupsCommand({ GroupIds: [GroupId!] }))).Result).toEqual([]);
    await rejection(t.ws.send(new DeleteIpGroupCommand({ GroupId })), ResourceNotFoundException);
  });

  it("refuses rules that are not CIDR blocks and more than 10 rules per group", async () => {
    const bad = await rejection(t.ws.send(new CreateIpGroupCommand({ GroupName: "bad", UserRules: rules("10.0.0.0/33") })), InvalidParameterValuesException);
    expect(bad.message).toContain('"10.0.0.0/33" is not a valid IPv4 address or CIDR block');
    await rejection(t.ws.send(new CreateIpGroupCommand({ GroupName: "bad", UserRules: rules("office") })), InvalidParameterValuesException);
    const eleven = Array.from({ length: 11 }, (_, i) => `10.${i}.0.0/16`);
    await rejection(t.ws.send(new CreateIpGroupCommand({ GroupName: "big", UserRules: rules(...eleven) })), ResourceLimitExceededException);
    const { GroupId } = await t.ws.send(new CreateIpGroupCommand({ GroupName: "ten", UserRules: rules(...eleven.slice(0, 10)) }));
    await rejection(t.ws.send(new AuthorizeIpRulesCommand({ GroupId, UserRules: rules("172.16.0.0/12") })), ResourceLimitExceededException);
    await rejection(t.ws.send(new AuthorizeIpRulesCommand({ GroupId, UserRules: rules("10.0.0.0/16") })), InvalidParameterValuesException);
    await t.ws.send(new DeleteIpGroupCommand({ GroupId }));
  });

  it("associates at most 25 groups with a directory, and only with a registered one", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 26; i++) ids.push((await t.ws.send(new CreateIpGroupCommand({ GroupName: `g${i}` }))).GroupId!);
    await t.ws.send(new AssociateIpGroupsCommand({ DirectoryId: DIRECTORY_ID, GroupIds: ids.slice(0, 25) }));
    await rejection(t.ws.send(new AssociateIpGroupsCommand({ DirectoryId: DIRECTORY_ID, GroupIds: [ids[25]] })), ResourceLimitExceededException);
    await rejection(t.ws.send(new AssociateIpGroupsCommand({ DirectoryId: "d-0000000000", GroupIds: [ids[25]] })), ResourceNotFoundException);
    // Paging: 25 per page at most.
    const first = await t.ws.send(new DescribeIpGroupsCommand({ MaxResults: 20 }));
    expect(first.Result).toHaveLength(20);
    const second = await t.ws.send(new DescribeIpGroupsCommand({ MaxResults: 20, NextToken: first.NextToken }));
    expect(second.Result).toHaveLength(6);
    expect(second.NextToken).toBeUndefined();
    await t.ws.send(new CreateTagsCommand({ ResourceId: ids[0], Tags: [{ Key: "created-by", Value: "portal" }] }));
    expect((await t.ws.send(new DescribeTagsCommand({ ResourceId: ids[0] }))).TagList).toEqual([{ Key: "created-by", Value: "portal" }]);
    await t.ws.send(new DisassociateIpGroupsCommand({ DirectoryId: DIRECTORY_ID, GroupIds: ids }));
    for (const id of ids) await t.ws.send(new DeleteIpGroupCommand({ GroupId: id }));
  });
});

describe("registration", () => {
  it("refuses subnets in Availability Zones where WorkSpaces does not run", async () => {
    const { CreateDirectoryCommand } = await import("@aws-sdk/client-directory-service");
    const { RegisterWorkspaceDirectoryCommand } = await import("@aws-sdk/client-workspaces");
    // The default VPC's subnets in us-east-1d (use1-az1) and us-east-1a (use1-az2).
    const { DirectoryId } = await t.ds.send(
      new CreateDirectoryCommand({
        Name: "zones.example.com",
        Password: "Str0ng!Passw0rd",
        Size: "Small",
        VpcSettings: { VpcId: "vpc-0def0000000000001", SubnetIds: ["subnet-0def00000000000a4", "subnet-0def00000000000a1"] },
      }),
    );
    t.emulator.advanceClock(1.1);
    const refused = await rejection(t.ws.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId })), InvalidParameterValuesException);
    expect(refused.message).toContain("subnet-0def00000000000a4 (us-east-1d)");
    await t.ws.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId, SubnetIds: ["subnet-0def00000000000a1", "subnet-0def00000000000a2"] }));
  });
});

describe("directory properties", () => {
  it("writes creation properties and reads them back; checks the OU's domain and the security group's VPC", async () => {
    const ec2 = new EC2Client(clientConfig(t.emulator.url));
    try {
      const own = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "desktops-extra", Description: "Extra rules for desktops", VpcId: DEMO.vpcId }));
      const elsewhere = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "elsewhere", Description: "In the default VPC" }));
      await t.ws.send(
        new ModifyWorkspaceCreationPropertiesCommand({
          ResourceId: DIRECTORY_ID,
          WorkspaceCreationProperties: {
            DefaultOu: "OU=Desktops,DC=corp,DC=example,DC=com",
            CustomSecurityGroupId: own.GroupId,
            EnableInternetAccess: true,
            EnableMaintenanceMode: false,
            UserEnabledAsLocalAdministrator: false,
          },
        }),
      );
      expect((await directory()).WorkspaceCreationProperties).toEqual({
        DefaultOu: "OU=Desktops,DC=corp,DC=example,DC=com",
        CustomSecurityGroupId: own.GroupId,
        EnableInternetAccess: true,
        EnableMaintenanceMode: false,
        UserEnabledAsLocalAdministrator: false,
      });
      const wrongDomain = await rejection(
        t.ws.send(new ModifyWorkspaceCreationPropertiesCommand({ ResourceId: DIRECTORY_ID, WorkspaceCreationProperties: { DefaultOu: "OU=Desktops,DC=other,DC=com" } })),
        InvalidParameterValuesException,
      );
      expect(wrongDomain.message).toContain("corp.example.com");
      await rejection(
        t.ws.send(new ModifyWorkspaceCreationPropertiesCommand({ ResourceId: DIRECTORY_ID, WorkspaceCreationProperties: { DefaultOu: "Desktops" } })),
        InvalidParameterValuesException,
      );
      const otherVpc = await rejection(
        t.ws.send(new ModifyWorkspaceCreationPropertiesCommand({ ResourceId: DIRECTORY_ID, WorkspaceCreationProperties: { CustomSecurityGroupId: elsewhere.GroupId } })),
        InvalidParameterValuesException,
      );
      expect(otherVpc.message).toContain(DEMO.vpcId);
    } finally {
      ec2.destroy();
    }
  });

  it("writes device access (web included) and self-service permissions and reads them back", async () => {
    await t.ws.send(
      new ModifyWorkspaceAccessPropertiesCommand({ ResourceId: DIRECTORY_ID, WorkspaceAccessProperties: { DeviceTypeWeb: "DENY", DeviceTypeLinux: "ALLOW" } }),
    );
    await t.ws.send(new ModifySelfservicePermissionsCommand({ ResourceId: DIRECTORY_ID, SelfservicePermissions: { RebuildWorkspace: "DISABLED" } }));
    const dir = await directory();
    expect(dir.WorkspaceAccessProperties).toMatchObject({ DeviceTypeWeb: "DENY", DeviceTypeLinux: "ALLOW", DeviceTypeWindows: "ALLOW" });
    expect(dir.SelfservicePermissions).toMatchObject({ RebuildWorkspace: "DISABLED", RestartWorkspace: "ENABLED" });
  });

  it("refuses settings for a directory that is not registered", async () => {
    await rejection(
      t.ws.send(new ModifyWorkspaceCreationPropertiesCommand({ ResourceId: "d-0000000000", WorkspaceCreationProperties: { EnableInternetAccess: true } })),
      ResourceNotFoundException,
    );
    // Deregistering forgets the associations with it.
    const { GroupId } = await t.ws.send(new CreateIpGroupCommand({ GroupName: "kept" }));
    await t.ws.send(new AssociateIpGroupsCommand({ DirectoryId: DIRECTORY_ID, GroupIds: [GroupId!] }));
    await t.ws.send(new DeregisterWorkspaceDirectoryCommand({ DirectoryId: DIRECTORY_ID }));
    t.emulator.advanceClock(1);
    await t.ws.send(new DeleteIpGroupCommand({ GroupId }));
  });
});
