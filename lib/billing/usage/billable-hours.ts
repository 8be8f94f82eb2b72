// From connection sessions to hours: when a desktop runs, and how many hours AWS bills for it.
//
// An AutoStop desktop runs while its user is connected and keeps running after a disconnect until it
// has been idle for its AutoStop timeout; only then does AWS stop it. So each session bills from its
// connect to its disconnect plus the timeout (or the next connect, whichever is first).
// Billable hours are counted as the UTC clock hours in which the desktop ran at all, the way the AWS
// Cost Optimizer for WorkSpaces counts them (hours whose "Stopped" metric minimum is 0). They can
// therefore never exceed the hours of the window (the month) they are counted in.

import { HOUR_MS } from "../month";

export interface SessionLike {
  connectedAt: Date;
  /** Null while the user is (as far as the last sample knows) still connected. */
  disconnectedAt: Date | null;
  lastSeenAt: Date;
}

/** Half-open interval in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/** An open session whose last sample is older than this is not assumed to go on (the sampler stopped). */
export const OPEN_SESSION_GRACE_MS = HOUR_MS;

/** Where a session ends for billing: its disconnect, or for an open one "now" (within the grace). */
function sessionEnd(session: SessionLike, asOf: number): number {
  if (session.disconnectedAt) return session.disconnectedAt.getTime();
  const seen = session.lastSeenAt.getTime();
  return Math.max(seen, Math.min(asOf, seen + OPEN_SESSION_GRACE_MS));
}

/** Sorts and merges overlapping or touching intervals. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** Connected time only (no idle timeout), merged, nothing after `asOf`. */
export function connectedIntervals(sessions: SessionLike[], asOf: Date): Interval[] {
  const now = asOf.getTime();
  return mergeIntervals(
    sessions.map((s) => ({ start: s.connectedAt.getTime(), end: Math.min(sessionEnd(s, now), now) })),
  );
}

/**
 * When an AutoStop desktop with this idle timeout runs: each session plus the timeout after its
 * disconnect (an open session has not started its idle time yet), merged, nothing after `asOf`.
 */
export function runningIntervals(sessions: SessionLike[], timeoutHours: number, asOf: Date): Interval[] {
  const now = asOf.getTime();
  const idleMs = Math.max(0, timeoutHours) * HOUR_MS;
  return mergeIntervals(
    sessions.map((s) => {
      const end = sessionEnd(s, now) + (s.disconnectedAt ? idleMs : 0);
      return { start: s.connectedAt.getTime(), end: Math.min(end, now) };
    }),
  );
}

/** Intervals clipped to [from, to). */
export function clipIntervals(intervals: Interval[], from: Date, to: Date): Interval[] {
  const lo = from.getTime();
  const hi = to.getTime();
  const out: Interval[] = [];
  for (const i of intervals) {
    const start = Math.max(i.start, lo);
    const end = Math.min(i.end, hi);
    if (end > start) out.push({ start, end });
  }
  return out;
}

/** Total length in hours. */
export function intervalHours(intervals: Interval[]): number {
  return mergeIntervals(intervals).reduce((sum, i) => sum + (i.end - i.start), 0) / HOUR_MS;
}

/**
 * Billable hours in [from, to): the number of UTC clock hours in which the desktop ran at all.
 * At most the number of clock hours the window touches (a month: its 672 to 744 hours).
 */
export function billableClockHours(running: Interval[], from: Date, to: Date): number {
  const hours = new Set<number>();
  for (const i of clipIntervals(running, from, to)) {
    const first = Math.floor(i.start / HOUR_MS);
    const last = Math.ceil(i.end / HOUR_MS) - 1;
    for (let h = first; h <= last; h++) hours.add(h);
  }
  return hours.size;
}
