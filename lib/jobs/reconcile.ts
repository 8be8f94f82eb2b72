// Reconciliation: the portal's rows follow what AWS shows.
// - reconcileOnce (every few seconds): desktops in changing states, by id, 25 per DescribeWorkspaces
//   call. Its calls grow with the number of desktops that are changing, not with the fleet (AWS
//   throttles fleets that poll freely). A PENDING desktop AWS never shows fails after a timeout.
// - sweepFleet (every several minutes): every registered directory's desktops, paged 25 at a time,
//   so that what happened outside the portal shows up: desktops created elsewhere are imported
//   (origin IMPORTED, no owner), changed ones are recorded as changed outside, gone ones TERMINATED.

import type { PrismaClient } from "@/lib/db/generated/client";
import type { AwsGateway } from "@/lib/aws/gateway";
import { DESKTOP_ID_TAG, REQUEST_ID_TAG, WORKSPACES_BATCH_LIMIT, type WorkspaceInfo, type WorkspacesApi } from "@/lib/aws/workspaces";
import { bundleRow } from "@/lib/catalog/mutations";
import { AUTO_STOP_STATES, CHANGING_STATES } from "@/lib/desktops/desktop-state";
import {
  recordDesktopChangedOutside,
  recordDesktopFoundByTag,
  recordDesktopGone,
  recordDesktopImported,
  recordDesktopNeverSeen,
  recordDesktopObserved,
  type SweptWorkspace,
} from "@/lib/desktops/observations";

const CHANGING = new Set<string>(CHANGING_STATES);

/** AWS documents up to ~20 min PENDING; a desktop never shown after this long is failed. */
export const DEFAULT_PENDING_TIMEOUT_MS = 60 * 60_000;

export interface ReconcileOptions {
  db: PrismaClient;
  aws: AwsGateway;
  /** Desktops looked at per pass, least recently seen first. */
  limit?: number;
  /** A PENDING desktop AWS has never returned is failed after this long. */
  pendingTimeoutMs?: number;
  clock?: () => Date;
  logger?: { error(message: string, details?: Record<string, unknown>): void };
}

export interface ReconcileSummary {
  checked: number;
  changed: number;
  gone: number;
  timedOut: number;
  awsCalls: number;
  failedCalls: number;
}

export async function reconcileOnce(options: ReconcileOptions): Promise<ReconcileSummary> {
  const { db, aws } = options;
  const clock = options.clock ?? (() => new Date());
  const pendingTimeoutMs = options.pendingTimeoutMs ?? DEFAULT_PENDING_TIMEOUT_MS;
  const summary: ReconcileSummary = { checked: 0, changed: 0, gone: 0, timedOut: 0, awsCalls: 0, failedCalls: 0 };

  const desktops = await db.desktop.findMany({
    where: { workspaceId: { not: null }, terminatedAt: null, state: { in: [...CHANGING_STATES] } },
    select: {
      id: true,
      workspaceId: true,
      state: true,
      ipAddress: true,
      computerName: true,
      computeType: true,
      rootVolumeGiB: true,
      userVolumeGiB: true,
      stateChangedAt: true,
      lastSeenAt: true,
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
          if (d.state === "PENDING" && d.lastSeenAt === null) {
            // New ids may not show in DescribeWorkspaces for a while; but not for ever.
            if (now.getTime() - d.stateChangedAt.getTime() > pendingTimeoutMs) {
              await recordDesktopNeverSeen(db, {
                desktopId: d.id,
                code: "NotSeenInAws",
                message: `AWS accepted the desktop (${d.workspaceId}) but has not shown it in ${Math.round(pendingTimeoutMs / 60_000)} minutes.`,
                now,
              });
              summary.timedOut++;
            }
            continue;
          }
          await recordDesktopGone(db, { desktopId: d.id, previousState: d.state, now });
          summary.gone++;
          continue;
        }
        const differs =
          w.state !== d.state ||
          (w.ipAddress ?? null) !== d.ipAddress ||
          (w.computerName ?? null) !== d.computerName ||
          // A compute or volume change (lib/desktops/resize) lands when UPDATING ends.
          (w.computeType !== undefined && w.computeType !== d.computeType) ||
          (w.rootVolumeGiB !== undefined && w.rootVolumeGiB !== d.rootVolumeGiB) ||
          (w.userVolumeGiB !== undefined && w.userVolumeGiB !== d.userVolumeGiB);
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
            computeType: w.computeType,
            rootVolumeGiB: w.rootVolumeGiB,
            userVolumeGiB: w.userVolumeGiB,
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

// ------------------------------------------------------------------------------------------------
// The fleet sweep

export interface SweepSummary {
  directories: number;
  listed: number;
  imported: number;
  foundByTag: number;
  changedOutside: number;
  followed: number;
  gone: number;
  awsCalls: number;
  failedCalls: number;
}

const AUTO_STOP = new Set<string>(AUTO_STOP_STATES);

export async function sweepFleet(
  options: Omit<ReconcileOptions, "limit" | "pendingTimeoutMs"> & {
    /** Checked between calls: a worker shutting down does not wait for a long sweep. */
    isStopping?: () => boolean;
  },
): Promise<SweepSummary> {
  const { db, aws } = options;
  const clock = options.clock ?? (() => new Date());
  const summary: SweepSummary = { directories: 0, listed: 0, imported: 0, foundByTag: 0, changedOutside: 0, followed: 0, gone: 0, awsCalls: 0, failedCalls: 0 };
  const directories = await db.directory.findMany({ where: { registered: true }, select: { id: true, region: true } });
  const stopping = options.isStopping ?? (() => false);
  for (const directory of directories) {
    if (stopping()) break;
    summary.directories++;
    try {
      await sweepDirectory(db, aws.forRegion(directory.region).workspaces, directory, clock, summary, stopping);
    } catch (error) {
      options.logger?.error("fleet sweep failed for a directory", { directoryId: directory.id, error: String(error) });
    }
  }
  return summary;
}

async function sweepDirectory(
  db: PrismaClient,
  api: WorkspacesApi,
  directory: { id: string; region: string },
  clock: () => Date,
  summary: SweepSummary,
  stopping: () => boolean,
) {
  const started = clock();
  const listed = new Map<string, WorkspaceInfo>();
  let nextToken: string | undefined;
  let complete = true;
  do {
    if (stopping()) return;
    summary.awsCalls++;
    const page = await api.describeWorkspacesPage({ directoryId: directory.id, nextToken });
    if (!page.ok) {
      summary.failedCalls++;
      complete = false;
      break;
    }
    for (const w of page.workspaces) listed.set(w.workspaceId, w);
    nextToken = page.nextToken;
  } while (nextToken);
  summary.listed += listed.size;

  const rows = await db.desktop.findMany({
    where: { directoryId: directory.id, workspaceId: { not: null } },
    select: {
      id: true,
      workspaceId: true,
      state: true,
      runningMode: true,
      autoStopTimeoutMinutes: true,
      stateChangedAt: true,
      lastSeenAt: true,
      terminatedAt: true,
      ipAddress: true,
      computerName: true,
    },
  });
  const busy = new Set(
    (
      await db.operation.findMany({
        where: { status: { in: ["QUEUED", "RUNNING"] }, desktop: { directoryId: directory.id } },
        select: { desktopId: true },
      })
    ).map((o) => o.desktopId),
  );
  const byWorkspace = new Map(rows.map((r) => [r.workspaceId!, r]));
  const now = clock();
  const touched: string[] = [];

  for (const row of rows) {
    if (row.terminatedAt) continue;
    const w = listed.get(row.workspaceId!);
    if (!w) {
      // Only a complete listing proves absence; rows recorded after the listing began may be too new.
      if (!complete || row.stateChangedAt >= started) continue;
      if (row.state === "PENDING" && row.lastSeenAt === null) continue; // reconcileOnce times these out
      const outside = !CHANGING.has(row.state) && !busy.has(row.id);
      await recordDesktopGone(db, { desktopId: row.id, previousState: row.state, outside, now });
      summary.gone++;
      continue;
    }
    const observed = swept(w, directory.id);
    const stateDiffers = w.state !== row.state;
    const modeKnown = w.runningMode === "AUTO_STOP" || w.runningMode === "ALWAYS_ON";
    const modeDiffers =
      modeKnown &&
      (w.runningMode !== row.runningMode ||
        (w.runningMode === "AUTO_STOP" && (w.autoStopTimeoutMinutes ?? null) !== (row.autoStopTimeoutMinutes ?? null)));
    if (!stateDiffers && !modeDiffers) {
      touched.push(row.id);
      continue;
    }
    // The portal is following this desktop (it asked for the change, or an operation is open):
    // an ordinary observation. A billing-mode change the portal asked for is recorded by billing.
    const followed = CHANGING.has(row.state) || busy.has(row.id);
    const natural = row.runningMode === "AUTO_STOP" && AUTO_STOP.has(row.state) && AUTO_STOP.has(w.state);
    if (!modeDiffers && (followed || natural)) {
      await recordDesktopObserved(db, { desktopId: row.id, previousState: row.state, observed, now });
      summary.followed++;
      continue;
    }
    if (modeDiffers && busy.has(row.id)) {
      // A MODIFY_RUNNING_MODE of ours may be on its way: let its result be recorded first.
      touched.push(row.id);
      continue;
    }
    await recordDesktopChangedOutside(db, {
      desktopId: row.id,
      previous: { state: row.state, runningMode: row.runningMode, autoStopTimeoutMinutes: row.autoStopTimeoutMinutes },
      observed,
      now,
    });
    summary.changedOutside++;
  }
  for (let i = 0; i < touched.length; i += 1000) {
    await db.desktop.updateMany({ where: { id: { in: touched.slice(i, i + 1000) } }, data: { lastSeenAt: now } });
  }

  // Desktops AWS has and the portal does not know by id: ours whose create answer was lost (found by
  // tag), or created outside the portal (imported). DescribeTags only for these few.
  // Users with a create in flight are the worker's to resolve (it adopts by tag after a lost answer).
  const creating = new Set(
    (
      await db.desktop.findMany({
        where: { directoryId: directory.id, workspaceId: null, operations: { some: { type: "CREATE", status: { in: ["QUEUED", "RUNNING"] } } } },
        select: { userName: true },
      })
    ).map((d) => d.userName.toLowerCase()),
  );
  const unknown = [...listed.values()].filter(
    (w) => !byWorkspace.has(w.workspaceId) && w.state !== "TERMINATED" && !creating.has((w.userName ?? "").toLowerCase()),
  );
  const reappeared = [...listed.values()].filter((w) => byWorkspace.get(w.workspaceId)?.terminatedAt && w.state !== "TERMINATED");
  for (const w of reappeared) {
    const row = byWorkspace.get(w.workspaceId)!;
    await recordDesktopChangedOutside(db, {
      desktopId: row.id,
      previous: { state: row.state, runningMode: row.runningMode, autoStopTimeoutMinutes: row.autoStopTimeoutMinutes },
      observed: swept(w, directory.id),
      now,
    });
    summary.changedOutside++;
  }
  for (const w of unknown) {
    if (stopping()) return;
    summary.awsCalls++;
    const tags = await api.describeTags(w.workspaceId);
    if (!tags.ok) {
      // Without its tags it might be one of ours: look again next sweep rather than import a twin.
      summary.failedCalls++;
      continue;
    }
    const ours = await findPortalRow(db, tags.tags);
    if (ours) {
      if (!ours.workspaceId && (await recordDesktopFoundByTag(db, { desktopId: ours.id, workspaceId: w.workspaceId, state: w.state, now }))) {
        summary.foundByTag++;
        continue;
      }
      // A migration's source (MigrateWorkspace gave the row a new id; the old one is going away).
      if (w.state === "TERMINATING") continue;
      // A second desktop carrying the tag of a row that already has one: import it so it is seen.
    }
    if (!(await ensureBundle(db, api, w.bundleId ?? "", directory.region, summary))) continue;
    if (await recordDesktopImported(db, { workspace: swept(w, directory.id), now })) summary.imported++;
  }
}

function swept(w: WorkspaceInfo, directoryId: string): SweptWorkspace {
  return {
    workspaceId: w.workspaceId,
    directoryId: w.directoryId ?? directoryId,
    userName: w.userName ?? "",
    bundleId: w.bundleId ?? "",
    state: w.state,
    ipAddress: w.ipAddress ?? null,
    computerName: w.computerName ?? null,
    errorCode: w.errorCode,
    errorMessage: w.errorMessage,
    runningMode: w.runningMode ?? null,
    autoStopTimeoutMinutes: w.autoStopTimeoutMinutes ?? null,
    computeType: w.computeType,
    rootVolumeGiB: w.rootVolumeGiB,
    userVolumeGiB: w.userVolumeGiB,
    rootVolumeEncrypted: w.rootVolumeEncrypted,
    userVolumeEncrypted: w.userVolumeEncrypted,
    volumeEncryptionKey: w.volumeEncryptionKey ?? null,
  };
}

async function findPortalRow(db: PrismaClient, tags: Record<string, string>) {
  const desktopId = tags[DESKTOP_ID_TAG];
  const requestId = tags[REQUEST_ID_TAG];
  if (!desktopId && !requestId) return null;
  return db.desktop.findFirst({
    where: desktopId ? { id: desktopId } : { requestId },
    select: { id: true, workspaceId: true },
  });
}

/** An imported desktop needs its bundle row; bundles outside the catalogue are read once. */
async function ensureBundle(db: PrismaClient, api: WorkspacesApi, bundleId: string, region: string, summary: SweepSummary): Promise<boolean> {
  if (!bundleId) return false;
  if (await db.bundle.findUnique({ where: { id: bundleId }, select: { id: true } })) return true;
  summary.awsCalls++;
  const found = await api.describeBundles({ bundleIds: [bundleId] });
  if (!found.ok || found.bundles.length === 0) {
    summary.failedCalls += found.ok ? 0 : 1;
    return false;
  }
  const b = found.bundles[0];
  await db.bundle.upsert({
    where: { id: b.bundleId },
    create: { id: b.bundleId, ...bundleRow(b, region) },
    update: {},
  });
  return true;
}
