import { describe, expect, it } from "vitest";
import { billableClockHours, connectedIntervals, intervalHours, runningIntervals, type SessionLike } from "./billable-hours";

const t = (iso: string) => new Date(iso);
const closed = (from: string, to: string): SessionLike => ({ connectedAt: t(from), disconnectedAt: t(to), lastSeenAt: t(to) });

describe("running time and billable hours", () => {
  it("counts the idle time after a disconnect until the AutoStop timeout stops the desktop", () => {
    const sessions = [closed("2027-01-05T09:00:00Z", "2027-01-05T10:00:00Z")];
    const asOf = t("2027-01-06T00:00:00Z");
    expect(intervalHours(connectedIntervals(sessions, asOf))).toBe(1);
    const running = runningIntervals(sessions, 2, asOf);
    expect(intervalHours(running)).toBe(3);
    expect(billableClockHours(running, t("2027-01-01T00:00:00Z"), t("2027-02-01T00:00:00Z"))).toBe(3);
  });

  it("merges a reconnect inside the idle time instead of counting hours twice", () => {
    const sessions = [closed("2027-01-05T09:00:00Z", "2027-01-05T10:00:00Z"), closed("2027-01-05T11:00:00Z", "2027-01-05T11:30:00Z")];
    const running = runningIntervals(sessions, 2, t("2027-01-06T00:00:00Z"));
    expect(running).toHaveLength(1);
    // 09:00 to 13:30 touches the clock hours 9, 10, 11, 12 and 13.
    expect(billableClockHours(running, t("2027-01-01T00:00:00Z"), t("2027-02-01T00:00:00Z"))).toBe(5);
  });

  it("bills a partly used clock hour as a whole one", () => {
    const running = runningIntervals([closed("2027-01-05T09:50:00Z", "2027-01-05T10:10:00Z")], 0, t("2027-01-06T00:00:00Z"));
    expect(billableClockHours(running, t("2027-01-01T00:00:00Z"), t("2027-02-01T00:00:00Z"))).toBe(2);
  });

  it("never bills more hours than the month has, even for sessions running past both ends", () => {
    const running = runningIntervals([closed("2026-12-20T00:00:00Z", "2027-03-10T00:00:00Z")], 1, t("2027-04-01T00:00:00Z"));
    expect(billableClockHours(running, t("2027-01-01T00:00:00Z"), t("2027-02-01T00:00:00Z"))).toBe(744);
    expect(billableClockHours(running, t("2027-02-01T00:00:00Z"), t("2027-03-01T00:00:00Z"))).toBe(672);
  });

  it("runs an open session up to now, but not for ever once the sampler stopped seeing it", () => {
    const open: SessionLike = { connectedAt: t("2027-01-05T09:00:00Z"), disconnectedAt: null, lastSeenAt: t("2027-01-05T11:00:00Z") };
    expect(intervalHours(runningIntervals([open], 1, t("2027-01-05T11:30:00Z")))).toBe(2.5);
    // Last seen at 11:00, asked at 18:00: counted to 12:00 (one hour of grace), no idle timeout yet.
    expect(intervalHours(runningIntervals([open], 1, t("2027-01-05T18:00:00Z")))).toBe(3);
  });
});
