/**
 * The demo setup: one VPC with subnets in us-east-1a and us-east-1b (plus a second one in 1a), a
 * Simple AD directory corp.example.com (d-9067000001) registered with WorkSpaces, nine named users
 * and user0001..user0200 for bulk tests. Fixed ids; running it twice changes nothing.
 */
import { DEMO_DIRECTORY_ADMIN } from "./demo-admin";
import { addDirectory } from "./directory-service/directories";
import { setUserPassword } from "./directory-service/user-passwords";
import { userKey } from "./emulator-store";
import { ensureBuiltInGroups } from "./ldap/directory-entries";
import type { DirectoryUserRecord } from "./records";
import { createAlias, createKey, findKmsKey } from "./kms/kms-keys";
import { liveDirectory, liveRegistration } from "./directory-service/directory-lifecycle";
import { ensureControllersGroup, ensureWorkspacesGroup } from "./ec2/security-groups";
import { addVpc, ensureVpcDefaults } from "./ec2/vpcs";
import type { EmulatorContext } from "./emulator-context";
import { newRegistration } from "./workspaces/workspace-directories";

export const DEMO = {
  vpcId: "vpc-0d3e0000000000001",
  subnets: [
    { SubnetId: "subnet-0d3e0000000000a01", AvailabilityZone: "us-east-1a", CidrBlock: "10.0.0.0/18" },
    { SubnetId: "subnet-0d3e0000000000b01", AvailabilityZone: "us-east-1b", CidrBlock: "10.0.64.0/18" },
    { SubnetId: "subnet-0d3e0000000000a02", AvailabilityZone: "us-east-1a", CidrBlock: "10.0.128.0/18" },
  ],
  routeTableId: "rtb-0d3e0000000000001",
  internetGatewayId: "igw-0d3e0000000000001",
  defaultSecurityGroupId: "sg-0d3e0000000000003",
  controllersSecurityGroupId: "sg-0d3e0000000000001",
  workspacesSecurityGroupId: "sg-0d3e0000000000002",
  directoryId: "d-9067000001",
  directoryName: "corp.example.com",
  registrationCode: "SLiad+C0RP7X",
  namedUsers: [
    { UserName: "alice", GivenName: "Alice", Surname: "Anders" },
    { UserName: "bob", GivenName: "Bob", Surname: "Brown" },
    { UserName: "carol", GivenName: "Carol", Surname: "Clarke" },
    { UserName: "dave", GivenName: "Dave", Surname: "Dunn" },
    { UserName: "erin", GivenName: "Erin", Surname: "Evans" },
    // Directory sign-in demo: the accounts scripts/samba-test-dc.sh creates in the Samba DC that
    // answers LDAP for this directory, so their desktops can be created too.
    { UserName: "alice.archer", GivenName: "Alice", Surname: "Archer" },
    { UserName: "carol.chief", GivenName: "Carol", Surname: "Chief" },
    { UserName: "nina.nested", GivenName: "Nina", Surname: "Nested" },
    { UserName: "uma.unmapped", GivenName: "Uma", Surname: "Unmapped" },
  ],
  bulkUsers: 200,
  /**
   * Directory sign-in: accounts with a password, answered over LDAP by the emulator (the same
   * accounts, groups and password as scripts/samba-test-dc.sh, so tests and docs fit both).
   */
  signIn: {
    password: "Portal-Test-Pass1!",
    accounts: [
      // Her manager decides level 1 of an approval policy with a manager level.
      { UserName: "alice.archer", GivenName: "Alice", Surname: "Archer", manager: "carol.chief" },
      { UserName: "dave.disabled", GivenName: "Dave", Surname: "Disabled", state: "disabled" },
      { UserName: "erin.expired", GivenName: "Erin", Surname: "Expired", state: "expired" },
      { UserName: "mike.mustchange", GivenName: "Mike", Surname: "Mustchange", state: "mustChange" },
      { UserName: "carol.chief", GivenName: "Carol", Surname: "Chief" },
      { UserName: "nina.nested", GivenName: "Nina", Surname: "Nested" },
      { UserName: "uma.unmapped", GivenName: "Uma", Surname: "Unmapped" },
      { UserName: "lars.locked", GivenName: "Lars", Surname: "Locked", state: "locked" },
    ],
    groups: [
      { Name: "Portal Admins", users: ["carol.chief"], groups: [] },
      { Name: "Portal Approvers", users: ["carol.chief"], groups: ["Helpdesk"] },
      { Name: "Helpdesk", users: ["nina.nested"], groups: [] },
      { Name: "Sales", users: ["uma.unmapped", "alice.archer"], groups: [] },
    ],
  },
} as const;

export function applyDemoSeed(ctx: EmulatorContext): void {
  const { store } = ctx;
  const now = ctx.now();
  const vpc =
    store.vpcs.get(DEMO.vpcId) ??
    addVpc(ctx, { cidr: "10.0.0.0/16", tags: [{ Key: "Name", Value: "workspaces-demo" }] }, { vpcId: DEMO.vpcId, routeTableId: DEMO.routeTableId, securityGroupId: DEMO.defaultSecurityGroupId });
  ensureVpcDefaults(ctx, vpc);
  for (const subnet of DEMO.subnets) {
    if (!store.subnets.has(subnet.SubnetId)) store.put("subnets", subnet.SubnetId, { ...subnet, VpcId: DEMO.vpcId, tags: [], seq: store.nextSeq() });
  }
  // A network that reaches the internet, as the WorkSpaces quick setup builds it.
  if (!store.internetGateways.has(DEMO.internetGatewayId)) {
    store.put("internetGateways", DEMO.internetGatewayId, { InternetGatewayId: DEMO.internetGatewayId, attachedVpcId: DEMO.vpcId, tags: [], seq: store.nextSeq() });
    const main = [...store.routeTables.values()].find((t) => t.VpcId === DEMO.vpcId && t.main);
    if (main && !main.routes.some((r) => r.DestinationCidrBlock === "0.0.0.0/0")) {
      main.routes.push({ DestinationCidrBlock: "0.0.0.0/0", GatewayId: DEMO.internetGatewayId });
      store.touch("routeTables", main.RouteTableId);
    }
  }

  // A customer managed key for volume encryption, as an admin would make one (alias/workspaces).
  if (!findKmsKey(ctx, "alias/workspaces")) {
    const { KeyMetadata } = createKey({ Description: "WorkSpaces volume encryption (demo)" }, ctx);
    createAlias({ AliasName: "alias/workspaces", TargetKeyId: KeyMetadata.KeyId }, ctx);
  }

  let dir = liveDirectory(ctx, DEMO.directoryId);
  if (!dir) {
    dir = addDirectory(
      ctx,
      {
        name: DEMO.directoryName,
        shortName: "CORP",
        description: "Demo directory",
        type: "SimpleAD",
        size: "Small",
        vpcId: DEMO.vpcId,
        subnetIds: [DEMO.subnets[0].SubnetId, DEMO.subnets[1].SubnetId],
      },
      { id: DEMO.directoryId, now, ready: true, securityGroupId: DEMO.controllersSecurityGroupId },
    );
  }
  // States written before security groups were emulated lack the directory's groups.
  ensureControllersGroup(ctx, dir);
  if (!liveRegistration(dir, now)) {
    const registration = newRegistration(ctx, dir, [DEMO.subnets[0].SubnetId, DEMO.subnets[1].SubnetId], {
      enableSelfService: true,
      now,
      readyAt: now,
      securityGroupId: DEMO.workspacesSecurityGroupId,
      registrationCode: DEMO.registrationCode,
    });
    registration.WorkspaceAccessProperties.DeviceTypeWeb = "ALLOW";
    dir.registration = registration;
  }
  ensureWorkspacesGroup(ctx, dir, dir.registration!.WorkspaceSecurityGroupId);
  store.touch("directories", dir.DirectoryId);

  const users = [
    ...DEMO.namedUsers.map((u) => ({ ...u, EmailAddress: `${u.UserName}@corp.example.com` })),
    ...Array.from({ length: DEMO.bulkUsers }, (_, i) => {
      const name = `user${String(i + 1).padStart(4, "0")}`;
      return { UserName: name, GivenName: "Test", Surname: `User ${i + 1}`, EmailAddress: `${name}@corp.example.com` };
    }),
  ];
  for (const user of users) {
    if (!store.getUser(dir.DirectoryId, user.UserName)) store.putUser({ DirectoryId: dir.DirectoryId, createdAt: now, ...user });
  }
  seedAdministrator(ctx, dir.DirectoryId);
  seedSignInAccounts(ctx, dir.DirectoryId);
}

/**
 * The directory's Administrator with its demo password, so that the embedded default can manage
 * the directory's users with it (lib/config). A password someone set since is kept; states saved
 * before it had one get it now.
 */
function seedAdministrator(ctx: EmulatorContext, directoryId: string): void {
  const existing = ctx.store.getUser(directoryId, DEMO_DIRECTORY_ADMIN.userName);
  if (existing?.passwordHash) return;
  const admin: DirectoryUserRecord = existing ?? { DirectoryId: directoryId, UserName: DEMO_DIRECTORY_ADMIN.userName, createdAt: ctx.now() };
  setUserPassword(admin, DEMO_DIRECTORY_ADMIN.password, ctx.now());
  // The directory's 42-day maximum would lock the demo out of its users pages after six weeks.
  admin.passwordNeverExpires = true;
  ctx.store.putUser(admin);
}

/** The directory sign-in accounts and their groups; a password someone changed since is kept. */
function seedSignInAccounts(ctx: EmulatorContext, directoryId: string): void {
  const { store } = ctx;
  const now = ctx.now();
  for (const account of DEMO.signIn.accounts) {
    const existing = store.getUser(directoryId, account.UserName);
    if (existing?.passwordHash) continue;
    const user: DirectoryUserRecord = existing ?? {
      DirectoryId: directoryId,
      UserName: account.UserName,
      GivenName: account.GivenName,
      Surname: account.Surname,
      EmailAddress: `${account.UserName}@${DEMO.directoryName}`,
      createdAt: now,
    };
    setUserPassword(user, DEMO.signIn.password, now);
    const state = "state" in account ? account.state : undefined;
    if (state === "disabled") user.disabled = true;
    if (state === "mustChange") user.mustChangePassword = true;
    if (state === "locked") user.lockedAt = now;
    if ("manager" in account) user.manager = account.manager;
    // Older than the directory's 42-day maximum; the others never expire, so the demo keeps working.
    if (state === "expired") user.passwordLastSetAt = now - 60 * 86_400_000;
    else user.passwordNeverExpires = true;
    store.putUser(user);
  }
  const dir = store.directories.get(directoryId)!;
  ensureBuiltInGroups(ctx, dir);
  for (const group of DEMO.signIn.groups) {
    const key = userKey(directoryId, group.Name);
    if (store.groups.has(key)) continue;
    store.put("groups", key, { DirectoryId: directoryId, Name: group.Name, memberUsers: [...group.users], memberGroups: [...group.groups], createdAt: now });
  }
}
