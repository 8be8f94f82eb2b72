// Creating directories from the portal, end to end: the server action (admin Dave) against the real
// database, the real worker sending through the real SDK to the emulator, and the state read back.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import {
  AuthorizeSecurityGroupEgressCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupEgressCommand,
} from "@aws-sdk/client-ec2";
import { clientConfig } from "@/test-support/emulator-fixture";
import { runWorkerOnce } from "@/lib/jobs/worker";
import { REGION, startHarness, type Harness } from "@/test-support/worker-harness";
import { captureLogs, type LogCapture } from "@/test-support/log-capture";

let h: Harness;
let testDb: PrismaClient;
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return testDb;
  },
}));
vi.mock("./aws", () => ({ directoryCreationAws: () => h.aws.forRegion(REGION).directoryCreation }));
let caller: { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" } | null = null;
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => caller, getCurrentUser: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createDirectory } = await import("./actions");
const { loadDirectoryCreation } = await import("./queries");

// The default VPC: one default subnet per zone, a1 in us-east-1a, a2 in us-east-1b.
const VPC = "vpc-0def0000000000001";
const SUBNET_1A = "subnet-0def00000000000a1";
const SUBNET_1B = "subnet-0def00000000000a2";
const PASSWORD = "Corp-Admin-9 pass";
const SERVICE_PASSWORD = "svc-Connector-7";

const simpleAd = (extra: Record<string, string> = {}) => ({
  directoryType: "SimpleAD",
  size: "Small",
  name: "branch.example.com",
  shortName: "BRANCH",
  password: PASSWORD,
  vpcId: VPC,
  subnetA: SUBNET_1A,
  subnetB: SUBNET_1B,
  ...extra,
});

const logged: string[] = [];
const consoleMethods = ["log", "info", "warn", "error", "debug"] as const;

beforeAll(async () => {
  h = await startHarness();
  testDb = h.db;
  const dave = await h.db.user.update({ where: { id: h.approverId }, data: { role: "ADMIN" } });
  caller = { id: dave.id, email: dave.email, name: dave.name ?? "Dave", role: "ADMIN" };
});
afterAll(async () => h?.close());
let logCapture: LogCapture | undefined;
beforeEach(() => {
  logged.length = 0;
  // The portal's logger too: its lines go to standard output, not through console.
  logCapture = captureLogs(logged);
  for (const m of consoleMethods) {
    const original = console[m];
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      void original;
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  logCapture?.restore();
});

/** Polls the creation page's view until the directory leaves Requested/Creating (test time scale: seconds). */
async function settled(operationId: string) {
  for (let i = 0; i < 100; i++) {
    const view = await loadDirectoryCreation(operationId);
    if (view?.stage && !["Requested", "Creating"].includes(view.stage)) return view;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the directory did not settle");
}

/** Everything the portal wrote: operations, audit trail, AWS call log. */
async function everythingStored() {
  const [ops, audit, calls] = await Promise.all([h.db.operation.findMany(), h.db.auditEvent.findMany(), h.db.awsCall.findMany()]);
  return JSON.stringify({ ops, audit, calls });
}

describe("create a directory", () => {
  it("a Simple AD goes Requested/Creating, then Active; no password is kept or logged", async () => {
    const result = await createDirectory(simpleAd());
    expect(result).toMatchObject({ ok: true });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    const operationId = (result as { operationId: string }).operationId;

    const queued = await h.db.operation.findUniqueOrThrow({ where: { id: operationId } });
    expect(JSON.stringify(queued.payload)).not.toContain(PASSWORD);
    expect(queued.payload).toHaveProperty("secret");

    await h.drain();
    const done = await h.db.operation.findUniqueOrThrow({ where: { id: operationId } });
    expect(done.status).toBe("SUCCEEDED");
    expect(done.payload).not.toHaveProperty("secret");
    const early = await loadDirectoryCreation(operationId);
    expect(["Requested", "Creating", "Active"]).toContain(early?.stage);

    const view = await settled(operationId);
    expect(view).toMatchObject({ stage: "Active", name: "branch.example.com", typeLabel: "Simple AD" });
    expect(view.directoryId).toMatch(/^d-/);

    // The emulator checks the password it was given: the one the admin typed reached AWS.
    const auth = (await h.control(`/emulator/directories/${view.directoryId}/authenticate`, { UserName: "Administrator", Password: PASSWORD })) as {
      authenticated: boolean;
    };
    expect(auth.authenticated).toBe(true);

    const stored = await everythingStored();
    expect(stored).not.toContain(PASSWORD);
    expect(logged.join("\n")).not.toContain(PASSWORD);
  });

  it("a Managed Microsoft AD of each edition: CreateMicrosoftAD with the edition chosen, Requested/Creating, then Active as the emulator's clock passes AWS's 40 minutes; no password kept or logged", async () => {
    const created: { edition: "Standard" | "Enterprise"; operationId: string; password: string }[] = [];
    for (const edition of ["Standard", "Enterprise"] as const) {
      const password = `Managed-${edition}-7 pass`;
      const { size: _size, ...network } = simpleAd({ name: `${edition.toLowerCase()}.example.com`, shortName: edition.toUpperCase(), password });
      const result = await createDirectory({ ...network, directoryType: "MicrosoftAD", edition });
      expect(result).toMatchObject({ ok: true });
      created.push({ edition, operationId: (result as { operationId: string }).operationId, password });
    }
    await h.drain();

    for (const { edition, operationId } of created) {
      const done = await h.db.operation.findUniqueOrThrow({ where: { id: operationId } });
      expect(done.status).toBe("SUCCEEDED");
      expect(done.payload).not.toHaveProperty("secret");
      expect(done.payload).toMatchObject({ directoryType: "MicrosoftAD", edition });
      const sent = await h.db.awsCall.findMany({ where: { operationIds: { has: operationId }, operation: { in: ["CreateDirectory", "CreateMicrosoftAD", "ConnectDirectory"] } } });
      expect(sent.map((c) => [c.operation, c.errorCode])).toEqual([["CreateMicrosoftAD", null]]);
      // A Managed AD takes AWS about 40 minutes: still on its way before the clock moves.
      const early = await loadDirectoryCreation(operationId);
      expect(early).toMatchObject({ typeLabel: "AWS Managed Microsoft AD" });
      expect(["Requested", "Creating"]).toContain(early?.stage);
    }

    await h.advanceClock(2400);
    const described = await h.aws.forRegion(REGION).directoryService.describeDirectories();
    for (const { edition, operationId, password } of created) {
      const view = await loadDirectoryCreation(operationId);
      expect(view).toMatchObject({ stage: "Active", name: `${edition.toLowerCase()}.example.com` });
      // Directory Service reports the edition the admin chose, and the password typed reached AWS
      // (Managed AD's account is Admin).
      const inAws = described.ok ? described.directories.find((d) => d.directoryId === view!.directoryId) : undefined;
      expect(inAws).toMatchObject({ type: "MICROSOFT_AD", edition });
      const auth = (await h.control(`/emulator/directories/${view!.directoryId}/authenticate`, { UserName: "Admin", Password: password })) as { authenticated: boolean };
      expect(auth.authenticated).toBe(true);
    }

    const stored = await everythingStored();
    const lines = logged.join("\n");
    for (const { password } of created) {
      expect(stored).not.toContain(password);
      expect(lines).not.toContain(password);
    }
  });

  it("an AD Connector whose DNS addresses are unreachable ends Failed with AWS's reason", async () => {
    const result = await createDirectory({
      directoryType: "ADConnector",
      size: "Small",
      name: "onprem.example.com",
      password: SERVICE_PASSWORD,
      vpcId: VPC,
      subnetA: SUBNET_1A,
      subnetB: SUBNET_1B,
      dnsIps: "192.0.2.10, 192.0.2.11",
      customerUserName: "svc-connector",
    });
    expect(result).toMatchObject({ ok: true });
    const operationId = (result as { operationId: string }).operationId;
    await h.drain();
    const view = await settled(operationId);
    expect(view.stage).toBe("Failed");
    expect(view.stageReason).toContain("DNS unavailable (TCP port 53) for IP: 192.0.2.10");
    expect(await everythingStored()).not.toContain(SERVICE_PASSWORD);
    expect(logged.join("\n")).not.toContain(SERVICE_PASSWORD);
  });

  it("a lost answer is resolved by finding the directory by name, not by creating a second one", async () => {
    await h.configureEmulator({ faults: { operations: { CreateDirectory: { lostAnswerRate: 1 } } } });
    const result = await createDirectory(simpleAd({ name: "lost.example.com", shortName: "LOST" }));
    const operationId = (result as { operationId: string }).operationId;
    await runWorkerOnce(h.workerOptions());
    expect(await h.db.operation.findUniqueOrThrow({ where: { id: operationId } })).toMatchObject({ status: "QUEUED", outcomeUnknown: true });
    await h.configureEmulator({ faults: {} });
    await h.drain();
    const done = await h.db.operation.findUniqueOrThrow({ where: { id: operationId } });
    expect(done.status).toBe("SUCCEEDED");
    expect(done.payload).not.toHaveProperty("secret");
    const inAws = await h.aws.forRegion(REGION).directoryCreation.describeDirectories();
    expect(inAws.ok && inAws.directories.filter((d) => d.name === "lost.example.com")).toHaveLength(1);
    expect(await h.db.awsCall.count({ where: { operation: "CreateDirectory", operationIds: { has: operationId } } })).toBe(1);
  });

  it("an AD Connector in a VPC whose security groups do not let the AD ports out: warned with what is missing, created once confirmed", async () => {
    const ec2 = new EC2Client(clientConfig(h.emulator.url));
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.30.0.0/16" }))).Vpc!.VpcId!;
    const [a, b] = await Promise.all(
      [["10.30.1.0/24", "us-east-1a"], ["10.30.2.0/24", "us-east-1b"]].map(([CidrBlock, AvailabilityZone]) => ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock, AvailabilityZone }))),
    );
    // The VPC's default group: everything out replaced by DNS over TCP only.
    const group = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))).SecurityGroups![0];
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: group.GroupId, IpPermissions: group.IpPermissionsEgress }));
    await ec2.send(
      new AuthorizeSecurityGroupEgressCommand({ GroupId: group.GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: "10.0.0.0/8" }] }] }),
    );
    ec2.destroy();
    const input = {
      directoryType: "ADConnector",
      size: "Large",
      name: "ports.example.com",
      password: SERVICE_PASSWORD,
      vpcId,
      subnetA: a.Subnet!.SubnetId!,
      subnetB: b.Subnet!.SubnetId!,
      dnsIps: "10.1.0.2",
      customerUserName: "svc-connector",
    };
    const ops = await h.db.operation.count();
    const warned = await createDirectory(input);
    expect(warned).toMatchObject({ ok: false, code: "CONFLICT" });
    const message = (warned as { fieldErrors: Record<string, string> }).fieldErrors.portsAcknowledged;
    expect(message).toContain("10 required ports");
    expect(message).toContain("UDP 53, TCP 88");
    expect(message).not.toContain("TCP 53,");
    expect(await h.db.operation.count()).toBe(ops);

    const confirmed = await createDirectory({ ...input, portsAcknowledged: "on" });
    expect(confirmed).toMatchObject({ ok: true });
    await h.drain();
    const view = await settled((confirmed as { operationId: string }).operationId);
    expect(view.stage).toBe("Active");
  });

  describe("bad input is refused at its field before any AWS call", () => {
    const cases: [string, Record<string, string>, string, RegExp][] = [
      ["a name that is not a fully qualified domain name", simpleAd({ name: "corp" }), "name", /fully qualified domain name/],
      ["a NetBIOS name over 15 characters", simpleAd({ shortName: "CORPORATEDOMAIN1" }), "shortName", /at most 15 characters \(this one has 16\)/],
      ["a password with only two character classes", simpleAd({ password: "alllowercase123" }), "password", /at least three of/],
      ["a password under 8 characters", simpleAd({ password: "Ab1!x" }), "password", /8 to 64 characters/],
      ["a password containing the admin account name", simpleAd({ password: "MyAdministrator1!" }), "password", /must not contain the account name "Administrator"/],
      [
        "DNS addresses that are not IPv4",
        { ...simpleAd({ directoryType: "ADConnector", dnsIps: "10.0.0.2, dns.corp.local, 10.0.0.300", customerUserName: "svc" }) },
        "dnsIps",
        /Not an IPv4 address: dns\.corp\.local, 10\.0\.0\.300/,
      ],
    ];
    for (const [label, input, field, message] of cases) {
      it(label, async () => {
        const calls = await h.db.awsCall.count();
        const ops = await h.db.operation.count();
        const result = await createDirectory(input);
        expect(result).toMatchObject({ ok: false, code: "INVALID_INPUT" });
        expect((result as { fieldErrors: Record<string, string> }).fieldErrors[field]).toMatch(message);
        expect(await h.db.awsCall.count()).toBe(calls);
        expect(await h.db.operation.count()).toBe(ops);
      });
    }

    it("two subnets in one Availability Zone: refused after reading the subnets, before any create", async () => {
      const ec2 = new EC2Client(clientConfig(h.emulator.url));
      const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.20.0.0/16" }));
      const vpcId = vpc.Vpc!.VpcId!;
      const [a, b] = await Promise.all(
        ["10.20.1.0/24", "10.20.2.0/24"].map((CidrBlock) => ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock, AvailabilityZone: "us-east-1a" }))),
      );
      ec2.destroy();
      const ops = await h.db.operation.count();
      const creates = { where: { operation: { in: ["CreateDirectory", "CreateMicrosoftAD", "ConnectDirectory"] } } };
      const createsBefore = await h.db.awsCall.count(creates);
      const result = await createDirectory(simpleAd({ name: "zones.example.com", vpcId, subnetA: a.Subnet!.SubnetId!, subnetB: b.Subnet!.SubnetId! }));
      expect(result).toMatchObject({ ok: false, code: "INVALID_INPUT" });
      expect((result as { fieldErrors: Record<string, string> }).fieldErrors.subnetB).toMatch(/Both subnets are in us-east-1a/);
      expect(await h.db.operation.count()).toBe(ops);
      expect(await h.db.awsCall.count(creates)).toBe(createsBefore);
    });

    it("the same subnet twice is refused by the form alone", async () => {
      const calls = await h.db.awsCall.count();
      const result = await createDirectory(simpleAd({ subnetB: SUBNET_1A }));
      expect(result).toMatchObject({ ok: false, fieldErrors: { subnetB: "Choose two different subnets." } });
      expect(await h.db.awsCall.count()).toBe(calls);
    });
  });
});
