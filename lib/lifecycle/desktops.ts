// The facts the lifecycle judges a desktop by, loaded once for the admin page, the dry run and the
// worker's pass: usage (last connection, when it became AVAILABLE, the owner's keep), tags, and
// its open case.

import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { PolicyDesktop } from "./rules";

type Client = PrismaClient | Prisma.TransactionClient;

export interface LifecycleDesktop extends PolicyDesktop {
  workspaceId: string | null;
  userName: string;
  directoryName: string;
  region: string;
  requestId: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
  bundleName: string;
}

const stringTags = (tags: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((tags ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === "string")) as Record<string, string>;

/** Every desktop that exists in AWS (terminated ones excluded), with its lifecycle facts. */
export async function loadLifecycleDesktops(client: Client, where: Prisma.DesktopWhereInput = {}): Promise<LifecycleDesktop[]> {
  const rows = await client.desktop.findMany({
    where: { ...where, workspaceId: { not: null }, terminatedAt: null, state: { notIn: ["TERMINATED", "TERMINATING"] } },
    select: {
      id: true,
      workspaceId: true,
      userName: true,
      directoryId: true,
      requestId: true,
      ownerId: true,
      owner: { select: { name: true, email: true } },
      directory: { select: { name: true, region: true } },
      bundle: { select: { name: true } },
      state: true,
      stateChangedAt: true,
      runningMode: true,
      createdAt: true,
      lastConnectedAt: true,
      tagSet: { select: { tags: true } },
      // When the desktop first became AVAILABLE: its request moved to READY then.
      request: { select: { events: { where: { status: "READY" }, orderBy: { at: "asc" }, take: 1, select: { at: true } } } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const cases = await client.desktopLifecycle.findMany({ where: { desktopId: { in: rows.map((r) => r.id) } } });
  const caseOf = new Map(cases.map((c) => [c.desktopId, c]));
  return rows.map((d) => {
    const c = caseOf.get(d.id);
    return {
      id: d.id,
      workspaceId: d.workspaceId,
      userName: d.userName,
      directoryId: d.directoryId,
      directoryName: d.directory.name,
      region: d.directory.region,
      requestId: d.requestId,
      ownerId: d.ownerId,
      ownerName: d.owner?.name ?? null,
      ownerEmail: d.owner?.email ?? null,
      bundleName: d.bundle.name,
      state: d.state,
      stateChangedAt: d.stateChangedAt,
      runningMode: d.runningMode,
      availableSince: d.request?.events[0]?.at ?? d.createdAt,
      lastConnectedAt: d.lastConnectedAt,
      keptAt: c?.keptAt ?? null,
      tags: stringTags(d.tagSet?.tags),
      lifecycle: c ? { policyId: c.policyId, warnedAt: c.warnedAt, stoppedAt: c.stoppedAt, terminatedAt: c.terminatedAt } : null,
    };
  });
}
