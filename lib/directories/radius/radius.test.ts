// RADIUS MFA for desktop sign-in, end to end: the server actions (admin Dave) against the real
// database, the real worker sending through the real SDK to the emulator, the status read back
// from DescribeDirectories. The shared secret is sealed in the operation and gone once it closes.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { ConnectDirectoryCommand, DirectoryServiceClient } from "@aws-sdk/client-directory-service";
import { DEMO } from "@/lib/aws-emulator/demo-seed";
import { clientConfig } from "@/test-support/emulator-fixture";
import { DIRECTORY_ID, REGION, startHarness, type Harness } from "@/test-support/worker-harness";
import { captureLogs, type LogCapture } from "@/test-support/log-capture";

let h: Harness;
let testDb: PrismaClient;
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return testDb;
  },
}));
vi.mock("../settings-aws", () => ({
  directorySettingsAws: () => ({ describeDirectories: (ids: string[]) => h.aws.forRegion(REGION).directoryService.describeDirectories({ directoryIds: ids }) }),
}));
let caller: { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" } | null = null;
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => caller, getCurrentUser: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { saveRadiusSettings, disableRadius } = await import("./actions");
const { readDirectories } = await import("../queries");

const SECRET = "Radius-Shared-Secret-42";
let connector: string;
const logged: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  testDb = h.db;
  const dave = await h.db.user.update({ where: { id: h.approverId }, data: { role: "ADMIN" } });
  caller = { id: dave.id, email: dave.email, name: dave.name ?? "Dave", role: "ADMIN" };
  const ds = new DirectoryServiceClient(clientConfig(h.emulator.url));
  const out = await ds.send(
    new ConnectDirectoryCommand({
      Name: "onprem.example.com",
      Password: "service-password",
      Size: "Small",
      ConnectSettings: { VpcId: DEMO.vpcId, SubnetIds: [DEMO.subnets[0].SubnetId, DEMO.subnets[1].SubnetId], CustomerDnsIps: ["10.1.0.10"], CustomerUserName: "svc-connector" },
    }),
  );
  ds.destroy();
  connector = out.DirectoryId!;
  await h.advanceClock(3600);
});
afterAll(async () => h?.close());
let logCapture: LogCapture | undefined;
beforeEach(() => {
  logged.length = 0;
  // The portal's logger too: its lines go to standard output, not through console.
  logCapture = captureLogs(logged);
  for (const m of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  logCapture?.restore();
});

const view = async (id: string) => {
  const list = await readDirectories(h.db, h.aws, REGION);
  if (!list.ok) throw new Error(list.message);
  return list.directories.find((d) => d.id === id)!;
};
const form = (extra: Record<string, string> = {}) => ({
  directoryId: connector,
  servers: "10.1.0.20, 10.1.0.21",
  port: "1812",
  timeoutSeconds: "5",
  retries: "3",
  protocol: "PAP",
  displayLabel: "Token code",
  useSameUsername: "on",
  sharedSecret: SECRET,
  ...extra,
});
/** Everything the portal stored: operations, audit trail, AWS call log. */
const stored = async () => JSON.stringify(await Promise.all([h.db.operation.findMany(), h.db.auditEvent.findMany(), h.db.awsCall.findMany()]));

describe("RADIUS MFA for desktop sign-in", () => {
  it("turns it on for an AD Connector, status read back from DescribeDirectories; the secret only sealed, then gone", async () => {
    expect((await view(connector)).radiusStatus).toBeNull();
    const result = await saveRadiusSettings(form());
    expect(result).toEqual({ ok: true });
    const op = await h.db.operation.findFirstOrThrow({ where: { type: "DIRECTORY_RADIUS", directoryId: connector }, orderBy: { createdAt: "desc" } });
    const sealed = op.payload as { action: string; secret?: { data: string } };
    expect(sealed.action).toBe("enable");
    expect(sealed.secret?.data).toBeTruthy();
    expect(JSON.stringify(op.payload)).not.toContain(SECRET);

    await h.drain();
    const closed = await h.db.operation.findUniqueOrThrow({ where: { id: op.id } });
    expect(closed.status).toBe("SUCCEEDED");
    expect(closed.payload).not.toHaveProperty("secret");
    expect((await view(connector)).radiusStatus).toMatch(/^(Creating|Completed)$/);
    await h.advanceClock(600);
    const on = await view(connector);
    expect(on.radiusStatus).toBe("Completed");
    expect(on.radius).toMatchObject({ servers: ["10.1.0.20", "10.1.0.21"], port: 1812, protocol: "PAP", displayLabel: "Token code", retries: 3 });

    // Changing it again is UpdateRadius.
    expect(await saveRadiusSettings(form({ port: "1645" }))).toEqual({ ok: true });
    await h.drain();
    expect((await h.db.operation.findFirstOrThrow({ where: { type: "DIRECTORY_RADIUS", directoryId: connector }, orderBy: { createdAt: "desc" } })).payload).toMatchObject({ action: "update" });
    await h.advanceClock(600);
    expect((await view(connector)).radius?.port).toBe(1645);

    // Never stored in plain text, never logged, never in the audit trail or the AWS call log.
    expect(await stored()).not.toContain(SECRET);
    expect(logged.join("\n")).not.toContain(SECRET);
    const audit = await h.db.auditEvent.findMany({ where: { targetId: connector }, select: { action: true, outcome: true } });
    expect(audit.map((a) => `${a.action} ${a.outcome}`)).toContain("directory.radius.change SUCCESS");
  });

  it("turns it off", async () => {
    expect(await disableRadius({ directoryId: connector })).toEqual({ ok: true });
    await h.drain();
    expect((await view(connector)).radiusStatus).toBeNull();
    expect(await disableRadius({ directoryId: connector })).toMatchObject({ ok: false, code: "CONFLICT", message: "RADIUS is off for this directory already." });
  });

  it("is refused for Simple AD with a clear message, nothing queued", async () => {
    const before = await h.db.operation.count();
    const refused = await saveRadiusSettings(form({ directoryId: DIRECTORY_ID }));
    expect(refused).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringContaining("Simple AD has no RADIUS multi-factor authentication") });
    expect(await h.db.operation.count()).toBe(before);
  });

  it("refuses bad settings at their fields before any AWS call, without echoing the secret", async () => {
    const before = await h.db.operation.count();
    const calls = await h.db.awsCall.count();
    const bad = await saveRadiusSettings(form({ servers: "radius..corp, 10.1.0.300", port: "80", timeoutSeconds: "60", retries: "11", sharedSecret: "short" }));
    expect(bad).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    const fields = (bad as { fieldErrors: Record<string, string> }).fieldErrors;
    expect(fields.servers).toBe("Not an IPv4 address or host name: radius..corp, 10.1.0.300.");
    expect(fields.port).toBe("The port must be 1025 to 65535.");
    expect(fields.timeoutSeconds).toBe("The timeout must be 1 to 50.");
    expect(fields.retries).toBe("The number of retries must be 0 to 10.");
    expect(fields.sharedSecret).toBe("The shared secret must have at least 8 characters.");
    expect(JSON.stringify(bad)).not.toContain("short");
    expect(await h.db.operation.count()).toBe(before);
    expect(await h.db.awsCall.count()).toBe(calls);
  });
});
