/**
 * Directory Service (Simple AD, AD Connector, Managed AD, describe, delete, passwords) and the
 * WorkSpaces side of directories (register, registration code, deregister, settings), with every
 * exception the portal must handle, plus the control endpoint for directory users.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClientException,
  ConnectDirectoryCommand,
  CreateDirectoryCommand,
  CreateMicrosoftADCommand,
  DeleteDirectoryCommand,
  DescribeDirectoriesCommand,
  DirectoryLimitExceededException,
  DirectoryUnavailableException,
  EntityDoesNotExistException,
  InvalidNextTokenException,
  InvalidParameterException,
  InvalidPasswordException,
  ResetUserPasswordCommand,
  UnsupportedOperationException,
  UserDoesNotExistException,
} from "@aws-sdk/client-directory-service";
import {
  CreateWorkspacesCommand,
  DeregisterWorkspaceDirectoryCommand,
  DescribeWorkspaceDirectoriesCommand,
  InvalidParameterValuesException,
  InvalidResourceStateException,
  ModifySelfservicePermissionsCommand,
  ModifyWorkspaceAccessPropertiesCommand,
  RegisterWorkspaceDirectoryCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  TerminateWorkspacesCommand,
  ValidationException,
} from "@aws-sdk/client-workspaces";
import { DEMO } from "../demo-seed";
import { DIRECTORY_ID, createDesktops, rejection, request, startTestEmulator, type TestEmulator } from "@/test-support/emulator-fixture";

let t: TestEmulator;
// A still base clock: only advanceClock moves time, so the short Requested stage (50 ms at test
// speed) can be observed on a busy machine.
const START = Date.parse("2026-03-02T09:00:00Z");
beforeAll(async () => {
  t = await startTestEmulator({ now: () => START });
});
afterAll(() => t.close());

const [SUBNET_1A, SUBNET_1B, SUBNET_1A_2] = DEMO.subnets.map((s) => s.SubnetId);
const vpc = (subnets: string[]) => ({ VpcId: DEMO.vpcId, SubnetIds: subnets });
const PASSWORD = "Str0ng!Passw0rd";

async function stage(id: string) {
  return (await t.ds.send(new DescribeDirectoriesCommand({ DirectoryIds: [id] }))).DirectoryDescriptions![0].Stage;
}

async function activeSimpleAd(name: string): Promise<string> {
  const { DirectoryId } = await t.ds.send(new CreateDirectoryCommand({ Name: name, Password: PASSWORD, Size: "Small", VpcSettings: vpc([SUBNET_1A, SUBNET_1B]) }));
  t.emulator.advanceClock(1.1);
  expect(await stage(DirectoryId!)).toBe("Active");
  return DirectoryId!;
}

describe("CreateDirectory (Simple AD)", () => {
  it("creates a directory that goes Requested → Creating → Active", async () => {
    const { DirectoryId } = await t.ds.send(
      new CreateDirectoryCommand({ Name: "sales.example.com", ShortName: "SALES", Password: PASSWORD, Size: "Large", VpcSettings: vpc([SUBNET_1A, SUBNET_1B]) }),
    );
    expect(DirectoryId).toMatch(/^d-[0-9a-f]{10}$/);
    expect(await stage(DirectoryId!)).toBe("Requested");
    t.emulator.advanceClock(0.2);
    expect(await stage(DirectoryId!)).toBe("Creating");
    t.emulator.advanceClock(1);
    const [dir] = (await t.ds.send(new DescribeDirectoriesCommand({ DirectoryIds: [DirectoryId!] }))).DirectoryDescriptions!;
    expect(dir).toMatchObject({
      Name: "sales.example.com",
      ShortName: "SALES",
      Size: "Large",
      Type: "SimpleAD",
      Stage: "Active",
      AccessUrl: `${DirectoryId}.awsapps.com`,
      VpcSettings: { VpcId: DEMO.vpcId, SubnetIds: [SUBNET_1A, SUBNET_1B], AvailabilityZones: ["us-east-1a", "us-east-1b"] },
    });
    expect(dir.DnsIpAddrs).toHaveLength(2);
    expect(dir.LaunchTime).toBeInstanceOf(Date);
  });

  it("needs a VPC with two subnets in different Availability Zones", async () => {
    const base = { Name: "bad.example.com", Password: PASSWORD, Size: "Small" as const };
    await rejection(t.ds.send(new CreateDirectoryCommand(base)), InvalidParameterException);
    await rejection(t.ds.send(new CreateDirectoryCommand({ ...base, VpcSettings: vpc([SUBNET_1A]) })), InvalidParameterException);
    await rejection(t.ds.send(new CreateDirectoryCommand({ ...base, VpcSettings: vpc([SUBNET_1A, "subnet-0123456789abcdef0"]) })), InvalidParameterException);
    const sameAz = await rejection(t.ds.send(new CreateDirectoryCommand({ ...base, VpcSettings: vpc([SUBNET_1A, SUBNET_1A_2]) })), ClientException);
    expect(sameAz.message).toContain("different Availability Zones");
    await rejection(
      t.ds.send(new CreateDirectoryCommand({ ...base, VpcSettings: { VpcId: "vpc-0123456789abcdef0", SubnetIds: [SUBNET_1A, SUBNET_1B] } })),
      ClientException,
    );
  });

  it("validates name, size and password against the model", async () => {
    const error = await rejection(
      t.ds.send(new CreateDirectoryCommand({ Name: "nodots", Password: "weak", Size: "Huge" as "Small", VpcSettings: vpc([SUBNET_1A, SUBNET_1B]) })),
      Error,
    );
    expect(error.name).toBe("ValidationException");
    expect(error.message).toMatch(/^3 validation errors detected/);
    expect(error.message).not.toContain("weak"); // passwords are never echoed
  });

  it("enforces the per-region directory limit", async () => {
    const limited = await startTestEmulator({ seed: true });
    try {
      for (let i = 0; i < 9; i++) {
        await limited.ds.send(new CreateDirectoryCommand({ Name: `d${i}.example.com`, Password: PASSWORD, Size: "Small", VpcSettings: vpc([SUBNET_1A, SUBNET_1B]) }));
      }
      await rejection(
        limited.ds.send(new CreateDirectoryCommand({ Name: "one-too-many.example.com", Password: PASSWORD, Size: "Small", VpcSettings: vpc([SUBNET_1A, SUBNET_1B]) })),
        DirectoryLimitExceededException,
      );
    } finally {
      await limited.close();
    }
  });
});

describe("ConnectDirectory and CreateMicrosoftAD", () => {
  it("connects an AD Connector with the on-premises DNS servers and service account", async () => {
    const { DirectoryId } = await t.ds.send(
      new ConnectDirectoryCommand({
        Name: "onprem.example.com",
        Password: "service-password",
        Size: "Small",
        ConnectSettings: { VpcId: DEMO.vpcId, SubnetIds: [SUBNET_1A, SUBNET_1B], CustomerDnsIps: ["192.168.1.10", "192.168.1.11"], CustomerUserName: "svc-connector" },
      }),
    );
    t.emulator.advanceClock(1);
    const [dir] = (await t.ds.send(new DescribeDirectoriesCommand({ DirectoryIds: [DirectoryId!] }))).DirectoryDescriptions!;
    expect(dir).toMatchObject({ Type: "ADConnector", Stage: "Active", DnsIpAddrs: ["192.168.1.10", "192.168.1.11"], ConnectSettings: { CustomerUserName: "svc-connector" } });
    expect(dir.ConnectSettings!.ConnectIps).toHaveLength(2);
    // AD Connector directories are read-only for a portal.
    await rejection(
      t.ds.send(new ResetUserPasswordCommand({ DirectoryId: DirectoryId!, UserName: "svc-connector", NewPassword: PASSWORD })),
      UnsupportedOperationException,
    );
  });

  it("creates Managed AD (Standard) after its longer creation time", async () => {
    const { DirectoryId } = await t.ds.send(
      new CreateMicrosoftADCommand({ Name: "managed.example.com", Password: PASSWORD, Edition: "Standard", VpcSettings: vpc([SUBNET_1A, SUBNET_1B]) }),
    );
    t.emulator.advanceClock(1.1);
    expect(await stage(DirectoryId!)).toBe("Creating");
    t.emulator.advanceClock(3);
    const [dir] = (await t.ds.send(new DescribeDirectoriesCommand({ DirectoryIds: [DirectoryId!] }))).DirectoryDescriptions!;
    expect(dir).toMatchObject({ Type: "MicrosoftAD", Edition: "Standard", Stage: "Active" });
    await rejection(
      t.ds.send(new CreateMicrosoftADCommand({ Name: "m2.example.com", Password: PASSWORD, VpcSettings: vpc([SUBNET_1A, SUBNET_1A_2]) })),
      ClientException,
    );
  });
});

describe("DescribeDirectories", () => {
  it("throws EntityDoesNotExistException for unknown ids and InvalidNextTokenException for bad tokens", async () => {
    await rejection(t.ds.send(new DescribeDirectoriesCommand({ DirectoryIds: ["d-0000000000"] })), EntityDoesNotExistException);
    await rejection(t.ds.send(new DescribeDirectoriesCommand({ NextToken: "nope" })), InvalidNextTokenException);
  });

  it("pages with Limit", async () => {
    const first = await t.ds.send(new DescribeDirectoriesCommand({ Limit: 1 }));
    expect(first.DirectoryDescriptions).toHaveLength(1);
    expect(first.DirectoryDescriptions![0].DirectoryId).toBe(DIRECTORY_ID);
    const second = await t.ds.send(new DescribeDirectoriesCommand({ Limit: 1, NextToken: first.NextToken }));
    expect(second.DirectoryDescriptions![0].DirectoryId).not.toBe(DIRECTORY_ID);
  });
});

describe("registering directories with WorkSpaces", () => {
  it("registers an Active directory with a registration code, REGISTERING then REGISTERED", async () => {
    const id = await activeSimpleAd("register.example.com");
    const out = await t.ws.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: id, EnableSelfService: false }));
    expect(out).toMatchObject({ DirectoryId: id, State: "REGISTERING" });
    t.emulator.advanceClock(0.2);
    const [dir] = (await t.ws.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [id] }))).Directories!;
    expect(dir).toMatchObject({ DirectoryId: id, State: "REGISTERED", DirectoryType: "SIMPLE_AD", DirectoryName: "register.example.com", CustomerUserName: "Administrator" });
    expect(dir.RegistrationCode).toMatch(/^SLiad\+[A-Z0-9]{6}$/);
    expect(dir.SelfservicePermissions).toMatchObject({ RestartWorkspace: "ENABLED", RebuildWorkspace: "DISABLED" });
    expect(dir.WorkspaceAccessProperties?.DeviceTypeWeb).toBe("DENY");
    await rejection(t.ws.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: id })), ResourceAlreadyExistsException);
  });

  it("refuses directories that are unknown, not Active, or have bad subnets", async () => {
    await rejection(t.ws.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: "d-0000000000" })), ResourceNotFoundException);
    const { DirectoryId } = await t.ds.send(
      new CreateDirectoryCommand({ Name: "young.example.com", Password: PASSWORD, Size: "Small", VpcSettings: vpc([SUBNET_1A, SUBNET_1B]) }),
    );
    const notActive = await rejection(t.ws.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId })), InvalidResourceStateException);
    expect(notActive.message).toContain("status of Active");
    t.emulator.advanceClock(1.1);
    await rejection(
      t.ws.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId, SubnetIds: [SUBNET_1A, SUBNET_1A_2] })),
      InvalidParameterValuesException,
    );
    await rejection(t.ws.send(new RegisterWorkspaceDirectoryCommand({})), ValidationException);
  });

  it("changes self-service permissions and device access, as DescribeWorkspaceDirectories shows", async () => {
    await t.ws.send(new ModifySelfservicePermissionsCommand({ ResourceId: DIRECTORY_ID, SelfservicePermissions: { RebuildWorkspace: "DISABLED" } }));
    await t.ws.send(new ModifyWorkspaceAccessPropertiesCommand({ ResourceId: DIRECTORY_ID, WorkspaceAccessProperties: { DeviceTypeWeb: "DENY", DeviceTypeLinux: "ALLOW" } }));
    const [dir] = (await t.ws.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [DIRECTORY_ID] }))).Directories!;
    expect(dir.SelfservicePermissions).toMatchObject({ RebuildWorkspace: "DISABLED", RestartWorkspace: "ENABLED", ChangeComputeType: "ENABLED" });
    expect(dir.WorkspaceAccessProperties).toMatchObject({ DeviceTypeWeb: "DENY", DeviceTypeLinux: "ALLOW", DeviceTypeWindows: "ALLOW" });
    expect(dir.RegistrationCode).toBe(DEMO.registrationCode);
    await rejection(
      t.ws.send(new ModifySelfservicePermissionsCommand({ ResourceId: "d-0000000000", SelfservicePermissions: { RebuildWorkspace: "DISABLED" } })),
      ResourceNotFoundException,
    );
    await rejection(
      t.ws.send(new ModifyWorkspaceAccessPropertiesCommand({ ResourceId: DIRECTORY_ID, WorkspaceAccessProperties: { DeviceTypeWeb: "MAYBE" as "ALLOW" } })),
      ValidationException,
    );
  });

  it("cleans up in order: terminate desktops, deregister, delete", async () => {
    const id = await activeSimpleAd("cleanup.example.com");
    await t.ws.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: id }));
    t.emulator.advanceClock(0.2);
    const [wsId] = await createDesktops(t.ws, [request("Administrator", { DirectoryId: id })]);

    const registered = await rejection(t.ds.send(new DeleteDirectoryCommand({ DirectoryId: id })), ClientException);
    expect(registered.message).toContain("registered with Amazon WorkSpaces");
    const busy = await rejection(t.ws.send(new DeregisterWorkspaceDirectoryCommand({ DirectoryId: id })), InvalidResourceStateException);
    expect(busy.message).toContain(wsId);

    await t.ws.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: wsId }] }));
    t.emulator.advanceClock(0.6); // TERMINATED
    await t.ws.send(new DeregisterWorkspaceDirectoryCommand({ DirectoryId: id }));
    const [deregistering] = (await t.ws.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [id] }))).Directories!;
    expect(deregistering.State).toBe("DEREGISTERING");
    // New desktops cannot be made in a directory being deregistered.
    const refused = await t.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("Administrator", { DirectoryId: id })] }));
    expect(refused.FailedRequests![0].ErrorCode).toBe("InvalidResourceState.Directory");
    t.emulator.advanceClock(0.2);
    expect((await t.ws.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [id] }))).Directories).toEqual([]);

    const deleted = await t.ds.send(new DeleteDirectoryCommand({ DirectoryId: id }));
    expect(deleted.DirectoryId).toBe(id);
    expect(await stage(id)).toBe("Deleting");
    t.emulator.advanceClock(1);
    await rejection(t.ds.send(new DescribeDirectoriesCommand({ DirectoryIds: [id] })), EntityDoesNotExistException);
    await rejection(t.ds.send(new DeleteDirectoryCommand({ DirectoryId: id })), EntityDoesNotExistException);
  });
});

describe("ResetUserPassword", () => {
  it("resets a known user's password and reports the failures", async () => {
    await t.ds.send(new ResetUserPasswordCommand({ DirectoryId: DIRECTORY_ID, UserName: "alice", NewPassword: "N3w!Password" }));
    await rejection(t.ds.send(new ResetUserPasswordCommand({ DirectoryId: DIRECTORY_ID, UserName: "mallory", NewPassword: "N3w!Password" })), UserDoesNotExistException);
    await rejection(t.ds.send(new ResetUserPasswordCommand({ DirectoryId: DIRECTORY_ID, UserName: "alice", NewPassword: "password" })), InvalidPasswordException);
    await rejection(t.ds.send(new ResetUserPasswordCommand({ DirectoryId: "d-0000000000", UserName: "alice", NewPassword: "N3w!Password" })), EntityDoesNotExistException);
    const { DirectoryId } = await t.ds.send(
      new CreateDirectoryCommand({ Name: "busy.example.com", Password: PASSWORD, Size: "Small", VpcSettings: vpc([SUBNET_1A, SUBNET_1B]) }),
    );
    await rejection(
      t.ds.send(new ResetUserPasswordCommand({ DirectoryId: DirectoryId!, UserName: "Administrator", NewPassword: "N3w!Password" })),
      DirectoryUnavailableException,
    );
  });
});

describe("directory users (control endpoint)", () => {
  it("adds and lists users, who can then get desktops", async () => {
    const list = await t.control("GET", `/emulator/directories/${DIRECTORY_ID}/users`);
    expect(list.status).toBe(200);
    const names = (list.body.Users as { UserName: string }[]).map((u) => u.UserName);
    expect(names).toEqual(expect.arrayContaining(["Administrator", "alice", "bob", "carol", "dave", "erin", "user0001", "user0200"]));
    expect(names).toHaveLength(214); // 200 generated, the five demo people, Administrator, and the eight directory sign-in accounts

    const missing = await t.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("frank")] }));
    expect(missing.FailedRequests![0].ErrorCode).toBe("ResourceNotFound.User");
    const added = await t.control("POST", `/emulator/directories/${DIRECTORY_ID}/users`, { UserName: "frank", GivenName: "Frank", EmailAddress: "frank@corp.example.com" });
    expect(added.status).toBe(201);
    expect((await t.control("POST", `/emulator/directories/${DIRECTORY_ID}/users`, { UserName: "frank" })).status).toBe(409);
    expect((await t.control("POST", `/emulator/directories/${DIRECTORY_ID}/users`, { UserName: "bad name!" })).status).toBe(400);
    expect((await t.control("GET", `/emulator/directories/d-0000000000/users`)).status).toBe(404);
    const created = await t.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("frank")] }));
    expect(created.PendingRequests).toHaveLength(1);

    const bulk = await t.control("POST", `/emulator/directories/${DIRECTORY_ID}/users`, { Users: [{ UserName: "gina" }, { UserName: "hank" }] });
    expect(bulk.body.Users).toHaveLength(2);
    expect((await t.control("DELETE", `/emulator/directories/${DIRECTORY_ID}/users/gina`)).status).toBe(200);
    expect((await t.control("GET", `/emulator/directories/${DIRECTORY_ID}/users/gina`)).status).toBe(404);
  });
});
