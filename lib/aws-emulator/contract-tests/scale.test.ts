/**
 * 10,000 desktops: bulk creation at the API's batch size with persistence on, DescribeWorkspaces by
 * ids and by page at that size, the quota, and a restart that loads them all. How fast each of these
 * is, is measured in bench/ (npm run bench -- timings), not asserted here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateWorkspacesCommand, DescribeWorkspacesCommand, ResourceLimitExceededException, TerminateWorkspacesCommand } from "@aws-sdk/client-workspaces";
import { DIRECTORY_ID, rejection, removeTempDirs, request, startTestEmulator, type TestEmulator } from "@/test-support/emulator-fixture";

const COUNT = 10_000;
let t: TestEmulator;
let ids: string[] = [];

beforeAll(async () => {
  t = await startTestEmulator({ persistent: true });
  const names = Array.from({ length: COUNT }, (_, i) => `bulk${String(i).padStart(5, "0")}`);
  const added = await t.control("POST", `/emulator/directories/${DIRECTORY_ID}/users`, { Users: names.map((UserName) => ({ UserName })) });
  expect(added.status).toBe(201);
  for (let i = 0; i < COUNT; i += 25) {
    const out = await t.ws.send(new CreateWorkspacesCommand({ Workspaces: names.slice(i, i + 25).map((u) => request(u)) }));
    expect(out.FailedRequests).toEqual([]);
    ids.push(...out.PendingRequests!.map((w) => w.WorkspaceId!));
  }
  t.emulator.advanceClock(3);
}, 120_000);
afterAll(async () => {
  await t.close();
  removeTempDirs();
});

describe(`${COUNT} desktops`, () => {
  it("were created through 400 CreateWorkspaces calls, each journaled before its answer", () => {
    expect(ids).toHaveLength(COUNT);
    expect(new Set(ids).size).toBe(COUNT);
  });

  it("are found by ids and paged through", async () => {
    const byIds = await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids.slice(9000, 9025) }));
    expect(byIds.Workspaces).toHaveLength(25);
    expect(byIds.Workspaces!.every((w) => w.State === "AVAILABLE")).toBe(true);

    let token: string | undefined;
    let pages = 0;
    const seen = new Set<string>();
    for (; pages < 40; pages++) {
      const page = await t.ws.send(new DescribeWorkspacesCommand({ Limit: 25, NextToken: token }));
      expect(page.Workspaces).toHaveLength(25);
      for (const w of page.Workspaces!) seen.add(w.WorkspaceId!);
      token = page.NextToken;
    }
    expect(token).toBeDefined();
    // 40 pages of 25: 1,000 different desktops, none twice.
    expect(seen.size).toBe(1000);
  });

  it("count against the quota and restart from disk", async () => {
    const out = await t.ws.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: ids.slice(0, 25).map((WorkspaceId) => ({ WorkspaceId })) }));
    expect(out.FailedRequests).toEqual([]);
    // 10,000 desktops is the default quota; the 25 terminating ones still count until TERMINATED.
    await rejection(t.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("alice")] })), ResourceLimitExceededException);
    t.emulator.advanceClock(0.6);
    const room = await t.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("alice"), request("bob")] }));
    expect(room.PendingRequests).toHaveLength(2);
    const dataDir = t.dataDir!;
    await t.close();
    t = await startTestEmulator({ dataDir });
    const page = await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids.slice(5000, 5025) }));
    expect(page.Workspaces).toHaveLength(25);
  }, 60_000);
});
