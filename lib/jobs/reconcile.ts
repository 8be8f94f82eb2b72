// Reconciliation: follows desktops in changing states by id (25 per DescribeWorkspaces call) and
// records what AWS shows. Polling grows with the number of desktops that are changing, not with
// the fleet (AWS throttles fleets that poll freely).

import type { PrismaClient } from "@/lib/db/generated/client";
import type { AwsGateway } from "@/lib/aws/gateway";
import { WORKSPACES_BATCH_LIMIT, type WorkspaceInfo } from "@/lib/aws/workspaces";
import { recordDesktopGone, recordDesktopObserved } from "@/lib/provisioning/mutations";

/** AWS states that change on their own; settled ones (AVAILABLE, STOPPED, ERROR, ...) are not polled. */
export const CHANGING_STATES = [
  "PENDING",
  "REBOOTING",
  "REBUILDING",
  "STARTING",
  "STOPPING",
  "TERMINATING",
  "RESTORING",
  "UPDATING",
] as const;

export interface ReconcileOptions {
  db: PrismaClient;
  aws: AwsGateway;
  /** Desktops looked at per pass, least recently seen first. */
  limit?: number;
  clock?: () => Date;
  logger?: { error(message: string, details?: Record<string, unknown>): void };
}

export interface ReconcileSummary {
  checked: number;
  changed: number;
  gone: number;
  awsCalls: number;
  failedCalls: number;
}

export async function reconcileOnce(options: ReconcileOptions): Promise<ReconcileSummary> {
  const { db, aws } = options;
  const clock = options.clock ?? (() => new Date());
  const summary: ReconcileSummary = { checked: 0, changed: 0, gone: 0, awsCalls: 0, failedCalls: 0 };

  const desktops = await db.desktop.findMany({
    where: { workspaceId: { not: null }, terminatedAt: null, state: { in: [...CHANGING_STATES] } },
    select: {
      id: true,
      workspaceId: true,
      state: true,
      ipAddress: true,
      computerName: true,
      directory: { select: { region: true } },
    },
    orderBy: [{ lastSeenAt: { sort: "asc", nulls: "first" } }, { stateChangedAt: "asc" }],
    take: options.limit ?? 250,
  });

  const byRegion = new Map<string, typeof desktops>();
  for (const d of desktops) {
    const list = byRegion.get(d.directory.region) ?? [];
    list.push(d);
    byRegion.set(d.directory.region, list);
  }

  for (const [region, list] of byRegion) {
    const api = aws.forRegion(region).workspaces;
    for (let i = 0; i < list.length; i += WORKSPACES_BATCH_LIMIT) {
      const batch = list.slice(i, i + WORKSPACES_BATCH_LIMIT);
      summary.awsCalls++;
      const result = await api.describeWorkspacesByIds(batch.map((d) => d.workspaceId!));
      if (!result.ok) {
        // Try again next pass; the AwsCall row holds the reason.
        summary.failedCalls++;
        options.logger?.error("reconcile: DescribeWorkspaces failed", { region, code: result.code });
        continue;
      }
      const seen = new Map<string, WorkspaceInfo>(result.workspaces.map((w) => [w.workspaceId, w]));
      const now = clock();
      const unchanged: string[] = [];
      for (const d of batch) {
        summary.checked++;
        const w = seen.get(d.workspaceId!);
        if (!w) {
          // New ids may not show in DescribeWorkspaces for a while: a PENDING desktop stays PENDING.
          if (d.state === "PENDING") continue;
          await recordDesktopGone(db, { desktopId: d.id, now });
          summary.gone++;
          continue;
        }
        const differs =
          w.state !== d.state || (w.ipAddress ?? null) !== d.ipAddress || (w.computerName ?? null) !== d.computerName;
        if (!differs) {
          unchanged.push(d.id);
          continue;
        }
        await recordDesktopObserved(db, {
          desktopId: d.id,
          previousState: d.state,
          observed: {
            state: w.state,
            ipAddress: w.ipAddress ?? null,
            computerName: w.computerName ?? null,
            errorCode: w.errorCode,
            errorMessage: w.errorMessage,
          },
          now,
        });
        summary.changed++;
      }
      if (unchanged.length > 0) {
        await db.desktop.updateMany({ where: { id: { in: unchanged } }, data: { lastSeenAt: now } });
      }
    }
  }
  return summary;
}
