import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { checkDesktopAction, checkFailedCreateAction, DESKTOP_ACTIONS, isFailedCreate, type DesktopAction, type Verdict } from "./rules";
import { defaultSortDir, FLEET_PAGE_SIZE, type FleetFilter, type FleetSort } from "./schema";
import { autoStopHoursFromMinutes } from "./auto-stop";
import { isDesktopState } from "./desktop-state";
import type { VolumeEncryption } from "./volume-encryption";

const OPEN_OPERATION = { status: { in: ["QUEUED", "RUNNING"] } } satisfies Prisma.OperationWhereInput;

export type DesktopView = {
  id: string;
  workspaceId: string | null;
  requestId: string | null;
  ownerId: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
  userName: string;
  state: string;
  stateChangedAt: string;
  runningMode: string;
  autoStopTimeoutHours: number | null;
  bundleName: string;
  platform: string;
  computeType: string;
  directoryId: string;
  directoryName: string;
  registrationCode: string | null;
  webAccess: boolean;
  ipAddress: string | null;
  computerName: string | null;
  /** Volume encryption as set at creation (it cannot change): which volumes, and the KMS key. */
  encryption: VolumeEncryption;
  createdAt: string;
  origin: string;
  pendingAction: string | null;
  lastFailure: { action: string; code: string | null; message: string | null; at: string } | null;
  verdicts: Record<DesktopAction, Verdict>;
  /** A create that failed before AWS made the desktop: whether it can be retried or removed now. Null otherwise. */
  failedCreate: Verdict | null;
};

const detailInclude = {
  bundle: { select: { name: true, platform: true, computeType: true } },
  directory: { select: { name: true, registrationCode: true, webAccess: true } },
  owner: { select: { name: true, email: true } },
  operations: { orderBy: { createdAt: "desc" }, take: 5, select: { type: true, status: true, lastErrorCode: true, lastError: true, updatedAt: true } },
} satisfies Prisma.DesktopInclude;

type DesktopRow = Prisma.DesktopGetPayload<{ include: typeof detailInclude }>;

function toView(d: DesktopRow, now = new Date()): DesktopView {
  const open = d.operations.find((o) => o.status === "QUEUED" || o.status === "RUNNING");
  const failed = d.operations.find((o) => o.status === "FAILED");
  const verdicts = Object.fromEntries(
    DESKTOP_ACTIONS.map((action) => {
      if (open) return [action, { allowed: false, reason: `A ${open.type.toLowerCase().replaceAll("_", " ")} is already in progress.` }];
      return [action, checkDesktopAction(d, action, now)];
    }),
  ) as Record<DesktopAction, Verdict>;
  return {
    id: d.id,
    workspaceId: d.workspaceId,
    requestId: d.requestId,
    ownerId: d.ownerId,
    ownerName: d.owner?.name ?? null,
    ownerEmail: d.owner?.email ?? null,
    userName: d.userName,
    state: d.state,
    stateChangedAt: d.stateChangedAt.toISOString(),
    runningMode: d.runningMode,
    autoStopTimeoutHours: d.autoStopTimeoutMinutes ? autoStopHoursFromMinutes(d.autoStopTimeoutMinutes) : null,
    bundleName: d.bundle.name,
    platform: d.bundle.platform,
    // A day-2 change (lib/desktops/resize) makes the desktop's own compute type differ from its bundle's.
    computeType: d.computeType ?? d.bundle.computeType,
    directoryId: d.directoryId,
    directoryName: d.directory.name,
    registrationCode: d.directory.registrationCode,
    webAccess: d.directory.webAccess,
    ipAddress: d.ipAddress,
    computerName: d.computerName,
    encryption: { root: d.rootVolumeEncrypted, user: d.userVolumeEncrypted, key: d.volumeEncryptionKey },
    createdAt: d.createdAt.toISOString(),
    origin: d.origin,
    pendingAction: open ? open.type : null,
    lastFailure:
      failed && (!open || failed.updatedAt > (d.stateChangedAt ?? failed.updatedAt))
        ? { action: failed.type, code: failed.lastErrorCode, message: failed.lastError, at: failed.updatedAt.toISOString() }
        : null,
    verdicts,
    failedCreate: isFailedCreate(d)
      ? open
        ? { allowed: false, reason: `A ${open.type.toLowerCase().replaceAll("_", " ")} is already in progress.` }
        : checkFailedCreateAction(d)
      : null,
  };
}

// Loads what policy needs; the caller checks access before reading more.
export async function loadDesktopForPolicy(id: string) {
  return db.desktop.findUnique({
    where: { id },
    select: { id: true, ownerId: true, directoryId: true, requestId: true, state: true, runningMode: true, stateChangedAt: true, workspaceId: true, userName: true },
  });
}

export async function hasOpenOperation(desktopId: string) {
  return (await db.operation.count({ where: { desktopId, ...OPEN_OPERATION } })) > 0;
}

export async function getDesktopView(id: string): Promise<DesktopView | null> {
  const d = await db.desktop.findUnique({ where: { id }, include: detailInclude });
  return d ? toView(d) : null;
}

export async function listDesktopsOf(ownerId: string): Promise<DesktopView[]> {
  const rows = await db.desktop.findMany({
    where: { ownerId, state: { not: "TERMINATED" } },
    include: detailInclude,
    orderBy: { createdAt: "desc" },
  });
  return rows.map((d) => toView(d));
}

export type FleetRow = Pick<
  DesktopView,
  "id" | "workspaceId" | "ownerName" | "ownerEmail" | "userName" | "state" | "stateChangedAt" | "runningMode" | "bundleName" | "computeType" | "platform" | "origin" | "createdAt"
> & { lastConnectedAt: string | null };

/** The fleet list's filter as a query (also what a bulk action on "everything matching" acts on). */
export function fleetWhere(filter: Pick<FleetFilter, "q" | "state" | "runningMode"> & { directoryId?: string }): Prisma.DesktopWhereInput {
  return {
    ...(filter.directoryId ? { directoryId: filter.directoryId } : {}),
    // A state the portal does not know matches nothing (the URL may carry anything).
    ...(filter.state ? { state: isDesktopState(filter.state) ? filter.state : { in: [] } } : { state: { not: "TERMINATED" } }),
    ...(filter.runningMode ? { runningMode: filter.runningMode } : {}),
    ...(filter.q
      ? {
          OR: [
            { userName: { contains: filter.q, mode: "insensitive" } },
            { workspaceId: { contains: filter.q, mode: "insensitive" } },
            { owner: { email: { contains: filter.q, mode: "insensitive" } } },
            { owner: { name: { contains: filter.q, mode: "insensitive" } } },
            { bundle: { name: { contains: filter.q, mode: "insensitive" } } },
            { tagSet: { tagValues: { contains: filter.q, mode: "insensitive" } } },
          ],
        }
      : {}),
  };
}

export type FleetPage = { rows: FleetRow[]; total: number; page: number; pages: number };

/** The fleet filter's directories: every directory the portal knows, by name. */
export async function fleetDirectoryOptions(): Promise<{ id: string; name: string }[]> {
  return db.directory.findMany({ select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }] });
}

/** The list's order: the chosen column, then the id, so that equal values keep one order across pages. */
export function fleetOrderBy(filter: Pick<FleetFilter, "sort" | "dir">): Prisma.DesktopOrderByWithRelationInput[] {
  const dir = filter.dir || defaultSortDir(filter.sort);
  const by: Record<FleetSort, Prisma.DesktopOrderByWithRelationInput> = {
    user: { userName: dir },
    owner: { owner: { email: dir } },
    bundle: { bundle: { name: dir } },
    state: { state: dir },
    mode: { runningMode: dir },
    created: { createdAt: dir },
    // Never connected: last, whichever the direction.
    lastConnection: { lastConnectedAt: { sort: dir, nulls: "last" } },
  };
  return [by[filter.sort], { id: "asc" }];
}

const fleetRowSelect = {
  id: true,
  workspaceId: true,
  userName: true,
  state: true,
  stateChangedAt: true,
  runningMode: true,
  origin: true,
  createdAt: true,
  lastConnectedAt: true,
  computeType: true,
  owner: { select: { name: true, email: true } },
  bundle: { select: { name: true, computeType: true, platform: true } },
} satisfies Prisma.DesktopSelect;

function toFleetRow(d: Prisma.DesktopGetPayload<{ select: typeof fleetRowSelect }>): FleetRow {
  return {
    id: d.id,
    workspaceId: d.workspaceId,
    ownerName: d.owner?.name ?? null,
    ownerEmail: d.owner?.email ?? null,
    userName: d.userName,
    state: d.state,
    stateChangedAt: d.stateChangedAt.toISOString(),
    runningMode: d.runningMode,
    bundleName: d.bundle.name,
    computeType: d.computeType ?? d.bundle.computeType,
    platform: d.bundle.platform,
    origin: d.origin,
    createdAt: d.createdAt.toISOString(),
    lastConnectedAt: d.lastConnectedAt?.toISOString() ?? null,
  };
}

/**
 * How old a fleet list may be when shown. Admins watching the fleet (the page refreshes itself
 * every 3 s) share one read per filter and page instead of each counting 10,000 rows; states change
 * only when the worker hears from AWS, so a list this old is still "live".
 */
export const FLEET_LIST_MAX_AGE_MS = 2_000;

const fleetPages = new LRUCache<string, FleetPage, FleetFilter>({
  max: 500,
  ttl: FLEET_LIST_MAX_AGE_MS,
  // Concurrent requests for the same list wait for one read; a failed read is not kept.
  fetchMethod: (_key, _stale, { context }) => readFleet(context),
});

/** Forgets the shared lists, so the page re-rendered after an admin's fleet action shows its effect at once. */
export function forgetFleetLists() {
  fleetPages.clear();
}

/** One page of the fleet list (all desktops, for those allowed to see the fleet), at most FLEET_LIST_MAX_AGE_MS old. */
export async function listFleet(filter: FleetFilter): Promise<FleetPage> {
  const key = JSON.stringify([filter.q, filter.state, filter.runningMode, filter.directoryId, filter.sort, filter.dir || defaultSortDir(filter.sort), filter.page]);
  const page = await fleetPages.fetch(key, { context: filter });
  if (!page) throw new Error("fleet list read returned nothing");
  return page;
}

async function readFleet(filter: FleetFilter): Promise<FleetPage> {
  const where = fleetWhere(filter);
  const [total, rows] = await Promise.all([
    db.desktop.count({ where }),
    db.desktop.findMany({ where, orderBy: fleetOrderBy(filter), skip: (filter.page - 1) * FLEET_PAGE_SIZE, take: FLEET_PAGE_SIZE, select: fleetRowSelect }),
  ]);
  return { total, page: filter.page, pages: Math.max(1, Math.ceil(total / FLEET_PAGE_SIZE)), rows: rows.map(toFleetRow) };
}

/** The most rows one export holds; a fleet larger than this is exported filter by filter. */
export const FLEET_EXPORT_LIMIT = 50_000;

export type FleetExportRow = FleetRow & { directoryId: string; tags: Record<string, string> };

/** Every desktop the fleet list shows for this filter, in its order (unpaged, unshared: an export is rare). */
export async function listFleetForExport(filter: FleetFilter): Promise<{ rows: FleetExportRow[]; total: number }> {
  const where = fleetWhere(filter);
  const [total, rows] = await Promise.all([
    db.desktop.count({ where }),
    db.desktop.findMany({
      where,
      orderBy: fleetOrderBy(filter),
      take: FLEET_EXPORT_LIMIT,
      select: { ...fleetRowSelect, directoryId: true, tagSet: { select: { tags: true } } },
    }),
  ]);
  return {
    total,
    rows: rows.map((d) => ({ ...toFleetRow(d), directoryId: d.directoryId, tags: (d.tagSet?.tags ?? {}) as Record<string, string> })),
  };
}

// One JSON text and version per shared list read: every watcher of the same list within
// FLEET_LIST_MAX_AGE_MS gets the same object, so the work is done once.
const fleetJson = new WeakMap<FleetPage, { json: string; etag: string }>();

/**
 * A fleet page as the live view's JSON, with a version (an HTTP entity tag) that changes when
 * anything on the page or the total changes: a watching tab that already has this version is
 * answered "not modified", with no body.
 */
export function fleetPageJson(page: FleetPage): { json: string; etag: string } {
  let entry = fleetJson.get(page);
  if (!entry) {
    const json = JSON.stringify(page);
    entry = { json, etag: `"${createHash("sha256").update(json).digest("base64url").slice(0, 22)}"` };
    fleetJson.set(page, entry);
  }
  return entry;
}
