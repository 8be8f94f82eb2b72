/**
 * Creating directories as AWS validates them (FQDN, NetBIOS length, admin password rules, two
 * subnets in two zones of the VPC), their sizes, editions and timed stages, an AD Connector that
 * cannot reach its DNS addresses ending Failed with AWS's reason, RADIUS (status, secret never
 * returned), and passwords that can be reset and checked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClientException,
  ConnectDirectoryCommand,
  CreateDirectoryCommand,
  CreateMicrosoftADCommand,
  DeleteDirectoryCommand,
  DescribeDirectoriesCommand,
  DirectoryServiceServiceException,
  DisableRadiusCommand,
  EnableRadiusCommand,
  EntityAlreadyExistsException,
  InvalidParameterException,
  InvalidPasswordException,
  ResetUserPasswordCommand,
  UpdateRadiusCommand,
  type RadiusSettings,
} from "@aws-sdk/client-directory-service";
import { InvalidResourceStateException, RegisterWorkspaceDirectoryCommand } from "@aws-sdk/client-workspaces";
import { DEMO } from "../demo-seed";
import { rejection, removeTempDirs, startTestEmulator, tempDir, type TestEmulator } from "@/test-support/emulator-fixture";

let t: TestEmulator;
// A still base clock: only advanceClock moves time, so short stages (Requested) can be observed on a busy machine.
const START = Date.parse("2026-03-02T09:00:00Z");
beforeAll(async () => {
  t = await startTestEmulator({ now: () => START });
});
afterAll(async () => {
  await t.close();
  removeTempDirs();
});

const [SUBNET_1A, SUBNET_1B, SUBNET_1A_2] = DEMO.subnets.map((s) => s.SubnetId);
const VPC = { VpcId: DEMO.vpcId, SubnetIds: [SUBNET_1A, SUBNET_1B] };
const PASSWORD = "Str0ng!Passw0rd";

async function describeOne(id: string) {
  return (await t.ds.send(new DescribeDirectoriesCommand({ DirectoryIds: [id] }))).DirectoryDescriptions![0];
}

async function deleteAfterwards(id: string) {
  await t.ds.send(new DeleteDirectoryCommand({ DirectoryId: id }));
}

describe("sizes, editions and timings", () => {
  it("creates Simple AD Small and Large, Managed AD Standard and Enterprise, each Active after its own time", async () => {
    const small = await t.ds.send(new CreateDirectoryCommand({ Name: "small.example.com", Password: PASSWORD, Size: "Small", VpcSettings: VPC }));
    const large = await t.ds.send(new CreateDirectoryCommand({ Name: "large.example.com", Password: PASSWORD, Size: "Large", VpcSettings: VPC }));
    const standard = await t.ds.send(new CreateMicrosoftADCommand({ Name: "std.example.com", Password: PASSWORD, Edition: "Standard", VpcSettings: VPC }));
    const enterprise = await t.ds.send(new CreateMicrosoftADCommand({ Name: "ent.example.com", Password: PASSWORD, Edition: "Enterprise", VpcSettings: VPC }));
    expect(await describeOne(small.DirectoryId!)).toMatchObject({ Type: "SimpleAD", Size: "Small", Stage: "Requested", ShortName: "SMALL" });
    expect((await describeOne(large.DirectoryId!)).Size).toBe("Large");
    expect(await describeOne(standard.DirectoryId!)).toMatchObject({ Type: "MicrosoftAD", Edition: "Standard" });
    expect((await describeOne(enterprise.DirectoryId!)).Edition).toBe("Enterprise");

    // Test speed: Simple AD 10 min → 1 s, Managed AD 40 min → 4 s.
    t.emulator.advanceClock(1.1);
    expect((await describeOne(small.DirectoryId!)).Stage).toBe("Active");
    expect((await describeOne(standard.DirectoryId!)).Stage).toBe("Creating");
    t.emulator.advanceClock(3);
    const active = await describeOne(standard.DirectoryId!);
    expect(active.Stage).toBe("Active");
    expect(active.DnsIpAddrs).toHaveLength(2);
    expect(active.VpcSettings).toMatchObject({ VpcId: DEMO.vpcId, SubnetIds: [SUBNET_1A, SUBNET_1B], AvailabilityZones: ["us-east-1a", "us-east-1b"] });
    expect(active.VpcSettings!.SecurityGroupId).toMatch(/^sg-[0-9a-f]{17}$/);
    for (const id of [small, large, standard, enterprise].map((d) => d.DirectoryId!)) await deleteAfterwards(id);
  });
});

describe("validation before anything is created", () => {
  it("refuses a name that is not a fully qualified domain name and a NetBIOS name over 15 characters", async () => {
    const notFqdn = await rejection(t.ds.send(new CreateDirectoryCommand({ Name: "corp", Password: PASSWORD, Size: "Small", VpcSettings: VPC })), DirectoryServiceServiceException);
    expect(notFqdn.name).toBe("ValidationException");
    expect(notFqdn.message).toContain("at 'name' failed to satisfy constraint");
    const netbios = await rejection(
      t.ds.send(new CreateMicrosoftADCommand({ Name: "corp.example.com", ShortName: "ABCDEFGHIJKLMNOP", Password: PASSWORD, VpcSettings: VPC })),
      InvalidParameterException,
    );
    expect(netbios.message).toContain("at most 15 characters");
    // A derived NetBIOS name is cut to 15 characters.
    const long = await t.ds.send(new CreateDirectoryCommand({ Name: "averyveryverylongname.example.com", Password: PASSWORD, Size: "Small", VpcSettings: VPC }));
    expect((await describeOne(long.DirectoryId!)).ShortName).toBe("AVERYVERYVERYLO");
    await deleteAfterwards(long.DirectoryId!);
  });

  it("refuses admin passwords that fail AD's complexity or contain the admin's account name", async () => {
    const weak = await rejection(t.ds.send(new CreateDirectoryCommand({ Name: "pw.example.com", Password: "password1", Size: "Small", VpcSettings: VPC })), DirectoryServiceServiceException);
    expect(weak.name).toBe("ValidationException");
    expect(weak.message).not.toContain("password1");
    const named = await rejection(t.ds.send(new CreateMicrosoftADCommand({ Name: "pw.example.com", Password: "MyAdmin!2024", VpcSettings: VPC })), InvalidParameterException);
    expect(named.message).toContain("must not contain the account name (Admin)");
    await rejection(t.ds.send(new CreateDirectoryCommand({ Name: "pw.example.com", Password: "Administrator1!", Size: "Small", VpcSettings: VPC })), InvalidParameterException);
  });

  it("needs two existing subnets of the VPC in different zones, for every directory type", async () => {
    const connect = (SubnetIds: string[], VpcId = DEMO.vpcId) =>
      t.ds.send(
        new ConnectDirectoryCommand({
          Name: "onprem.example.com",
          Password: "service-password",
          Size: "Small",
          ConnectSettings: { VpcId, SubnetIds, CustomerDnsIps: ["10.1.0.10"], CustomerUserName: "svc-connector" },
        }),
      );
    await rejection(connect([SUBNET_1A, SUBNET_1A_2]), ClientException);
    await rejection(connect([SUBNET_1A, "subnet-0000000000000beef"]), InvalidParameterException);
    await rejection(connect([SUBNET_1A]), InvalidParameterException);
    await rejection(connect(["subnet-0def00000000000a1", "subnet-0def00000000000a2"]), ClientException);
  });
});

describe("AD Connector", () => {
  const connect = (dns: string[]) =>
    t.ds.send(
      new ConnectDirectoryCommand({
        Name: "onprem.example.com",
        ShortName: "ONPREM",
        Password: "service-password",
        Size: "Large",
        ConnectSettings: { ...VPC, CustomerDnsIps: dns, CustomerUserName: "svc-connector" },
      }),
    );

  it("becomes Active when its DNS addresses answer, with its connect settings", async () => {
    const { DirectoryId } = await connect(["10.1.0.10", "10.1.0.11"]);
    t.emulator.advanceClock(0.6);
    const dir = await describeOne(DirectoryId!);
    expect(dir).toMatchObject({ Type: "ADConnector", Size: "Large", Stage: "Active", DnsIpAddrs: ["10.1.0.10", "10.1.0.11"] });
    expect(dir.ConnectSettings).toMatchObject({ VpcId: DEMO.vpcId, SubnetIds: [SUBNET_1A, SUBNET_1B], CustomerUserName: "svc-connector" });
    expect(dir.ConnectSettings!.ConnectIps).toHaveLength(2);
    expect(dir.StageReason).toBeUndefined();
    await deleteAfterwards(DirectoryId!);
  });

  it("fails with AWS's connectivity reason when a DNS address is unreachable (RFC 5737 ranges), and cannot be registered", async () => {
    const { DirectoryId } = await connect(["198.51.100.10", "10.1.0.11"]);
    expect((await describeOne(DirectoryId!)).Stage).toBe("Requested");
    t.emulator.advanceClock(0.1);
    expect((await describeOne(DirectoryId!)).Stage).toBe("Creating");
    t.emulator.advanceClock(0.5);
    const dir = await describeOne(DirectoryId!);
    expect(dir.Stage).toBe("Failed");
    expect(dir.StageReason).toBe(
      "Connectivity issues detected: DNS unavailable (TCP port 53) for IP: 198.51.100.10 DNS unavailable (UDP port 53) for IP: 198.51.100.10 Please ensure that the listed ports are available and retry the operation.",
    );
    await rejection(t.ws.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId })), InvalidResourceStateException);
    await deleteAfterwards(DirectoryId!);
    expect((await describeOne(DirectoryId!)).Stage).toBe("Deleting");
  });
});

describe("RADIUS", () => {
  const SETTINGS: RadiusSettings = {
    RadiusServers: ["10.0.0.50"],
    RadiusPort: 1812,
    RadiusTimeout: 5,
    RadiusRetries: 3,
    SharedSecret: "a-very-secret-phrase",
    AuthenticationProtocol: "PAP",
    DisplayLabel: "MFA",
    UseSameUsername: true,
  };

  it("turns on for Managed AD (Creating → Completed), never returns the secret, updates and turns off", async () => {
    const { DirectoryId } = await t.ds.send(new CreateMicrosoftADCommand({ Name: "mfa.example.com", Password: PASSWORD, Edition: "Standard", VpcSettings: VPC }));
    await rejection(t.ds.send(new EnableRadiusCommand({ DirectoryId, RadiusSettings: SETTINGS })), ClientException);
    t.emulator.advanceClock(4.1);
    await t.ds.send(new EnableRadiusCommand({ DirectoryId, RadiusSettings: SETTINGS }));
    const creating = await describeOne(DirectoryId!);
    expect(creating.RadiusStatus).toBe("Creating");
    expect(creating.RadiusSettings).toEqual({ RadiusServers: ["10.0.0.50"], RadiusPort: 1812, RadiusTimeout: 5, RadiusRetries: 3, AuthenticationProtocol: "PAP", DisplayLabel: "MFA", UseSameUsername: true });
    t.emulator.advanceClock(0.25);
    expect((await describeOne(DirectoryId!)).RadiusStatus).toBe("Completed");

    // The secret is in no answer and no state dump.
    const raw = await fetch(`${t.emulator.url}/`, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "DirectoryService_20150416.DescribeDirectories" },
      body: JSON.stringify({ DirectoryIds: [DirectoryId] }),
    });
    expect(await raw.text()).not.toContain("a-very-secret-phrase");
    expect(JSON.stringify((await t.control("GET", "/emulator/state")).body)).not.toContain("a-very-secret-phrase");

    await rejection(t.ds.send(new EnableRadiusCommand({ DirectoryId, RadiusSettings: SETTINGS })), EntityAlreadyExistsException);
    await t.ds.send(new UpdateRadiusCommand({ DirectoryId, RadiusSettings: { ...SETTINGS, RadiusServers: ["203.0.113.5"] } }));
    expect((await describeOne(DirectoryId!)).RadiusStatus).toBe("Creating");
    t.emulator.advanceClock(0.25);
    expect((await describeOne(DirectoryId!)).RadiusStatus).toBe("Failed");
    await t.ds.send(new DisableRadiusCommand({ DirectoryId }));
    const off = await describeOne(DirectoryId!);
    expect(off.RadiusSettings).toBeUndefined();
    expect(off.RadiusStatus).toBeUndefined();
    await deleteAfterwards(DirectoryId!);
  });

  it("is refused on Simple AD, with settings missing, or outside the model's ranges", async () => {
    const { DirectoryId } = await t.ds.send(new CreateDirectoryCommand({ Name: "nomfa.example.com", Password: PASSWORD, Size: "Small", VpcSettings: VPC }));
    t.emulator.advanceClock(1.1);
    const simple = await rejection(t.ds.send(new EnableRadiusCommand({ DirectoryId, RadiusSettings: SETTINGS })), ClientException);
    expect(simple.message).toContain("AD Connector and AWS Managed Microsoft AD");
    const { DirectoryId: connector } = await t.ds.send(
      new ConnectDirectoryCommand({ Name: "c.example.com", Password: "pw", Size: "Small", ConnectSettings: { ...VPC, CustomerDnsIps: ["10.1.0.10"], CustomerUserName: "svc" } }),
    );
    t.emulator.advanceClock(0.6);
    const missing = await rejection(t.ds.send(new EnableRadiusCommand({ DirectoryId: connector, RadiusSettings: { RadiusServers: ["10.0.0.50"] } })), InvalidParameterException);
    expect(missing.message).toContain("SharedSecret");
    const port = await rejection(t.ds.send(new EnableRadiusCommand({ DirectoryId: connector, RadiusSettings: { ...SETTINGS, RadiusPort: 80 } })), DirectoryServiceServiceException);
    expect(port.name).toBe("ValidationException");
    await t.ds.send(new EnableRadiusCommand({ DirectoryId: connector, RadiusSettings: SETTINGS }));
    await deleteAfterwards(DirectoryId!);
    await deleteAfterwards(connector!);
  });
});

describe("directory user passwords", () => {
  const authenticate = async (directoryId: string, UserName: string, Password: string) =>
    (await t.control("POST", `/emulator/directories/${directoryId}/authenticate`, { UserName, Password })).body.authenticated as boolean;

  it("keeps the admin password from creation and a reset password, checkable by a sign-in", async () => {
    const { DirectoryId } = await t.ds.send(new CreateMicrosoftADCommand({ Name: "users.example.com", Password: PASSWORD, Edition: "Standard", VpcSettings: VPC }));
    t.emulator.advanceClock(4.1);
    expect(await authenticate(DirectoryId!, "Admin", PASSWORD)).toBe(true);
    expect(await authenticate(DirectoryId!, "admin", "wrong")).toBe(false);

    const created = await t.control("POST", `/emulator/directories/${DirectoryId}/users`, { UserName: "frank", Password: "Initial-Passw0rd" });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain("Initial-Passw0rd");
    expect((await t.control("POST", `/emulator/directories/${DirectoryId}/users`, { UserName: "gina", Password: "short" })).status).toBe(400);

    const reset = await rejection(t.ds.send(new ResetUserPasswordCommand({ DirectoryId, UserName: "frank", NewPassword: "Frank-2024-new" })), InvalidPasswordException);
    expect(reset.message).toContain("account name (frank)");
    await t.ds.send(new ResetUserPasswordCommand({ DirectoryId, UserName: "frank", NewPassword: "Sunny-Day-2024" }));
    expect(await authenticate(DirectoryId!, "frank", "Sunny-Day-2024")).toBe(true);
    expect(await authenticate(DirectoryId!, "frank", "Initial-Passw0rd")).toBe(false);
    await deleteAfterwards(DirectoryId!);
  });

  it("survive a restart, with RADIUS and a failed connector", async () => {
    const dataDir = tempDir();
    const first = await startTestEmulator({ dataDir });
    const { DirectoryId } = await first.ds.send(new CreateMicrosoftADCommand({ Name: "keep.example.com", Password: PASSWORD, Edition: "Enterprise", VpcSettings: VPC }));
    first.emulator.advanceClock(4.1);
    await first.ds.send(new EnableRadiusCommand({ DirectoryId, RadiusSettings: SETTINGS_FOR_RESTART }));
    const { DirectoryId: failed } = await first.ds.send(
      new ConnectDirectoryCommand({ Name: "gone.example.com", Password: "pw", Size: "Small", ConnectSettings: { ...VPC, CustomerDnsIps: ["192.0.2.1"], CustomerUserName: "svc" } }),
    );
    await first.close();
    const second = await startTestEmulator({ dataDir });
    try {
      second.emulator.advanceClock(1);
      const [kept, broken] = (await second.ds.send(new DescribeDirectoriesCommand({ DirectoryIds: [DirectoryId!, failed!] }))).DirectoryDescriptions!;
      expect(kept).toMatchObject({ Stage: "Active", Edition: "Enterprise", RadiusStatus: "Completed" });
      expect(broken).toMatchObject({ Stage: "Failed" });
      const auth = await second.control("POST", `/emulator/directories/${DirectoryId}/authenticate`, { UserName: "Admin", Password: PASSWORD });
      expect(auth.body.authenticated).toBe(true);
    } finally {
      await second.close();
    }
  });
});

const SETTINGS_FOR_RESTART: RadiusSettings = {
  RadiusServers: ["radius.example.com"],
  RadiusPort: 1812,
  RadiusTimeout: 10,
  RadiusRetries: 1,
  SharedSecret: "another-secret-phrase",
  AuthenticationProtocol: "MS-CHAPv2",
};
