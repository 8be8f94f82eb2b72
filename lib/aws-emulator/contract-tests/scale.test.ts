/**
 * 10,000 desktops: bulk creation at the API's batch size with persistence on, DescribeWorkspaces by
 * ids and by page staying fast at that size, and a restart that loads them all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateWorkspacesCommand, DescribeWorkspacesCommand, ResourceLimitExceededException, TerminateWorkspacesCommand } from "@aws-sdk/client-workspaces";
import { DIRECTORY_ID, rejection, removeTempDirs, request, startTestEmulator, type TestEmulator } from "./emulator-fixture";

const COUNT = 10_000;
let t: TestEmulator;
let ids: string[] = [];
let createSeconds = 0;

beforeAll(async () => {
  t = await startTestEmulator({ persistent: true });
  const names = Array.from({ length: COUNT }, (_, i) => `bulk${String(i).padStart(5, "0")}`);
  const added = await t.control("POST", `/emulator/directories/${DIRECTORY_ID}/users`, { Users: names.map((UserName) => ({ UserName })) });
  expect(added.status).toBe(201);
  const started = performance.now();
  for (let i = 0; i < COUNT; i += 25) {
    const out = await t.ws.send(new CreateWorkspacesCommand({ Workspaces: names.slice(i, i + 25).map((u) => request(u)) }));
    expect(out.FailedRequests).toEqual([]);
    ids.push(...out.PendingRequests!.map((w) => w.WorkspaceId!));
  }
  createSeconds = (performance.now() - started) / 1000;
  t.emulator.advanceClock(3);
}, 120_000);
afterAll(async () => {
  await t.close();
  removeTempDirs();
});

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
}

describe(`${COUNT} desktops`, () => {
  it("were created through 400 CreateWorkspaces calls, each journaled before its answer", () => {
    expect(ids).toHaveLength(COUNT);
    expect(new Set(ids).size).toBe(COUNT);
    // Far above the ~10 calls/s bulk jobs need: 400 calls in well under 40 s.
    expect(createSeconds).toBeLessThan(40);
  });

  it("are found by ids and paged quickly", async () => {
    const [byIds, idsMs] = await timed(() => t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids.slice(9000, 9025) })));
    expect(byIds.Workspaces).toHaveLength(25);
    expect(byIds.Workspaces!.every((w) => w.State === "AVAILABLE")).toBe(true);
    expect(idsMs).toBeLessThan(200);

    let token: string | undefined;
    let pages = 0;
    const pageTimes: number[] = [];
    for (; pages < 40; pages++) {
      const [page, ms] = await timed(() => t.ws.send(new DescribeWorkspacesCommand({ Limit: 25, NextToken: token })));
      pageTimes.push(ms);
      token = page.NextToken;
    }
    expect(token).toBeDefined();
    pageTimes.sort((a, b) => a - b);
    expect(pageTimes[Math.floor(pageTimes.length / 2)]).toBeLessThan(50);
  });

  it("keep the quota count cheap and restart from disk", async () => {
    const out = await t.ws.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: ids.slice(0, 25).map((WorkspaceId) => ({ WorkspaceId })) }));
    expect(out.FailedRequests).toEqual([]);
    // 10,000 desktops is the default quota; the 25 terminating ones still count until TERMINATED.
    await rejection(t.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("alice")] })), ResourceLimitExceededException);
    t.emulator.advanceClock(0.6);
    const [room, quotaMs] = await timed(() => t.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("alice"), request("bob")] })));
    expect(room.PendingRequests).toHaveLength(2);
    expect(quotaMs).toBeLessThan(200);
    const dataDir = t.dataDir!;
    await t.close();
    const [restarted, loadMs] = await timed(() => startTestEmulator({ dataDir }));
    t = restarted;
    expect(loadMs).toBeLessThan(10_000);
    const page = await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids.slice(5000, 5025) }));
    expect(page.Workspaces).toHaveLength(25);
  }, 60_000);
});
