// The directory's guardrails at the first path a desktop takes: the request form. A desktop larger
// than the role may have, a required tag missing or outside its allowed values, and a person at
// their quota are refused with the reason at the field (or for the form), and nothing is filed; a
// tag left empty takes its default. The action is called as the form calls it, on a real database.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { createTestDb } from "@/test-support/test-db";

let testDb: PrismaClient;
let caller: { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" } | null = null;

vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return testDb;
  },
}));
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => caller, getCurrentUser: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { submitRequest } = await import("./actions");

const people = {
  erin: { id: "u-erin", email: "erin@example.com", name: "Erin", role: "EMPLOYEE" as const },
  carol: { id: "u-carol", email: "carol@example.com", name: "Carol", role: "APPROVER" as const },
};
const DIRECTORY = "d-1234567890";
const OTHER_DIRECTORY = "d-1234567891";
const STANDARD = "wsb-standard01";
const POWER = "wsb-power00001";
const form = { bundleId: STANDARD, runningMode: "AUTO_STOP", autoStopTimeoutHours: "1", justification: "I need a desktop for the quarterly close." };
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db: testDb, close } = await createTestDb());
  for (const [id, name] of [[DIRECTORY, "corp.example.com"], [OTHER_DIRECTORY, "lab.example.com"]]) {
    await testDb.directory.create({ data: { id, name, type: "SIMPLE_AD", region: "us-east-1", stage: "Active", registered: true } });
  }
  await testDb.bundle.createMany({
    data: [
      { id: STANDARD, name: "Standard with Windows Server 2022", owner: "AMAZON", computeType: "STANDARD", platform: "WINDOWS", rootVolumeGiB: 80, userVolumeGiB: 50, region: "us-east-1" },
      { id: POWER, name: "Power with Windows Server 2022", owner: "AMAZON", computeType: "POWER", platform: "WINDOWS", rootVolumeGiB: 175, userVolumeGiB: 100, region: "us-east-1" },
    ],
  });
  for (const p of Object.values(people)) await testDb.user.create({ data: { ...p, directoryId: DIRECTORY, directoryUserName: p.email.split("@")[0] } });
  await testDb.directoryGuardrail.create({
    data: {
      directoryId: DIRECTORY,
      requiredTags: [
        { key: "CostCenter", allowedValues: ["FIN", "ENG"], defaultValue: "" },
        { key: "Team", allowedValues: [], defaultValue: "General" },
      ],
      maxComputeByRole: { EMPLOYEE: "STANDARD" },
      desktopsPerUser: 1,
    },
  });
});
afterAll(() => close?.());

beforeEach(async () => {
  caller = people.erin;
  await testDb.operation.deleteMany();
  await testDb.desktop.deleteMany();
  await testDb.desktopRequest.deleteMany();
});

const filed = () => testDb.desktopRequest.count();

describe("the request form applies the directory's guardrails", () => {
  it("refuses a desktop larger than the role may have, at the desktop type, and files nothing; a larger role may have it", async () => {
    const refused = await submitRequest({ ...form, bundleId: POWER, tags: { CostCenter: "FIN" } });
    expect(refused).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    expect(!refused.ok && refused.fieldErrors?.bundleId).toBe("In this directory the employee role may have desktops up to Standard. Choose a smaller desktop type.");
    expect(await filed()).toBe(0);

    caller = people.carol;
    expect(await submitRequest({ ...form, bundleId: POWER, tags: { CostCenter: "FIN" } })).toMatchObject({ ok: true });
  });

  it("asks for a required tag without default, refuses a value not allowed, at its own field, and fills the default of the other", async () => {
    const missing = await submitRequest({ ...form, tags: {} });
    expect(!missing.ok && missing.fieldErrors).toEqual({ "tag-0": "Choose a value for CostCenter." });
    const notAllowed = await submitRequest({ ...form, tags: { CostCenter: "SALES" } });
    expect(!notAllowed.ok && notAllowed.fieldErrors).toEqual({ "tag-0": "CostCenter must be one of: FIN, ENG." });
    expect(await filed()).toBe(0);

    const ok = await submitRequest({ ...form, tags: { CostCenter: "ENG" } });
    expect(ok).toMatchObject({ ok: true });
    const request = await testDb.desktopRequest.findFirstOrThrow();
    expect(request.tags).toEqual({ CostCenter: "ENG", Team: "General" });
  });

  it("refuses a person at their quota, counting a desktop they hold in another directory, and files nothing", async () => {
    await testDb.desktop.create({
      data: { id: "dk-lab", ownerId: people.erin.id, directoryId: OTHER_DIRECTORY, userName: "erin", bundleId: STANDARD, runningMode: "AUTO_STOP", state: "AVAILABLE", workspaceId: "ws-lab00001" },
    });
    const refused = await submitRequest({ ...form, tags: { CostCenter: "FIN" } });
    expect(refused).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(!refused.ok && refused.message).toBe("At most 1 desktop per person here (open requests included), and 1 is already held. Ask an administrator if you need another.");
    expect(await filed()).toBe(0);
  });
});
