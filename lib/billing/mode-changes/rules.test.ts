import { describe, expect, it } from "vitest";
import { planModeChange, type ModeChangeFacts } from "./rules";

const now = new Date("2027-01-31T23:30:00Z");
const facts = (extra: Partial<ModeChangeFacts> = {}): ModeChangeFacts => ({
  currentMode: "ALWAYS_ON",
  currentTimeoutMinutes: null,
  state: "AVAILABLE",
  workspaceId: "ws-abc123def",
  terminatedAt: null,
  pendingEffectiveAt: null,
  ...extra,
});

describe("when a billing-mode change takes effect", () => {
  it("schedules AlwaysOn → AutoStop for 00:00 UTC on the 1st of next month, even in the month's last hour", () => {
    const plan = planModeChange(facts(), { toMode: "AUTO_STOP", autoStopTimeoutMinutes: 120 }, now);
    expect(plan).toEqual({ ok: true, kind: "SCHEDULED", effectiveAt: new Date("2027-02-01T00:00:00Z"), toMode: "AUTO_STOP", autoStopTimeoutMinutes: 120 });
  });

  it("applies AutoStop → AlwaysOn at once, but only while AWS can modify the desktop", () => {
    const plan = planModeChange(facts({ currentMode: "AUTO_STOP", currentTimeoutMinutes: 60, state: "STOPPED" }), { toMode: "ALWAYS_ON", autoStopTimeoutMinutes: null }, now);
    expect(plan).toMatchObject({ ok: true, kind: "IMMEDIATE", effectiveAt: now, autoStopTimeoutMinutes: null });
    const busy = planModeChange(facts({ currentMode: "AUTO_STOP", state: "REBOOTING" }), { toMode: "ALWAYS_ON", autoStopTimeoutMinutes: null }, now);
    expect(busy.ok).toBe(false);
  });

  it("changes an AutoStop timeout at once, in whole hours", () => {
    const plan = planModeChange(facts({ currentMode: "AUTO_STOP", currentTimeoutMinutes: 60 }), { toMode: "AUTO_STOP", autoStopTimeoutMinutes: 180 }, now);
    expect(plan).toMatchObject({ ok: true, kind: "IMMEDIATE", autoStopTimeoutMinutes: 180 });
    expect(planModeChange(facts({ currentMode: "AUTO_STOP", currentTimeoutMinutes: 60 }), { toMode: "AUTO_STOP", autoStopTimeoutMinutes: 60 }, now).ok).toBe(false);
    expect(planModeChange(facts(), { toMode: "AUTO_STOP", autoStopTimeoutMinutes: 90 }, now).ok).toBe(false);
  });

  it("refuses a second change while one is scheduled, a no-op, and terminated desktops", () => {
    expect(planModeChange(facts({ pendingEffectiveAt: new Date("2027-02-01T00:00:00Z") }), { toMode: "AUTO_STOP", autoStopTimeoutMinutes: 60 }, now)).toEqual({
      ok: false,
      reason: expect.stringContaining("2027-02-01"),
    });
    expect(planModeChange(facts(), { toMode: "ALWAYS_ON", autoStopTimeoutMinutes: null }, now).ok).toBe(false);
    expect(planModeChange(facts({ state: "TERMINATED" }), { toMode: "AUTO_STOP", autoStopTimeoutMinutes: 60 }, now).ok).toBe(false);
  });
});
