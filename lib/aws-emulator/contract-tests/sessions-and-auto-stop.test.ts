/**
 * Simulated users and AUTO_STOP: DescribeWorkspacesConnectionStatus follows each user's schedule;
 * an AUTO_STOP desktop stops after its user has been gone for the timeout and starts again when
 * the user connects; ALWAYS_ON desktops never stop.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DescribeWorkspacesCommand,
  DescribeWorkspacesConnectionStatusCommand,
} from "@aws-sdk/client-workspaces";
import { createDesktops, request, startTestEmulator, users, type TestEmulator } from "@/test-support/emulator-fixture";

let t: TestEmulator;
const DAY = 86_400_000;
// Emulated time starts on a Monday 00:00 UTC so that the schedules are predictable.
const MONDAY = 20_458 * DAY; // 2026-01-05

beforeAll(async () => {
  const base = Date.now();
  t = await startTestEmulator({ sessions: true, sessionSeed: "contract", now: () => MONDAY + (Date.now() - base) });
});
afterAll(() => t.close());

interface SessionView {
  connected: boolean;
  state: string;
  sessions: { startMs: number; endMs: number }[];
}
async function sessions(id: string): Promise<SessionView> {
  const res = await t.control("GET", `/emulator/workspaces/${id}/sessions?days=14`);
  expect(res.status).toBe(200);
  return res.body as SessionView;
}
async function nowMs(): Promise<number> {
  return (await t.control("GET", "/emulator/clock")).body.nowMs as number;
}
async function advanceTo(ms: number) {
  const now = await nowMs();
  if (ms > now) t.emulator.advanceClock((ms - now) / 1000);
}
async function status(id: string) {
  return (await t.ws.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: [id] }))).WorkspacesConnectionStatus![0];
}
async function state(id: string) {
  return (await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces![0].State;
}

describe("connection status and auto-stop", () => {
  it("connects and disconnects on the user's schedule and auto-stops/-starts AUTO_STOP desktops", async () => {
    const [id] = await createDesktops(t.ws, [request(users(1, 1)[0], { WorkspaceProperties: { RunningMode: "AUTO_STOP" } })]);
    expect((await status(id)).ConnectionState).toBe("UNKNOWN"); // PENDING
    t.emulator.advanceClock(3);
    expect(await state(id)).toBe("AVAILABLE");

    const view = await sessions(id);
    const now = await nowMs();
    const first = view.sessions.find((s) => s.startMs > now)!;
    expect(first).toBeDefined();

    // Nobody has connected yet (the earliest user starts after 05:30): an AUTO_STOP desktop stops
    // 60 minutes after becoming AVAILABLE...
    expect(first.startMs - now).toBeGreaterThan(61 * 60_000);
    t.emulator.advanceClock(61 * 60);
    expect(await state(id)).toBe("STOPPED");
    expect((await status(id)).ConnectionState).toBe("UNKNOWN");
    expect((await status(id)).LastKnownUserConnectionTimestamp).toBeUndefined();

    // ...and starts when the user connects.
    await advanceTo(first.startMs + 100);
    expect(await state(id)).toBe("STARTING");
    t.emulator.advanceClock(1);
    expect(await state(id)).toBe("AVAILABLE");
    const connected = await status(id);
    expect(connected.ConnectionState).toBe("CONNECTED");
    expect(connected.LastKnownUserConnectionTimestamp!.getTime()).toBeGreaterThanOrEqual(first.startMs);
    expect(connected.ConnectionStateCheckTimestamp).toBeInstanceOf(Date);

    // The first session followed by more than an hour without the user (a lunch break is shorter).
    const all = (await sessions(id)).sessions;
    const index = all.findIndex((s, i) => s.startMs >= first.startMs && (all[i + 1]?.startMs ?? Infinity) - s.endMs > 61 * 60_000);
    const last = all[index];
    // Right after it the user is DISCONNECTED but the desktop still runs ...
    await advanceTo(last.endMs + 60_000);
    expect((await status(id)).ConnectionState).toBe("DISCONNECTED");
    expect(await state(id)).toBe("AVAILABLE");
    // ... until the 60-minute timeout has passed.
    await advanceTo(last.endMs + 61 * 60_000);
    expect(["STOPPING", "STOPPED"]).toContain(await state(id));
    const lastKnown = (await status(id)).LastKnownUserConnectionTimestamp!.getTime();
    expect(lastKnown).toBeGreaterThanOrEqual(last.startMs);
    expect(lastKnown).toBeLessThan(last.startMs + 1000);
    // The next session starts it again.
    await advanceTo(all[index + 1].startMs + 2000);
    expect(await state(id)).toBe("AVAILABLE");
    expect((await status(id)).ConnectionState).toBe("CONNECTED");
  });

  it("keeps ALWAYS_ON desktops running while users come and go", async () => {
    const [id] = await createDesktops(t.ws, [request(users(2, 1)[0])]);
    t.emulator.advanceClock(3);
    const view = await sessions(id);
    const now = await nowMs();
    const all = view.sessions;
    const index = all.findIndex((s, i) => s.startMs > now && (all[i + 1]?.startMs ?? Infinity) - s.endMs > 4 * 3_600_000);
    await advanceTo(all[index].startMs + 1000);
    expect((await status(id)).ConnectionState).toBe("CONNECTED");
    await advanceTo(all[index].endMs + 3 * 3_600_000);
    expect(await state(id)).toBe("AVAILABLE");
    expect((await status(id)).ConnectionState).toBe("DISCONNECTED");
  });

  it("pages the status of all desktops when no ids are given", async () => {
    await createDesktops(t.ws, users(10, 30).map((u) => request(u)));
    const first = await t.ws.send(new DescribeWorkspacesConnectionStatusCommand({}));
    expect(first.WorkspacesConnectionStatus).toHaveLength(25);
    const second = await t.ws.send(new DescribeWorkspacesConnectionStatusCommand({ NextToken: first.NextToken }));
    expect(second.WorkspacesConnectionStatus!.length).toBeGreaterThanOrEqual(7);
    expect(second.NextToken).toBeUndefined();
  });
});
