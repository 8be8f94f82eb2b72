import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { blockingDesktopWhere, findDuplicates, loadExistingForUsers } from "@/lib/desktops/one-desktop-per-user";
import { autoStopHoursFromMinutes } from "@/lib/desktops/auto-stop";
import { getConfig } from "@/lib/config";
import { describeLevel, levelOf, mayDecideLevel } from "@/lib/approvals/rules";

// View models: plain data for components, dates as ISO strings.
export type RequestSummary = {
  id: string;
  status: string;
  createdAt: string;
  bundleName: string;
  platform: string;
  computeType: string;
  runningMode: string;
  autoStopTimeoutHours: number | null;
  requesterName: string;
  requesterEmail: string;
  justification: string;
  decisionReason: string | null;
  desktopState: string | null;
  /** Approval queue only, for requests awaiting a decision. */
  requesterContext?: RequesterContext | null;
  /** Awaiting a decision: the level it waits at and who decides it (lib/approvals). */
  approval: { level: number; levels: number; waitsFor: string; escalated: boolean } | null;
  /** Approval queue only: may the viewer decide the request's current level? */
  viewerMayDecide?: boolean;
};

const summaryInclude = {
  bundle: { select: { name: true, platform: true, computeType: true } },
  requester: { select: { name: true, email: true } },
  desktop: { select: { state: true } },
} satisfies Prisma.DesktopRequestInclude;

function toSummary(r: Prisma.DesktopRequestGetPayload<{ include: typeof summaryInclude }>): RequestSummary {
  return {
    id: r.id,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    bundleName: r.bundle.name,
    platform: r.bundle.platform,
    computeType: r.bundle.computeType,
    runningMode: r.runningMode,
    autoStopTimeoutHours: r.autoStopTimeoutMinutes === null ? null : autoStopHoursFromMinutes(r.autoStopTimeoutMinutes),
    requesterName: r.requester.name,
    requesterEmail: r.requester.email,
    justification: r.justification,
    decisionReason: r.decisionReason,
    desktopState: r.desktop?.state ?? null,
    approval:
      r.status === "SUBMITTED"
        ? { level: r.approvalLevel, levels: r.approvalLevels, waitsFor: describeLevel(levelOf(r)), escalated: r.escalatedAt !== null }
        : null,
  };
}

export async function listRequestsOf(userId: string): Promise<RequestSummary[]> {
  const rows = await db.desktopRequest.findMany({
    where: { requesterId: userId },
    include: summaryInclude,
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return rows.map(toSummary);
}

/**
 * The approvals queue. `managedOnly`: a viewer who is not an approver sees only the requests that
 * wait for them as the requester's manager, whatever the status filter says.
 */
export async function listApprovalQueue(
  filter: { q: string; status: string; sort: string },
  viewer?: { id: string; email: string; managedOnly?: boolean },
): Promise<RequestSummary[]> {
  const where: Prisma.DesktopRequestWhereInput = {
    ...(viewer?.managedOnly ? { AND: [managedQueueWhere(viewer)] } : filter.status === "ALL" ? {} : { status: filter.status as Prisma.DesktopRequestWhereInput["status"] }),
    ...(filter.q
      ? {
          OR: [
            { requester: { name: { contains: filter.q, mode: "insensitive" } } },
            { requester: { email: { contains: filter.q, mode: "insensitive" } } },
            { justification: { contains: filter.q, mode: "insensitive" } },
            { bundle: { name: { contains: filter.q, mode: "insensitive" } } },
          ],
        }
      : {}),
  };
  const orderBy: Prisma.DesktopRequestOrderByWithRelationInput =
    filter.sort === "newest" ? { createdAt: "desc" } : filter.sort === "requester" ? { requester: { name: "asc" } } : { createdAt: "asc" };
  const rows = await db.desktopRequest.findMany({ where, include: { ...summaryInclude, directory: { select: { name: true } } }, orderBy, take: 200 });
  const context = await loadRequesterContext(rows.filter((r) => r.status === "SUBMITTED"));
  const person = viewer ? await db.user.findUnique({ where: { id: viewer.id }, select: { id: true, role: true, email: true, groups: true } }) : null;
  const escalationGroup = getConfig().approvals.escalationGroup;
  // A manager who is not an approver decides the request itself: the requester's other desktops and
  // requests are not theirs to see (only why approving would be refused).
  const contextOf = (id: string) => {
    const found = context.get(id) ?? null;
    return found && viewer?.managedOnly ? { ...found, desktops: [], openRequests: [] } : found;
  };
  return rows.map((r) => ({
    ...toSummary(r),
    requesterContext: contextOf(r.id),
    viewerMayDecide: Boolean(person && r.status === "SUBMITTED" && r.requesterId !== person.id && mayDecideLevel(person, r, escalationGroup)),
  }));
}

/** What an approver sees of the requester's other desktops and requests, to spot a duplicate. */
export type RequesterContext = {
  desktops: { id: string; label: string }[];
  openRequests: { id: string; label: string }[];
  /** Why approving would be refused (one desktop per user and directory), or null. */
  duplicate: string | null;
};

type QueueRow = { id: string; requesterId: string; directoryId: string; userName: string; directory: { name: string } };

async function loadRequesterContext(rows: QueueRow[]): Promise<Map<string, RequesterContext>> {
  const context = new Map<string, RequesterContext>();
  if (rows.length === 0) return context;
  const requesterIds = [...new Set(rows.map((r) => r.requesterId))];
  const [existing, desktops, requests] = await Promise.all([
    loadExistingForUsers(db, { directoryIds: [...new Set(rows.map((r) => r.directoryId))], userNames: rows.map((r) => r.userName) }),
    db.desktop.findMany({
      where: { ownerId: { in: requesterIds }, ...blockingDesktopWhere },
      select: { id: true, ownerId: true, state: true, bundle: { select: { name: true } } },
      orderBy: { createdAt: "asc" },
    }),
    db.desktopRequest.findMany({
      where: { requesterId: { in: requesterIds }, status: "SUBMITTED" },
      select: { id: true, requesterId: true, bundle: { select: { name: true } } },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  const state = (s: string) => (s === "REQUESTED" ? "being created" : s.toLowerCase().replaceAll("_", " "));
  for (const row of rows) {
    const duplicates = findDuplicates(existing, { directoryId: row.directoryId, directoryName: row.directory.name, userName: row.userName, exceptRequestId: row.id });
    const own = desktops.filter((d) => d.ownerId === row.requesterId);
    // The blocking desktop may belong to no portal account (bulk provisioning of a directory user).
    if (duplicates.desktop && !own.some((d) => d.id === duplicates.desktop!.id)) {
      own.unshift({ id: duplicates.desktop.id, ownerId: null, state: duplicates.desktop.state, bundle: { name: `Desktop of ${row.userName}` } });
    }
    const openRequests = requests.filter((r) => r.requesterId === row.requesterId && r.id !== row.id);
    context.set(row.id, {
      desktops: own.map((d) => ({ id: d.id, label: `${d.bundle.name} (${state(d.state)})` })),
      openRequests: openRequests.map((r) => ({ id: r.id, label: r.bundle.name })),
      duplicate: duplicates.desktop?.message ?? null,
    });
  }
  return context;
}

const policySelect = { id: true, requesterId: true, status: true, approvalLevel: true, level1ManagerEmail: true, level1Group: true, level2Group: true } as const;

type PolicyRow = Prisma.DesktopRequestGetPayload<{ select: typeof policySelect }>;

// What the policy judges: whose it is, its state, and the manager its current level waits for.
function toPolicyResource(r: PolicyRow) {
  return { id: r.id, requesterId: r.requesterId, status: r.status, levelManagerEmail: r.status === "SUBMITTED" ? levelOf(r).managerEmail : null };
}

// Loads the request with what policy needs; the caller checks access.
export async function loadRequestForPolicy(id: string) {
  const row = await db.desktopRequest.findUnique({ where: { id }, select: policySelect });
  return row && toPolicyResource(row);
}

export async function loadRequestsForPolicy(ids: string[]) {
  return (await db.desktopRequest.findMany({ where: { id: { in: ids } }, select: policySelect })).map(toPolicyResource);
}

/** Requests waiting at a level routed to this person as the requester's manager (an employee's queue). */
export function managedQueueWhere(viewer: { id: string; email: string }): Prisma.DesktopRequestWhereInput {
  return { status: "SUBMITTED", approvalLevel: 1, level1ManagerEmail: { equals: viewer.email.trim(), mode: "insensitive" }, requesterId: { not: viewer.id } };
}

/** Is this person anyone's manager (an enabled account names them)? Their approvals page then exists, even when empty. */
export async function managesAnyone(email: string): Promise<boolean> {
  return (await db.user.count({ where: { managerEmail: { equals: email.trim(), mode: "insensitive" }, disabled: false } })) > 0;
}

/** How many requests wait for this person's decision as manager (the navigation shows Approvals then). */
export async function countManagedQueue(viewer: { id: string; email: string }): Promise<number> {
  return db.desktopRequest.count({ where: managedQueueWhere(viewer) });
}

export type RequestDetail = RequestSummary & {
  userName: string;
  directoryName: string;
  failureCode: string | null;
  failureMessage: string | null;
  deciderName: string | null;
  decidedAt: string | null;
  events: { id: string; at: string; status: string; message: string }[];
  desktopId: string | null;
  // The create operation while it is still being worked on, so a delay is explained.
  provisioning: { status: string; attempts: number; lastErrorCode: string | null; lastError: string | null; nextAttemptAt: string } | null;
};

export async function getRequestDetail(id: string): Promise<RequestDetail | null> {
  const r = await db.desktopRequest.findUnique({
    where: { id },
    include: {
      ...summaryInclude,
      desktop: { select: { id: true, state: true } },
      directory: { select: { name: true } },
      decider: { select: { name: true } },
      events: { orderBy: { at: "asc" } },
      operations: { where: { type: "CREATE", status: { in: ["QUEUED", "RUNNING"] } }, orderBy: { createdAt: "desc" }, take: 1 },
    },
  });
  if (!r) return null;
  return {
    ...toSummary(r),
    userName: r.userName,
    directoryName: r.directory.name,
    failureCode: r.failureCode,
    failureMessage: r.failureMessage,
    deciderName: r.decider?.name ?? null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    events: r.events.map((e) => ({ id: e.id, at: e.at.toISOString(), status: e.status, message: e.message })),
    desktopId: r.desktop?.id ?? null,
    provisioning: r.operations[0]
      ? {
          status: r.operations[0].status,
          attempts: r.operations[0].attempts,
          lastErrorCode: r.operations[0].lastErrorCode,
          lastError: r.operations[0].lastError,
          nextAttemptAt: r.operations[0].nextAttemptAt.toISOString(),
        }
      : null,
  };
}

/** Where this person's desktop would go: their directory (by name) and directory user, or null when their account is not linked. */
export async function requestDirectoryOf(userId: string): Promise<{ directoryName: string; userName: string } | null> {
  const account = await db.user.findUnique({ where: { id: userId }, select: { directoryId: true, directoryUserName: true } });
  if (!account?.directoryId || !account.directoryUserName) return null;
  const directory = await db.directory.findUnique({ where: { id: account.directoryId }, select: { name: true } });
  return { directoryName: directory?.name ?? account.directoryId, userName: account.directoryUserName };
}
