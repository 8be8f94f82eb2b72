/**
 * Simulated users. Each desktop's user follows a working pattern that is a pure function of the
 * desktop id, the day and a seed: light users drop in now and then, normal users work ~8 h weekdays
 * with a lunch break, heavy users work long days and some Saturdays. Nothing is stored; the lazy
 * state machine asks for the next boundary (a connect or disconnect) after a given time.
 */
import { between, createRandom, hashString } from "./seeded-random";

export interface SessionInterval {
  start: number;
  end: number;
}

export type UserProfile = "light" | "normal" | "heavy";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function userProfile(workspaceId: string, seed: string): UserProfile {
  const r = hashString(`${seed}|profile|${workspaceId}`) / 4294967296;
  if (r < 0.25) return "light";
  if (r < 0.8) return "normal";
  return "heavy";
}

/** The user's intended sessions on one UTC day (dayIndex = days since 1970-01-01), sorted. */
export function sessionsOnDay(workspaceId: string, dayIndex: number, seed: string): SessionInterval[] {
  const profile = userProfile(workspaceId, seed);
  // A per-user habit (their usual start hour), stable across days.
  const habit = createRandom(`${seed}|habit|${workspaceId}`);
  const usualStart = between(habit, 6.5, 9.5);
  const random = createRandom(`${seed}|day|${workspaceId}|${dayIndex}`);
  const weekday = (dayIndex + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  const isWeekend = weekday === 0 || weekday === 6;
  const dayStart = dayIndex * DAY;
  const at = (hours: number) => dayStart + Math.round(hours * HOUR);
  const out: SessionInterval[] = [];

  if (profile === "light") {
    if (isWeekend || random() > 0.5) return out;
    const start = between(random, 9, 16);
    out.push({ start: at(start), end: at(start + between(random, 0.5, 2)) });
    return out;
  }
  if (profile === "normal") {
    if (isWeekend || random() > 0.9) return out;
    const start = usualStart + between(random, -0.5, 0.5);
    const lunch = start + between(random, 3.5, 4.5);
    const back = lunch + between(random, 0.5, 1);
    const end = start + between(random, 8, 9);
    out.push({ start: at(start), end: at(lunch) }, { start: at(back), end: at(end) });
    return out;
  }
  // heavy
  if (weekday === 0) return out;
  if (weekday === 6) {
    if (random() > 0.3) return out;
    const start = between(random, 9, 13);
    out.push({ start: at(start), end: at(start + between(random, 2, 4)) });
    return out;
  }
  if (random() > 0.97) return out;
  const start = usualStart - 0.5 + between(random, -0.5, 0.5);
  const pause = start + between(random, 4, 5);
  const resume = pause + 0.25;
  const end = start + between(random, 9, 11);
  out.push({ start: at(start), end: at(pause) }, { start: at(resume), end: at(end) });
  return out;
}

/** Is the user meaning to work at time t? */
export function inSession(workspaceId: string, t: number, seed: string): boolean {
  const day = Math.floor(t / DAY);
  return sessionsOnDay(workspaceId, day, seed).some((s) => s.start <= t && t < s.end);
}

/** The first session start or end strictly after `after`, looking at most `horizonDays` ahead. */
export function nextSessionBoundary(
  workspaceId: string,
  after: number,
  seed: string,
  horizonDays = 14,
): { at: number; kind: "start" | "end" } | undefined {
  const firstDay = Math.floor(after / DAY);
  for (let day = firstDay; day <= firstDay + horizonDays; day++) {
    for (const s of sessionsOnDay(workspaceId, day, seed)) {
      if (s.start > after) return { at: s.start, kind: "start" };
      if (s.end > after) return { at: s.end, kind: "end" };
    }
  }
  return undefined;
}
