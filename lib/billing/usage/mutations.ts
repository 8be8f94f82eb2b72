// Writes for what the usage sampler observed: connection sessions, desktops' tags, and each run.

import type { PrismaClient } from "@/lib/db/generated/client";

export interface ConnectionObservation {
  desktopId: string;
  state: "CONNECTED" | "DISCONNECTED" | "UNKNOWN";
  lastConnectedAt?: Date;
}

/**
 * Turns one round of connection samples into sessions. A sample sees only "connected now" and the
 * last connect time, so: a CONNECTED desktop extends its open session (or opens one at its last
 * connect time when that is recent); a desktop seen disconnected closes its open session half-way
 * between the last sample that saw it connected and this one; a connect and disconnect that both
 * fell between two samples becomes a session from the connect to half-way to now.
 */
export async function recordConnectionSamples(
  db: PrismaClient,
  input: { now: Date; previousSampleAt: Date | null; maxGapMs: number; observations: ConnectionObservation[] },
): Promise<{ opened: number; closed: number; extended: number }> {
  const { now, maxGapMs } = input;
  const since = input.previousSampleAt && now.getTime() - input.previousSampleAt.getTime() <= maxGapMs ? input.previousSampleAt : new Date(now.getTime() - maxGapMs);
  const summary = { opened: 0, closed: 0, extended: 0 };
  if (input.observations.length === 0) return summary;
  const mid = (a: Date, b: Date) => new Date(Math.floor((a.getTime() + b.getTime()) / 2));
  await db.$transaction(async (tx) => {
    const open = await tx.connectionSession.findMany({
      where: { desktopId: { in: input.observations.map((o) => o.desktopId) }, disconnectedAt: null },
      orderBy: { connectedAt: "desc" },
    });
    const openOf = new Map<string, (typeof open)[number]>();
    for (const s of open) if (!openOf.has(s.desktopId)) openOf.set(s.desktopId, s);
    for (const o of input.observations) {
      const session = openOf.get(o.desktopId);
      const last = o.lastConnectedAt && o.lastConnectedAt <= now ? o.lastConnectedAt : undefined;
      if (o.state === "CONNECTED") {
        const fresh = session && now.getTime() - session.lastSeenAt.getTime() <= maxGapMs;
        const reconnected = session && last && last > session.lastSeenAt;
        if (session && fresh && !reconnected) {
          await tx.connectionSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
          summary.extended++;
          continue;
        }
        if (session) {
          // Unseen for too long, or a new connection since: the old session ended unobserved.
          await tx.connectionSession.update({
            where: { id: session.id },
            data: { disconnectedAt: reconnected && fresh ? mid(session.lastSeenAt, last!) : session.lastSeenAt },
          });
          summary.closed++;
        }
        const connectedAt = last && last >= since ? last : now;
        await tx.connectionSession.create({ data: { desktopId: o.desktopId, connectedAt, lastSeenAt: now } });
        summary.opened++;
        continue;
      }
      if (session) {
        const fresh = now.getTime() - session.lastSeenAt.getTime() <= maxGapMs;
        await tx.connectionSession.update({ where: { id: session.id }, data: { disconnectedAt: fresh ? mid(session.lastSeenAt, now) : session.lastSeenAt } });
        summary.closed++;
      } else if (o.state === "DISCONNECTED" && last && last > since) {
        await tx.connectionSession.create({ data: { desktopId: o.desktopId, connectedAt: last, lastSeenAt: last, disconnectedAt: mid(last, now) } });
        summary.opened++;
        summary.closed++;
      }
    }
  });
  return summary;
}

export async function recordDesktopTags(db: PrismaClient, desktopId: string, tags: Record<string, string>, now: Date) {
  await db.desktopTagSet.upsert({ where: { desktopId }, create: { desktopId, tags, refreshedAt: now }, update: { tags, refreshedAt: now } });
}

export async function recordSampleRun(
  db: PrismaClient,
  run: { at: Date; desktops: number; connected: number; awsCalls: number; failedCalls: number; errorCode?: string; errorMessage?: string },
) {
  await db.usageSampleRun.create({ data: { ...run, errorMessage: run.errorMessage?.slice(0, 2000) ?? null, errorCode: run.errorCode ?? null } });
}
