// The usage sampler: asks AWS which desktops have a user connected (DescribeWorkspacesConnectionStatus,
// 25 desktops per call) and turns the answers into connection sessions, from which billable hours
// are counted. It also refreshes the tags of a few desktops per pass (cost centre, department,
// exemption). No database transaction is open during an AWS call.

import type { PrismaClient } from "@/lib/db/generated/client";
import type { AwsGateway } from "@/lib/aws/gateway";
import { WORKSPACES_BATCH_LIMIT } from "@/lib/aws/workspaces";
import { recordLastConnections } from "@/lib/desktops/mutations";
import { recordConnectionSamples, recordDesktopTags, recordSampleRun, type ConnectionObservation } from "./mutations";

export interface SampleUsageOptions {
  now?: Date;
  /** A session not seen for longer than this is taken to have ended when last seen. */
  maxGapMs?: number;
  /** Desktops whose tags are refreshed per pass (one DescribeTags call each). */
  tagRefreshLimit?: number;
  tagMaxAgeMs?: number;
  logger?: { error(message: string, details?: Record<string, unknown>): void };
}

export interface SampleUsageSummary {
  desktops: number;
  connected: number;
  awsCalls: number;
  failedCalls: number;
  opened: number;
  closed: number;
  tagsRefreshed: number;
}

export const DEFAULT_SAMPLE_INTERVAL_MS = 5 * 60_000;
const RUN_RETENTION_MS = 60 * 24 * 3_600_000;

export async function sampleUsage(db: PrismaClient, aws: AwsGateway, options: SampleUsageOptions = {}): Promise<SampleUsageSummary> {
  const now = options.now ?? new Date();
  const maxGapMs = options.maxGapMs ?? 3 * DEFAULT_SAMPLE_INTERVAL_MS;
  const summary: SampleUsageSummary = { desktops: 0, connected: 0, awsCalls: 0, failedCalls: 0, opened: 0, closed: 0, tagsRefreshed: 0 };
  const previous = await db.usageSampleRun.findFirst({ where: { desktops: { gt: 0 } }, orderBy: { at: "desc" }, select: { at: true } });
  const desktops = await db.desktop.findMany({
    where: { workspaceId: { not: null }, terminatedAt: null, state: { notIn: ["TERMINATED", "TERMINATING"] } },
    select: { id: true, workspaceId: true, directory: { select: { region: true } } },
    orderBy: { id: "asc" },
  });

  const byRegion = new Map<string, typeof desktops>();
  for (const d of desktops) byRegion.set(d.directory.region, [...(byRegion.get(d.directory.region) ?? []), d]);

  let lastError: { code: string; message: string } | undefined;
  const observations: ConnectionObservation[] = [];
  for (const [region, list] of byRegion) {
    const api = aws.forRegion(region).connectionStatus;
    for (let i = 0; i < list.length; i += WORKSPACES_BATCH_LIMIT) {
      const batch = list.slice(i, i + WORKSPACES_BATCH_LIMIT);
      summary.awsCalls++;
      const result = await api.describeConnectionStatus(batch.map((d) => d.workspaceId!));
      if (!result.ok) {
        // No observation for these desktops this time: their sessions stay as they were.
        summary.failedCalls++;
        lastError = { code: result.code, message: result.message };
        options.logger?.error("usage sampler: DescribeWorkspacesConnectionStatus failed", { region, code: result.code });
        continue;
      }
      const byId = new Map(result.statuses.map((s) => [s.workspaceId, s]));
      for (const d of batch) {
        const s = byId.get(d.workspaceId!);
        observations.push({ desktopId: d.id, state: s?.state ?? "UNKNOWN", lastConnectedAt: s?.lastConnectedAt });
        summary.desktops++;
        if (s?.state === "CONNECTED") summary.connected++;
      }
    }
  }
  const recorded = await recordConnectionSamples(db, { now, previousSampleAt: previous?.at ?? null, maxGapMs, observations });
  await recordLastConnections(db, now, observations);
  summary.opened = recorded.opened;
  summary.closed = recorded.closed;

  summary.tagsRefreshed = await refreshStaleTags(db, aws, desktops, now, options, summary);
  // Runs older than two months say nothing the recommendations (four weeks back) still need.
  await db.usageSampleRun.deleteMany({ where: { at: { lt: new Date(now.getTime() - RUN_RETENTION_MS) } } });
  await recordSampleRun(db, {
    at: now,
    desktops: summary.desktops,
    connected: summary.connected,
    awsCalls: summary.awsCalls,
    failedCalls: summary.failedCalls,
    errorCode: lastError?.code,
    errorMessage: lastError?.message,
  });
  return summary;
}

/** DescribeTags for the desktops whose tags are oldest (or never read), a few per pass. */
async function refreshStaleTags(
  db: PrismaClient,
  aws: AwsGateway,
  desktops: { id: string; workspaceId: string | null; directory: { region: string } }[],
  now: Date,
  options: SampleUsageOptions,
  summary: SampleUsageSummary,
): Promise<number> {
  const limit = options.tagRefreshLimit ?? 10;
  if (limit <= 0 || desktops.length === 0) return 0;
  const maxAge = options.tagMaxAgeMs ?? 24 * 3_600_000;
  const known = await db.desktopTagSet.findMany({ where: { desktopId: { in: desktops.map((d) => d.id) } }, select: { desktopId: true, refreshedAt: true } });
  const refreshedAt = new Map(known.map((k) => [k.desktopId, k.refreshedAt.getTime()]));
  const stale = desktops
    .filter((d) => (refreshedAt.get(d.id) ?? 0) < now.getTime() - maxAge)
    .sort((a, b) => (refreshedAt.get(a.id) ?? 0) - (refreshedAt.get(b.id) ?? 0))
    .slice(0, limit);
  let refreshed = 0;
  for (const d of stale) {
    summary.awsCalls++;
    const result = await aws.forRegion(d.directory.region).workspaces.describeTags(d.workspaceId!);
    if (!result.ok) {
      summary.failedCalls++;
      continue;
    }
    await recordDesktopTags(db, d.id, result.tags, now);
    refreshed++;
  }
  return refreshed;
}
