import { describe, expect, it } from "vitest";
import { DAY_MS, inactivity, nextPolicyStep, type PolicyDesktop, type PolicyRules } from "./rules";

const now = new Date("2026-12-01T12:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);

const desktop = (extra: Partial<PolicyDesktop> = {}): PolicyDesktop => ({
  id: "d1",
  directoryId: "d-1",
  workspaceId: "ws-1",
  state: "AVAILABLE",
  stateChangedAt: ago(60),
  runningMode: "AUTO_STOP",
  ownerId: "u1",
  availableSince: ago(60),
  lastConnectedAt: null,
  keptAt: null,
  tags: {},
  lifecycle: null,
  ...extra,
});

const policy: PolicyRules = { id: "p1", directoryId: null, tagKey: null, tagValue: null, inactiveDays: 30, stopAfterDays: 7, terminateAfterDays: 14, exemptTagKey: "LifecycleExempt" };

describe("inactivity", () => {
  it("calls a desktop nobody connected to within N days of becoming AVAILABLE never used", () => {
    expect(inactivity(desktop({ availableSince: ago(31) }), 30, now)).toMatchObject({ kind: "NEVER_USED", days: 31 });
    expect(inactivity(desktop({ availableSince: ago(29) }), 30, now)).toBeNull();
  });

  it("calls a desktop whose last connection is older than N days idle", () => {
    expect(inactivity(desktop({ lastConnectedAt: ago(45) }), 30, now)).toMatchObject({ kind: "IDLE", days: 45 });
    expect(inactivity(desktop({ lastConnectedAt: ago(3) }), 30, now)).toBeNull();
  });

  it("starts the clock again when the owner keeps the desktop", () => {
    expect(inactivity(desktop({ lastConnectedAt: ago(45), keptAt: ago(2) }), 30, now)).toBeNull();
  });

  it("does not judge desktops that are not created yet or going away", () => {
    for (const state of ["PENDING", "TERMINATING", "ERROR"]) expect(inactivity(desktop({ state }), 30, now)).toBeNull();
  });
});

describe("nextPolicyStep", () => {
  it("warns first, stops when the stop is due, and terminates after the grace period", () => {
    expect(nextPolicyStep(policy, desktop(), now)?.step).toBe("WARN");
    const warned = (days: number, extra: Partial<PolicyDesktop["lifecycle"] & object> = {}) =>
      desktop({ lifecycle: { policyId: "p1", warnedAt: ago(days), stoppedAt: null, terminatedAt: null, ...extra } });
    expect(nextPolicyStep(policy, warned(3), now)).toMatchObject({ step: "WAIT" });
    expect(nextPolicyStep(policy, warned(8), now)?.step).toBe("STOP");
    expect(nextPolicyStep(policy, { ...warned(8), state: "STOPPED" }, now)?.step).toBe("MARK_STOPPED");
    expect(nextPolicyStep(policy, warned(10, { stoppedAt: ago(2) }), now)?.step).toBe("WAIT");
    expect(nextPolicyStep(policy, warned(15, { stoppedAt: ago(7) }), now)?.step).toBe("TERMINATE");
    expect(nextPolicyStep(policy, warned(20, { stoppedAt: ago(12), terminatedAt: ago(5) }), now)).toBeNull();
  });

  it("closes the case of a desktop used or kept since the warning", () => {
    const d = desktop({ lastConnectedAt: ago(1), lifecycle: { policyId: "p1", warnedAt: ago(3), stoppedAt: null, terminatedAt: null } });
    expect(nextPolicyStep(policy, d, now)?.step).toBe("CLOSE");
  });

  it("leaves exempt desktops, other directories and other tags alone", () => {
    expect(nextPolicyStep(policy, desktop({ tags: { LifecycleExempt: "yes" } }), now)?.step).toBe("EXEMPT");
    expect(nextPolicyStep(policy, desktop({ tags: { LifecycleExempt: "false" } }), now)?.step).toBe("WARN");
    expect(nextPolicyStep({ ...policy, directoryId: "d-2" }, desktop(), now)).toBeNull();
    expect(nextPolicyStep({ ...policy, tagKey: "Team" }, desktop(), now)).toBeNull();
    expect(nextPolicyStep({ ...policy, tagKey: "Team", tagValue: "lab" }, desktop({ tags: { Team: "Lab" } }), now)?.step).toBe("WARN");
  });

  it("never stops an AlwaysOn desktop, but still terminates it after the grace period", () => {
    const d = (days: number) => desktop({ runningMode: "ALWAYS_ON", lifecycle: { policyId: "p1", warnedAt: ago(days), stoppedAt: null, terminatedAt: null } });
    expect(nextPolicyStep(policy, d(8), now)).toMatchObject({ step: "WAIT", detail: expect.stringContaining("terminate on") });
    expect(nextPolicyStep(policy, d(15), now)?.step).toBe("TERMINATE");
  });
});
