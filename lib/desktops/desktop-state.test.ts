import { describe, expect, it, vi } from "vitest";
import {
  ACTION_ALLOWED_STATES,
  ACTION_TRANSITION_STATES,
  canDesktopMove,
  CHANGING_STATES,
  DESKTOP_STATES,
  SETTLED_STATES,
  toDesktopState,
  type DesktopState,
} from "./desktop-state";

describe("desktop transition table (the portal's own moves)", () => {
  it.each([
    ["REQUESTED", "PENDING"], // CreateWorkspaces accepted it
    ["REQUESTED", "AVAILABLE"], // adopted after a lost answer, already settled
    ["REQUESTED", "ERROR"], // the create failed
    ["REQUESTED", "TERMINATED"], // a bulk job cancelled it before it was sent
    ["AVAILABLE", "REBOOTING"],
    ["REBOOTING", "REBOOTING"], // a reboot stuck for 20 minutes may be rebooted again
    ["STOPPED", "STARTING"],
    ["AVAILABLE", "STOPPING"],
    ["ERROR", "REBUILDING"],
    ["IMPAIRED", "REBUILDING"],
    ["ADMIN_MAINTENANCE", "TERMINATING"],
    ["STOPPED", "TERMINATING"],
    ["ERROR", "REQUESTED"], // an admin retries a failed create
    ["ERROR", "TERMINATED"], // an admin removes a failed create (nothing in AWS)
  ] as [DesktopState, DesktopState][])("allows %s → %s", (from, to) => {
    expect(canDesktopMove(from, to)).toBe(true);
  });

  it.each([
    ["REQUESTED", "REQUESTED"],
    ["AVAILABLE", "STARTING"], // AWS starts only a stopped desktop
    ["STOPPED", "STOPPING"],
    ["STOPPED", "REBOOTING"],
    ["SUSPENDED", "TERMINATING"], // AWS refuses to terminate a suspended desktop
    ["TERMINATED", "TERMINATING"],
    ["TERMINATING", "TERMINATING"],
    ["PENDING", "REBOOTING"],
    ["AVAILABLE", "PENDING"],
    ["AVAILABLE", "REQUESTED"],
    ["AVAILABLE", "AVAILABLE"],
    ["STOPPED", "TERMINATED"], // only a failed create is closed without AWS
  ] as [DesktopState, DesktopState][])("refuses %s → %s", (from, to) => {
    expect(canDesktopMove(from, to)).toBe(false);
  });

  it("every action moves to a changing state, which reconciliation follows", () => {
    for (const to of Object.values(ACTION_TRANSITION_STATES)) expect(CHANGING_STATES).toContain(to);
  });
});

describe("state lists", () => {
  it("every state is either requested, changing or settled, once", () => {
    const lists = [["REQUESTED"], [...CHANGING_STATES], [...SETTLED_STATES]].flat();
    expect([...lists].sort()).toEqual([...DESKTOP_STATES].sort());
  });

  it("a desktop being terminated, or not in AWS yet, allows no action", () => {
    for (const states of Object.values(ACTION_ALLOWED_STATES)) {
      for (const s of ["REQUESTED", "TERMINATING", "TERMINATED"] as const) expect(states).not.toContain(s);
    }
  });
});

describe("toDesktopState", () => {
  it("keeps the states AWS documents", () => {
    const log = vi.fn();
    expect(toDesktopState("AVAILABLE", log)).toBe("AVAILABLE");
    expect(toDesktopState("ADMIN_MAINTENANCE", log)).toBe("ADMIN_MAINTENANCE");
    expect(log).not.toHaveBeenCalled();
  });

  it("maps a state the portal does not know to UNKNOWN and logs it, without throwing", () => {
    const log = vi.fn();
    expect(toDesktopState("HIBERNATING", log)).toBe("UNKNOWN");
    expect(toDesktopState("", log)).toBe("UNKNOWN");
    // The portal's own marker is never something AWS reports.
    expect(toDesktopState("REQUESTED", log)).toBe("UNKNOWN");
    expect(log).toHaveBeenCalledTimes(3);
    expect(log.mock.calls[0][0]).toContain("HIBERNATING");
  });
});
