import { describe, expect, it } from "vitest";
import { EmulatorClock } from "../clock";
import { defaultConfig } from "../emulator-config";
import { EmulatorContext } from "../emulator-context";
import { EmulatorStore } from "../emulator-store";
import type { WorkspaceRecord } from "../records";
import { settleWorkspace } from "./workspace-lifecycle";

const DAY = 86_400_000;
const START = 20_458 * DAY; // a Monday

function context(): EmulatorContext {
  return new EmulatorContext(new EmulatorStore(), new EmulatorClock(() => START), { ...defaultConfig(), timeScale: 1 / 600, sessions: true, sessionSeed: "unit" });
}

function desktop(id: string, runningMode: "AUTO_STOP" | "ALWAYS_ON"): WorkspaceRecord {
  return {
    WorkspaceId: id,
    DirectoryId: "d-9067000001",
    UserName: id,
    BundleId: "wsb-v7ko4r7f1",
    SubnetId: "subnet-0d3e0000000000a01",
    IpAddress: "10.0.0.9",
    ComputerName: "WSAMZN-TEST",
    UserVolumeEncryptionEnabled: false,
    RootVolumeEncryptionEnabled: false,
    properties: { RunningMode: runningMode, ...(runningMode === "AUTO_STOP" ? { RunningModeAutoStopTimeoutInMinutes: 60 } : {}), RootVolumeSizeGib: 80, UserVolumeSizeGib: 50, ComputeTypeName: "STANDARD", Protocols: ["WSP"], OperatingSystemName: "WINDOWS_SERVER_2022" },
    tags: [],
    seq: 1,
    createdAt: START,
    state: "PENDING",
    stateSince: START,
    next: { state: "AVAILABLE", at: START + 2000 },
    connected: false,
    settledAt: START,
  };
}

describe("lazy settling", () => {
  it("reaches the same record whether read once after ten days or every few minutes", () => {
    for (const id of ["ws-aaaaaaaa1", "ws-bbbbbbbb2", "ws-ccccccc3", "ws-dddddddd4", "ws-eeeeeeee5"]) {
      for (const mode of ["AUTO_STOP", "ALWAYS_ON"] as const) {
        const ctx = context();
        const once = desktop(id, mode);
        const often = desktop(id, mode);
        const end = START + 10 * DAY;
        expect(settleWorkspace(once, end, ctx)).toBe(true);
        for (let t = START; t <= end; t += 7 * 60_000 + 13) settleWorkspace(often, t, ctx);
        settleWorkspace(often, end, ctx);
        expect(often).toEqual(once);
      }
    }
  });

  it("stops AUTO_STOP desktops between working days and never stops ALWAYS_ON ones", () => {
    const ctx = context();
    const autoStop = desktop("ws-aaaaaaaa1", "AUTO_STOP");
    const alwaysOn = desktop("ws-aaaaaaaa1", "ALWAYS_ON");
    const states = new Set<string>();
    for (let t = START + 15 * 60_000; t < START + 7 * DAY; t += 15 * 60_000) {
      settleWorkspace(autoStop, t, ctx);
      settleWorkspace(alwaysOn, t, ctx);
      states.add(autoStop.state);
      expect(alwaysOn.state).toBe("AVAILABLE");
    }
    expect(states).toContain("STOPPED");
    expect(states).toContain("AVAILABLE");
    expect(autoStop.lastConnectedAt).toBeDefined();
    expect(alwaysOn.lastConnectedAt).toBeDefined();
  });

  it("reports a terminated desktop as gone after TERMINATED has been visible", () => {
    const ctx = context();
    const ws = desktop("ws-aaaaaaaa1", "ALWAYS_ON");
    ws.state = "TERMINATING";
    ws.next = { state: "TERMINATED", at: START + 500 };
    expect(settleWorkspace(ws, START + 600, ctx)).toBe(true);
    expect(ws.state).toBe("TERMINATED");
    expect(settleWorkspace(ws, START + 1600, ctx)).toBe(false);
  });
});
