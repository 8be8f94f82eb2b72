import { describe, expect, it } from "vitest";
import { checkDesktopAction, type DesktopAction, type DesktopFacts } from "./rules";

const now = new Date("2026-11-24T12:00:00Z");
const desktop = (state: string, extra: Partial<DesktopFacts> = {}): DesktopFacts => ({
  state,
  runningMode: "AUTO_STOP",
  stateChangedAt: new Date(now.getTime() - 60_000),
  workspaceId: "ws-abc123def",
  ...extra,
});
const allowed = (d: DesktopFacts, a: DesktopAction) => checkDesktopAction(d, a, now).allowed;

describe("desktop action rules (AWS-FACTS state table)", () => {
  it.each([
    ["rebuild", ["AVAILABLE", "ERROR", "UNHEALTHY", "STOPPED", "REBOOTING"], ["PENDING", "REBUILDING", "STARTING", "STOPPING", "SUSPENDED", "ADMIN_MAINTENANCE"]],
    ["reboot", ["AVAILABLE", "UNHEALTHY"], ["PENDING", "STOPPED", "ERROR", "REBUILDING", "ADMIN_MAINTENANCE"]],
    ["start", ["STOPPED"], ["AVAILABLE", "PENDING", "ERROR", "STOPPING"]],
    ["stop", ["AVAILABLE", "IMPAIRED", "UNHEALTHY", "ERROR"], ["STOPPED", "PENDING", "REBOOTING", "ADMIN_MAINTENANCE"]],
    ["terminate", ["AVAILABLE", "PENDING", "ERROR", "STOPPED", "ADMIN_MAINTENANCE", "REBOOTING"], ["SUSPENDED", "TERMINATING", "TERMINATED"]],
  ] as const)("%s is allowed in %j and refused in %j", (action, yes, no) => {
    for (const s of yes) expect(allowed(desktop(s), action), `${action} in ${s}`).toBe(true);
    for (const s of no) {
      const verdict = checkDesktopAction(desktop(s), action, now);
      expect(verdict.allowed, `${action} in ${s}`).toBe(false);
      if (!verdict.allowed) expect(verdict.reason.length).toBeGreaterThan(10);
    }
  });

  it("refuses start and stop for AlwaysOn desktops with a reason about running mode", () => {
    const d = desktop("AVAILABLE", { runningMode: "ALWAYS_ON" });
    const verdict = checkDesktopAction(d, "stop", now);
    expect(verdict).toEqual({ allowed: false, reason: expect.stringContaining("AlwaysOn") });
    expect(allowed(desktop("STOPPED", { runningMode: "ALWAYS_ON" }), "start")).toBe(false);
  });

  it("allows rebooting a REBOOTING desktop only once it has been stuck for 20 minutes", () => {
    expect(allowed(desktop("REBOOTING"), "reboot")).toBe(false);
    const stuck = desktop("REBOOTING", { stateChangedAt: new Date(now.getTime() - 21 * 60_000) });
    expect(allowed(stuck, "reboot")).toBe(true);
  });

  it("refuses everything before AWS has created the desktop", () => {
    for (const a of ["reboot", "rebuild", "terminate"] as const) {
      expect(allowed(desktop("REQUESTED", { workspaceId: null }), a)).toBe(false);
    }
  });
});
