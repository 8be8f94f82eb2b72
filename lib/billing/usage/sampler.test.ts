// The usage sampler against the AWS emulator (real SDK, real HTTP) and a real test database: the
// emulator's simulated users connect and disconnect; sampling every five minutes must rebuild their
// sessions, 25 desktops per DescribeWorkspacesConnectionStatus call.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateWorkspacesCommand, WorkSpacesClient } from "@aws-sdk/client-workspaces";
import type { PrismaClient } from "@/lib/db/generated/client";
import { createTestDb } from "@/test-support/test-db";
import { memoryCallLog } from "@/lib/aws/call-log";
import { createAwsGateway, type AwsGateway } from "@/lib/aws/gateway";
import { unlimitedRateLimiter } from "@/lib/aws/rate-limiter";
import { startEmulator, type RunningEmulator } from "@/lib/aws-emulator/server";
import { sampleUsage } from "./sampler";

const DIRECTORY = "d-9067000001";
const BUNDLE = "wsb-v7ko4r7f1";
const MINUTE = 60_000;

let nowMs = Date.UTC(2027, 0, 4, 4, 0); // Monday 4 January 2027, 04:00 UTC
let emulator: RunningEmulator;
let ws: WorkSpacesClient;
let db: PrismaClient;
let closeDb: () => Promise<void>;
let aws: AwsGateway;
const callLog = memoryCallLog();

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timeScale: "test", sessions: true, seed: true, now: () => nowMs });
  ws = new WorkSpacesClient({ endpoint: emulator.url, region: "us-east-1", credentials: { accessKeyId: "emulator", secretAccessKey: "emulator" }, maxAttempts: 1 });
  // The production limiter paces this operation at 2 calls a second; the test samples a day quickly.
  aws = createAwsGateway({ callLog, limiter: unlimitedRateLimiter, clientOptions: { endpoint: emulator.url, emulator: true, maxAttempts: 1 } });
  ({ db, close: closeDb } = await createTestDb());
  await db.directory.create({ data: { id: DIRECTORY, name: "corp.example.com", type: "SIMPLE_AD", region: "us-east-1", stage: "Active", registered: true } });
  await db.bundle.create({ data: { id: BUNDLE, name: "Standard with Windows", owner: "AMAZON", computeType: "STANDARD", platform: "WINDOWS", rootVolumeGiB: 80, userVolumeGiB: 50, region: "us-east-1" } });
});

afterAll(async () => {
  aws?.destroy();
  ws?.destroy();
  await emulator?.close();
  await closeDb?.();
});

/** Creates AlwaysOn desktops (they never stop, so the user's sessions alone decide) in AWS and in the portal. */
async function createDesktops(userNames: string[]): Promise<{ id: string; workspaceId: string }[]> {
  const pending = [];
  for (let i = 0; i < userNames.length; i += 25) {
    const out = await ws.send(
      new CreateWorkspacesCommand({
        Workspaces: userNames.slice(i, i + 25).map((UserName) => ({ DirectoryId: DIRECTORY, UserName, BundleId: BUNDLE, WorkspaceProperties: { RunningMode: "ALWAYS_ON" } })),
      }),
    );
    expect(out.FailedRequests ?? []).toEqual([]);
    pending.push(...out.PendingRequests!);
  }
  const rows = [];
  for (const w of pending) {
    const d = await db.desktop.create({
      data: { workspaceId: w.WorkspaceId!, directoryId: DIRECTORY, userName: w.UserName!, bundleId: BUNDLE, runningMode: "ALWAYS_ON", state: "AVAILABLE", createdAt: new Date(nowMs) },
    });
    rows.push({ id: d.id, workspaceId: w.WorkspaceId! });
  }
  return rows;
}

async function simulatedSessions(workspaceId: string, fromMs: number, days: number) {
  const res = await fetch(`${emulator.url}/emulator/workspaces/${workspaceId}/sessions?from=${new Date(fromMs).toISOString()}&days=${days}`);
  const body = (await res.json()) as { profile: string; sessions: { startMs: number; endMs: number }[] };
  return body.sessions;
}

describe("usage sampler", () => {
  it("rebuilds a simulated user's sessions from samples five minutes apart", async () => {
    const [desktop] = await createDesktops(["alice"]);
    nowMs += 5 * MINUTE; // PENDING → AVAILABLE (test speed)
    // The user's sessions on their first working day in the coming week.
    const all = await simulatedSessions(desktop.workspaceId, nowMs, 7);
    expect(all.length).toBeGreaterThan(0);
    const day = Math.floor(all[0].startMs / 86_400_000);
    const expected = all.filter((s) => Math.floor(s.startMs / 86_400_000) === day);
    const from = expected[0].startMs - 20 * MINUTE;
    const to = expected[expected.length - 1].endMs + 30 * MINUTE;

    for (nowMs = from; nowMs <= to; nowMs += 5 * MINUTE) {
      const summary = await sampleUsage(db, aws, { now: new Date(nowMs), tagRefreshLimit: 0 });
      expect(summary.failedCalls).toBe(0);
    }
    const recorded = await db.connectionSession.findMany({ where: { desktopId: desktop.id }, orderBy: { connectedAt: "asc" } });
    expect(recorded).toHaveLength(expected.length);
    recorded.forEach((s, i) => {
      // The start comes from AWS's LastKnownUserConnectionTimestamp: exact.
      expect(s.connectedAt.getTime()).toBe(expected[i].startMs);
      // The end lies between two samples: taken half-way, so within 2.5 minutes.
      expect(s.disconnectedAt).not.toBeNull();
      expect(Math.abs(s.disconnectedAt!.getTime() - expected[i].endMs)).toBeLessThanOrEqual(2.5 * MINUTE);
    });
    expect(await db.usageSampleRun.count()).toBeGreaterThan(10);
  });

  it("asks about at most 25 desktops per call and refreshes tags a few desktops at a time", async () => {
    await createDesktops(Array.from({ length: 30 }, (_, i) => `user${String(i + 1).padStart(4, "0")}`));
    const total = await db.desktop.count();
    nowMs += 5 * MINUTE;
    callLog.entries.length = 0;
    const summary = await sampleUsage(db, aws, { now: new Date(nowMs), tagRefreshLimit: 4 });
    const statusCalls = callLog.entries.filter((e) => e.operation === "DescribeWorkspacesConnectionStatus");
    expect(statusCalls.map((c) => c.itemCount).sort((a, b) => a - b)).toEqual([total - 25, 25]);
    expect(summary.desktops).toBe(total);
    expect(summary.tagsRefreshed).toBe(4);
    expect(callLog.entries.filter((e) => e.operation === "DescribeTags")).toHaveLength(4);
    // The tags the portal put on nothing here are empty, but known now.
    expect(await db.desktopTagSet.count()).toBe(4);
  });
});
