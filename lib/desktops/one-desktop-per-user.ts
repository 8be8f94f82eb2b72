// AWS allows one WorkSpace per user per directory: a second CreateWorkspaces for the same directory
// user fails with ResourceExists.Workspace. This is the one rule the request form, the approval
// queue (single and bulk approval) and the bulk CSV check apply, so that a duplicate is refused
// before anyone approves it rather than failing in the worker.
import type { Prisma } from "@/lib/db/generated/client";
import { FAILED_CREATE_STATE, type DesktopState } from "./desktop-state";

/** Directory user names are case-insensitive in AWS. */
export const userKey = (directoryId: string, userName: string) => `${directoryId.toLowerCase()}\u0000${userName.toLowerCase()}`;

export type ExistingDesktop = { id: string; state: DesktopState; workspaceId: string | null };
export type OpenRequest = { id: string };

/** What a directory user already has, by userKey. */
export type ExistingForUsers = {
  desktops: Map<string, ExistingDesktop>;
  openRequests: Map<string, OpenRequest[]>;
};

/**
 * Desktops that block another one for the same user: those that exist in AWS or are being created.
 * A create that failed before AWS made anything (ERROR without a workspace id) does not count.
 */
export const blockingDesktopWhere = {
  terminatedAt: null,
  state: { not: "TERMINATED" },
  NOT: { workspaceId: null, state: FAILED_CREATE_STATE },
} satisfies Prisma.DesktopWhereInput;

type Reader = Pick<Prisma.TransactionClient, "desktop" | "desktopRequest">;

/** Desktops and requests awaiting approval of the users in these directories (optionally only these names). */
export async function loadExistingForUsers(
  client: Reader,
  scope: { directoryIds: string[]; userNames?: string[] },
): Promise<ExistingForUsers> {
  const names = scope.userNames ? { userName: { in: [...new Set(scope.userNames)], mode: "insensitive" as const } } : {};
  const [desktops, requests] = await Promise.all([
    client.desktop.findMany({
      where: { directoryId: { in: scope.directoryIds }, ...names, ...blockingDesktopWhere },
      select: { id: true, directoryId: true, userName: true, state: true, workspaceId: true },
      orderBy: { createdAt: "asc" },
    }),
    client.desktopRequest.findMany({
      where: { directoryId: { in: scope.directoryIds }, ...names, status: "SUBMITTED" },
      select: { id: true, directoryId: true, userName: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  const existing: ExistingForUsers = { desktops: new Map(), openRequests: new Map() };
  for (const d of desktops) {
    const key = userKey(d.directoryId, d.userName);
    if (!existing.desktops.has(key)) existing.desktops.set(key, { id: d.id, state: d.state, workspaceId: d.workspaceId });
  }
  for (const r of requests) {
    const key = userKey(r.directoryId, r.userName);
    existing.openRequests.set(key, [...(existing.openRequests.get(key) ?? []), { id: r.id }]);
  }
  return existing;
}

export type Duplicates = {
  /** The desktop the user already has in this directory: a new one would fail in AWS. */
  desktop: (ExistingDesktop & { message: string }) | null;
  /** Another request of this user for this directory awaiting approval: only one can get a desktop. */
  request: (OpenRequest & { message: string }) | null;
};

const stateLabel = (state: string) => state.toLowerCase().replaceAll("_", " ");

/** The rule: what the directory user already has that a new desktop would duplicate. */
export function findDuplicates(
  existing: ExistingForUsers,
  target: { directoryId: string; directoryName: string; userName: string; exceptRequestId?: string },
): Duplicates {
  const key = userKey(target.directoryId, target.userName);
  const desktop = existing.desktops.get(key) ?? null;
  const request = existing.openRequests.get(key)?.find((r) => r.id !== target.exceptRequestId) ?? null;
  const what = desktop?.workspaceId ? `${desktop.workspaceId}, ${stateLabel(desktop.state)}` : "being created";
  return {
    desktop: desktop && {
      ...desktop,
      message: `${target.userName} already has a desktop in ${target.directoryName} (${what}).`,
    },
    request: request && {
      ...request,
      message: `${target.userName} has a request awaiting approval for ${target.directoryName}; only one of the two can get a desktop.`,
    },
  };
}

/** Records a desktop just queued in this transaction, so a later item of the same batch sees it. */
export function noteQueuedDesktop(existing: ExistingForUsers, target: { directoryId: string; userName: string; desktopId: string }) {
  existing.desktops.set(userKey(target.directoryId, target.userName), { id: target.desktopId, state: "REQUESTED", workspaceId: null });
}

/**
 * Serialises decisions about the same directory users until the transaction ends, so two approvers
 * (or a double submit) cannot each see "no desktop yet" and both go ahead. Keys sorted: no deadlock.
 */
export async function lockDirectoryUsers(tx: Pick<Prisma.TransactionClient, "$executeRaw">, keys: string[]) {
  // PostgreSQL text cannot hold the NUL that separates a userKey's parts.
  const sorted = [...new Set(keys.map((k) => k.replace("\u0000", "/")))].sort();
  if (sorted.length === 0) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest(${sorted}::text[]) AS k`;
}
