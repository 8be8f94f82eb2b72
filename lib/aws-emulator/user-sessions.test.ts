import { describe, expect, it } from "vitest";
import { inSession, nextSessionBoundary, sessionsOnDay, userProfile } from "./user-sessions";

const DAY = 86_400_000;
const MONDAY = 20_458; // 2026-01-05, a Monday: (20458 + 4) % 7 === 1
const ids = Array.from({ length: 400 }, (_, i) => `ws-${String(i).padStart(9, "0")}`);

describe("simulated user schedules", () => {
  it("are a pure function of desktop id, day and seed", () => {
    expect(sessionsOnDay("ws-abcdefghi", MONDAY, "s1")).toEqual(sessionsOnDay("ws-abcdefghi", MONDAY, "s1"));
    const a = ids.map((id) => JSON.stringify(sessionsOnDay(id, MONDAY, "s1")));
    const b = ids.map((id) => JSON.stringify(sessionsOnDay(id, MONDAY, "s2")));
    expect(a).not.toEqual(b);
  });

  it("mix light, normal and heavy users", () => {
    const counts = { light: 0, normal: 0, heavy: 0 };
    for (const id of ids) counts[userProfile(id, "seed")]++;
    expect(counts.light).toBeGreaterThan(60);
    expect(counts.normal).toBeGreaterThan(160);
    expect(counts.heavy).toBeGreaterThan(40);
  });

  it("give normal users about 8 hours on weekdays and nothing on Sundays", () => {
    const normal = ids.filter((id) => userProfile(id, "seed") === "normal");
    let worked = 0;
    for (const id of normal) {
      const sessions = sessionsOnDay(id, MONDAY, "seed");
      if (sessions.length === 0) continue;
      worked++;
      const hours = sessions.reduce((sum, s) => sum + (s.end - s.start), 0) / 3_600_000;
      expect(hours).toBeGreaterThan(6.5);
      expect(hours).toBeLessThan(9);
      for (const s of sessions) {
        expect(s.start).toBeGreaterThanOrEqual(MONDAY * DAY);
        expect(s.end).toBeLessThan((MONDAY + 1) * DAY);
      }
      expect(sessionsOnDay(id, MONDAY - 1, "seed")).toEqual([]); // Sunday
    }
    expect(worked / normal.length).toBeGreaterThan(0.75);
  });

  it("walk from boundary to boundary consistently with inSession", () => {
    const id = ids.find((i) => userProfile(i, "seed") === "heavy")!;
    let t = MONDAY * DAY;
    for (let i = 0; i < 10; i++) {
      const boundary = nextSessionBoundary(id, t, "seed")!;
      expect(boundary.at).toBeGreaterThan(t);
      expect(inSession(id, boundary.at, "seed")).toBe(boundary.kind === "start");
      expect(inSession(id, boundary.at - 1, "seed")).toBe(boundary.kind === "end");
      t = boundary.at;
    }
  });
});
