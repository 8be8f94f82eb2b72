import { loadGuardrails } from "@/lib/guardrails/queries";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { can, type PolicyUser } from "@/lib/auth/policy";
import { CHANGING_STATES } from "@/lib/desktops/desktop-state";
import { checkDesktopAction, checkFailedCreateAction, isFailedCreateAction, type DesktopAction, type FleetAction } from "@/lib/desktops/rules";
import { fleetWhere } from "@/lib/desktops/queries";
import { autoStopHoursFromMinutes } from "@/lib/desktops/auto-stop";
import { CSV_COLUMNS, hasErrors, type CsvColumn, type ProvisioningRow } from "./csv";
import { loadExistingForUsers, userKey } from "@/lib/desktops/one-desktop-per-user";
import { checkRowsAgainstPortal, type CheckedRow, type PortalFacts } from "./provisioning-check";
import { ACTION_END_STATE, bulkJobState, changedSinceMessage, emptyCounts, summarise, type BulkJobState, type ItemCounts, type ItemStatus } from "./item-status";
import { JOB_ITEMS_PAGE_SIZE, JOBS_PAGE_SIZE, MAX_ACTION_DESKTOPS, type JobItemsFilter } from "./schema";

type Reader = Pick<Prisma.TransactionClient, "directory" | "bundle" | "user" | "desktop" | "desktopRequest" | "directoryGuardrail">;

// ---------------------------------------------------------------------------------------------
// What the portal knows about the directories, bundles and users a CSV names.

export async function loadPortalFacts(rows: Pick<ProvisioningRow, "directoryId" | "bundleId">[], client: Reader = db): Promise<PortalFacts> {
  const directoryIds = [...new Set(rows.map((r) => r.directoryId).filter(Boolean))];
  const bundleIds = [...new Set(rows.map((r) => r.bundleId).filter(Boolean))];
  const [directories, bundles, users, existing, guardrails] = await Promise.all([
    client.directory.findMany({ where: { id: { in: directoryIds } }, select: { id: true, name: true, region: true, registered: true, stage: true } }),
    client.bundle.findMany({ where: { id: { in: bundleIds } }, select: { id: true, name: true, region: true, available: true, computeType: true } }),
    client.user.findMany({
      where: { directoryId: { in: directoryIds }, directoryUserName: { not: null }, disabled: false },
      select: { id: true, email: true, name: true, role: true, directoryId: true, directoryUserName: true },
    }),
    loadExistingForUsers(client, { directoryIds }),
    loadGuardrails(directoryIds, client),
  ]);
  return {
    directories: new Map(directories.map((d) => [d.id, d])),
    bundles: new Map(bundles.map((b) => [b.id, b])),
    linkedUsers: new Map(users.map((u) => [userKey(u.directoryId!, u.directoryUserName!), { id: u.id, email: u.email, name: u.name, role: u.role }])),
    existing,
    guardrails,
    heldByUser: await countHeldByUser(client, users.map((u) => u.id)),
  };
}

/** Desktops (not terminated) and open requests each person holds: what the quota counts (lib/guardrails countHeldDesktops, for many). */
async function countHeldByUser(client: Reader, userIds: string[]): Promise<Map<string, number>> {
  const held = new Map<string, number>();
  if (userIds.length === 0) return held;
  const [desktops, requests] = await Promise.all([
    client.desktop.groupBy({ by: ["ownerId"], where: { ownerId: { in: userIds }, terminatedAt: null, state: { notIn: ["TERMINATED", "TERMINATING"] } }, _count: { _all: true } }),
    client.desktopRequest.groupBy({ by: ["requesterId"], where: { requesterId: { in: userIds }, status: "SUBMITTED" }, _count: { _all: true } }),
  ]);
  for (const d of desktops) if (d.ownerId) held.set(d.ownerId, (held.get(d.ownerId) ?? 0) + d._count._all);
  for (const r of requests) held.set(r.requesterId, (held.get(r.requesterId) ?? 0) + r._count._all);
  return held;
}

export async function checkProvisioningRows(rows: ProvisioningRow[]): Promise<CheckedRow[]> {
  return checkRowsAgainstPortal(rows, await loadPortalFacts(rows));
}

/** The directory and bundle the template's example rows use: real ids from the catalogue. */
export async function templateExample(): Promise<{ directoryId: string; bundleId: string }> {
  const directory = await db.directory.findFirst({ where: { registered: true, stage: "Active" }, orderBy: { name: "asc" }, select: { id: true, region: true } });
  const bundle = await db.bundle.findFirst({
    where: { available: true, ...(directory ? { region: directory.region } : {}) },
    orderBy: [{ platform: "desc" }, { computeType: "asc" }, { name: "asc" }],
    select: { id: true },
  });
  return { directoryId: directory?.id ?? "d-0123456789", bundleId: bundle?.id ?? "wsb-0123456789" };
}

// ---------------------------------------------------------------------------------------------
// Item status, derived in SQL from the request, operation and desktop doing the work (the worker
// writes those; nothing bulk-specific has to be kept in step).

const CHANGING = Prisma.join(CHANGING_STATES.map((s) => Prisma.sql`${s}`));

const ACTION_END_SQL = Prisma.sql`(CASE j.action ${Prisma.join(
  Object.entries(ACTION_END_STATE).map(([action, state]) => Prisma.sql`WHEN ${action} THEN ${state}`),
  " ",
)} END)`;

const ITEM_FROM = Prisma.sql`
  FROM "BulkJobItem" i
  JOIN "BulkJob" j ON j.id = i."jobId"
  LEFT JOIN "DesktopRequest" r ON r.id = i."requestId"
  LEFT JOIN "Operation" o ON o.id = i."operationId"
  LEFT JOIN "Desktop" d ON d.id = i."desktopId"`;

const ITEM_STATUS = Prisma.sql`(CASE
  WHEN i.status IN ('SKIPPED', 'CANCELLED') THEN i.status::text
  WHEN j.kind = 'PROVISION' THEN (CASE
    WHEN r.status = 'READY' THEN 'AVAILABLE'
    WHEN r.status = 'FAILED' THEN 'FAILED'
    WHEN r.status IN ('CANCELLED', 'REJECTED') THEN 'CANCELLED'
    WHEN r.status = 'PROVISIONING' THEN 'PENDING'
    WHEN o.status = 'RUNNING' THEN 'CREATING'
    WHEN o.status = 'FAILED' THEN 'FAILED'
    WHEN o.status = 'CANCELLED' THEN 'CANCELLED'
    WHEN o.status = 'SUCCEEDED' THEN 'PENDING'
    ELSE 'QUEUED' END)
  ELSE (CASE
    WHEN o.status = 'RUNNING' THEN 'SENDING'
    WHEN o.status = 'FAILED' THEN 'FAILED'
    WHEN o.status = 'CANCELLED' THEN 'CANCELLED'
    WHEN o.status = 'SUCCEEDED' AND d.state::text IN (${CHANGING}) THEN 'IN_PROGRESS'
    WHEN o.status = 'SUCCEEDED' AND d.state::text IS DISTINCT FROM ${ACTION_END_SQL} THEN 'CHANGED_SINCE'
    WHEN o.status = 'SUCCEEDED' THEN 'DONE'
    ELSE 'QUEUED' END)
END)`;

// AWS's code and message for a failure; for a queued item, why it is waiting (throttling, ...).
const ITEM_ERROR_CODE = Prisma.sql`(CASE
  WHEN i.status IN ('SKIPPED', 'CANCELLED') THEN i."errorCode"
  WHEN j.kind = 'PROVISION' THEN COALESCE(r."failureCode", o."lastErrorCode")
  ELSE o."lastErrorCode" END)`;
const ITEM_ERROR_MESSAGE = Prisma.sql`(CASE
  WHEN i.status IN ('SKIPPED', 'CANCELLED') THEN i."errorMessage"
  WHEN j.kind = 'PROVISION' THEN COALESCE(r."failureMessage", o."lastError")
  ELSE o."lastError" END)`;

async function countItems(jobIds: string[]): Promise<Map<string, ItemCounts>> {
  const out = new Map(jobIds.map((id) => [id, emptyCounts()]));
  if (jobIds.length === 0) return out;
  const rows = await db.$queryRaw<{ jobId: string; status: ItemStatus; n: number }[]>`
    SELECT i."jobId" AS "jobId", ${ITEM_STATUS} AS status, count(*)::int AS n
    ${ITEM_FROM}
    WHERE i."jobId" IN (${Prisma.join(jobIds)})
    GROUP BY 1, 2`;
  for (const row of rows) out.get(row.jobId)![row.status] += Number(row.n);
  return out;
}

export type { BulkJobState };

export type BulkJobSummary = {
  id: string;
  kind: "PROVISION" | "ACTION";
  action: string | null;
  fileName: string | null;
  createdAt: string;
  createdByName: string | null;
  createdByEmail: string | null;
  state: BulkJobState;
  counts: ItemCounts;
  total: number;
  active: number;
  succeeded: number;
  failed: number;
  finished: number;
};

type JobRow = { id: string; kind: "PROVISION" | "ACTION"; action: string | null; fileName: string | null; createdAt: Date; createdById: string; status: string };

async function toSummaries(jobs: JobRow[]): Promise<BulkJobSummary[]> {
  const [counts, creators] = await Promise.all([
    countItems(jobs.map((j) => j.id)),
    db.user.findMany({ where: { id: { in: [...new Set(jobs.map((j) => j.createdById))] } }, select: { id: true, name: true, email: true } }),
  ]);
  return jobs.map((job) => {
    const c = counts.get(job.id)!;
    const s = summarise(c);
    const creator = creators.find((u) => u.id === job.createdById);
    return {
      id: job.id,
      kind: job.kind,
      action: job.action,
      fileName: job.fileName,
      createdAt: job.createdAt.toISOString(),
      createdByName: creator?.name ?? null,
      createdByEmail: creator?.email ?? null,
      // A cancelled job still shows RUNNING while items already sent to AWS finish.
      state: bulkJobState(c, job.status === "CANCELLED"),
      counts: c,
      ...s,
    };
  });
}

/** The kinds of bulk job the caller may see (bulk.job.read). */
function visibleKinds(user: PolicyUser): ("PROVISION" | "ACTION")[] {
  return (["PROVISION", "ACTION"] as const).filter((kind) => can(user, "bulk.job.read", { kind }));
}

export async function listBulkJobs(user: PolicyUser, page: number): Promise<{ jobs: BulkJobSummary[]; page: number; pages: number; total: number }> {
  const where: Prisma.BulkJobWhereInput = { kind: { in: visibleKinds(user) } };
  const [total, jobs] = await Promise.all([
    db.bulkJob.count({ where }),
    db.bulkJob.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip: (page - 1) * JOBS_PAGE_SIZE, take: JOBS_PAGE_SIZE }),
  ]);
  return { jobs: await toSummaries(jobs), page, pages: Math.max(1, Math.ceil(total / JOBS_PAGE_SIZE)), total };
}

export async function loadBulkJobForPolicy(id: string) {
  return db.bulkJob.findUnique({ where: { id }, select: { id: true, kind: true, action: true, status: true } });
}

export async function getBulkJob(id: string): Promise<BulkJobSummary | null> {
  const job = await db.bulkJob.findUnique({ where: { id } });
  return job ? (await toSummaries([job]))[0] : null;
}

export type BulkItemView = {
  id: string;
  line: number | null;
  userName: string | null;
  directoryId: string | null;
  bundleId: string | null;
  runningMode: string | null;
  autoStopTimeoutHours: number | null;
  tags: Record<string, string>;
  requestId: string | null;
  desktopId: string | null;
  workspaceId: string | null;
  desktopState: string | null;
  status: ItemStatus;
  errorCode: string | null;
  errorMessage: string | null;
};

type ItemRow = Omit<BulkItemView, "tags" | "autoStopTimeoutHours"> & { tags: unknown; autoStopTimeoutMinutes: number | null; jobAction: string | null; laterOperation: boolean };

async function selectItems(jobId: string, status: ItemStatus | "", limit: number | null, offset: number): Promise<BulkItemView[]> {
  const rows = await db.$queryRaw<ItemRow[]>`
    SELECT * FROM (
      SELECT i.id, i.line, i."userName", i."directoryId", i."bundleId", i."runningMode"::text AS "runningMode",
             i."autoStopTimeoutMinutes", i.tags, i."requestId", i."desktopId", d."workspaceId", d.state::text AS "desktopState",
             ${ITEM_STATUS} AS status, ${ITEM_ERROR_CODE} AS "errorCode", ${ITEM_ERROR_MESSAGE} AS "errorMessage",
             j.action AS "jobAction",
             EXISTS (SELECT 1 FROM "Operation" later WHERE later."desktopId" = i."desktopId" AND later."createdAt" > o."createdAt") AS "laterOperation"
      ${ITEM_FROM}
      WHERE i."jobId" = ${jobId}
    ) s
    WHERE ${status} = '' OR s.status = ${status}
    ORDER BY s.line NULLS LAST, s."userName", s.id
    ${limit === null ? Prisma.empty : Prisma.sql`LIMIT ${limit} OFFSET ${offset}`}`;
  return rows.map(({ jobAction, laterOperation, ...r }) => ({
    ...r,
    errorMessage: r.status === "CHANGED_SINCE" ? changedSinceMessage(jobAction, r.desktopState, laterOperation) : r.errorMessage,
    line: r.line === null ? null : Number(r.line),
    autoStopTimeoutHours: r.autoStopTimeoutMinutes === null ? null : autoStopHoursFromMinutes(Number(r.autoStopTimeoutMinutes)),
    tags: r.tags && typeof r.tags === "object" ? (r.tags as Record<string, string>) : {},
  }));
}

export async function listBulkJobItems(jobId: string, filter: JobItemsFilter, counts: ItemCounts) {
  const total = filter.status ? counts[filter.status] : summarise(counts).total;
  const pages = Math.max(1, Math.ceil(total / JOB_ITEMS_PAGE_SIZE));
  const page = Math.min(filter.page, pages);
  const items = await selectItems(jobId, filter.status, JOB_ITEMS_PAGE_SIZE, (page - 1) * JOB_ITEMS_PAGE_SIZE);
  return { items, page, pages, total };
}

/** Every item, for the results file. */
export async function listAllBulkJobItems(jobId: string): Promise<BulkItemView[]> {
  return selectItems(jobId, "", null, 0);
}

// ---------------------------------------------------------------------------------------------
// Retrying failed items: which can be sent again, and why others cannot.

export type RetryPlan = {
  kind: "PROVISION" | "ACTION";
  /** Item ids to re-queue. */
  retry: string[];
  skipped: { itemId: string; line: number | null; userName: string | null; reason: string }[];
};

export async function planRetry(job: { id: string; kind: "PROVISION" | "ACTION"; action: string | null }): Promise<RetryPlan> {
  const plan: RetryPlan = { kind: job.kind, retry: [], skipped: [] };
  if (job.kind === "PROVISION") {
    const items = await db.bulkJobItem.findMany({
      where: { jobId: job.id, status: { notIn: ["SKIPPED", "CANCELLED"] }, request: { status: "FAILED" } },
      select: { id: true, line: true, userName: true, directoryId: true, bundleId: true, runningMode: true, autoStopTimeoutMinutes: true },
      orderBy: { line: "asc" },
    });
    // The checks a new upload gets: the directory, the bundle, and no other desktop of that user.
    // A failed desktop that AWS did create (state ERROR) must be terminated first.
    const rows: ProvisioningRow[] = items.map((i) => ({
      line: i.line ?? 0,
      userName: i.userName ?? "",
      directoryId: i.directoryId ?? "",
      bundleId: i.bundleId ?? "",
      runningMode: i.runningMode,
      autoStopTimeoutMinutes: i.autoStopTimeoutMinutes,
      tags: {},
      raw: Object.fromEntries(CSV_COLUMNS.map((c) => [c, ""])) as Record<CsvColumn, string>,
      problems: [],
    }));
    const checked = checkRowsAgainstPortal(rows, await loadPortalFacts(rows));
    items.forEach((item, n) => {
      const row = checked[n];
      if (hasErrors(row)) {
        const reason = row.problems.filter((p) => p.severity === "error").map((p) => p.message).join(" ");
        plan.skipped.push({ itemId: item.id, line: item.line, userName: item.userName, reason });
      } else plan.retry.push(item.id);
    });
    return plan;
  }

  const items = await db.bulkJobItem.findMany({
    where: { jobId: job.id, status: { notIn: ["SKIPPED", "CANCELLED"] }, operationId: { not: null } },
    select: { id: true, line: true, userName: true, desktopId: true, operationId: true },
  });
  const failedOps = new Set(
    (await db.operation.findMany({ where: { id: { in: items.map((i) => i.operationId!) }, status: "FAILED" }, select: { id: true } })).map((o) => o.id),
  );
  const failed = items.filter((i) => failedOps.has(i.operationId!));
  const desktops = await loadActionTargets({ id: { in: failed.map((i) => i.desktopId!).filter(Boolean) } }, MAX_ACTION_DESKTOPS);
  const byId = new Map(desktops.map((d) => [d.id, d]));
  for (const item of failed) {
    const desktop = item.desktopId ? byId.get(item.desktopId) : undefined;
    const verdict = desktop ? actionVerdict(desktop, job.action as DesktopAction) : { allowed: false as const, reason: "The desktop no longer exists." };
    if (verdict.allowed) plan.retry.push(item.id);
    else plan.skipped.push({ itemId: item.id, line: item.line, userName: item.userName, reason: verdict.reason });
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Bulk actions on the fleet: which selected desktops the action may reach, and why not the others.

const OPEN = { status: { in: ["QUEUED", "RUNNING"] } } satisfies Prisma.OperationWhereInput;

const targetSelect = {
  id: true,
  ownerId: true,
  directoryId: true,
  requestId: true,
  userName: true,
  workspaceId: true,
  state: true,
  runningMode: true,
  stateChangedAt: true,
  operations: { where: OPEN, select: { type: true }, take: 1 },
} satisfies Prisma.DesktopSelect;

export type ActionTarget = Prisma.DesktopGetPayload<{ select: typeof targetSelect }>;

async function loadActionTargets(where: Prisma.DesktopWhereInput, limit: number) {
  return db.desktop.findMany({ where, select: targetSelect, orderBy: [{ userName: "asc" }, { id: "asc" }], take: limit });
}

function actionVerdict(desktop: ActionTarget, action: FleetAction, now = new Date()) {
  const open = desktop.operations[0];
  if (open) return { allowed: false as const, reason: `A ${open.type.toLowerCase().replaceAll("_", " ")} is already in progress.` };
  return isFailedCreateAction(action) ? checkFailedCreateAction(desktop) : checkDesktopAction(desktop, action, now);
}

export type ActionPlan<A extends FleetAction = DesktopAction> = {
  action: A;
  allowed: ActionTarget[];
  refused: { desktop: ActionTarget; reason: string }[];
};

/**
 * The selected desktops split into those the action may reach and those it may not (policy, an
 * action already in progress, or a state AWS refuses it in). Null when the selection is too large.
 */
export async function planFleetAction<A extends FleetAction>(
  user: PolicyUser,
  action: A,
  selection: { kind: "ids"; desktopIds: string[] } | { kind: "filter"; filter: { q: string; state: string; runningMode: "" | "AUTO_STOP" | "ALWAYS_ON"; directoryId?: string } },
  now = new Date(),
): Promise<ActionPlan<A> | null> {
  const where = selection.kind === "ids" ? { id: { in: selection.desktopIds } } : fleetWhere(selection.filter);
  const desktops = await loadActionTargets(where, MAX_ACTION_DESKTOPS + 1);
  if (desktops.length > MAX_ACTION_DESKTOPS) return null;
  const plan: ActionPlan<A> = { action, allowed: [], refused: [] };
  for (const d of desktops) {
    if (!can(user, `desktop.${action as FleetAction}`, d)) {
      plan.refused.push({ desktop: d, reason: `You may not ${action} this desktop.` });
      continue;
    }
    const verdict = actionVerdict(d, action, now);
    if (verdict.allowed) plan.allowed.push(d);
    else plan.refused.push({ desktop: d, reason: verdict.reason });
  }
  return plan;
}

export type ActionPlanView = {
  action: FleetAction;
  total: number;
  allowed: number;
  refused: { desktopId: string; userName: string; workspaceId: string | null; state: string; reason: string }[];
  refusedTotal: number;
  reasons: { reason: string; count: number }[];
};

const REFUSED_LISTED = 200;

export function toPlanView(plan: ActionPlan<FleetAction>): ActionPlanView {
  const reasons = new Map<string, number>();
  for (const r of plan.refused) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
  return {
    action: plan.action,
    total: plan.allowed.length + plan.refused.length,
    allowed: plan.allowed.length,
    refused: plan.refused.slice(0, REFUSED_LISTED).map((r) => ({
      desktopId: r.desktop.id,
      userName: r.desktop.userName,
      workspaceId: r.desktop.workspaceId,
      state: r.desktop.state,
      reason: r.reason,
    })),
    refusedTotal: plan.refused.length,
    reasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
  };
}
