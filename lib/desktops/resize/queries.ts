// Reads for day-2 changes: what the desktop page's change card shows (choices, when each becomes
// possible, the cost change), the approvers' queue, and what the policy needs. Callers check access.

import { db } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { loadPriceIndex } from "@/lib/billing/prices/queries";
import { priceKey } from "@/lib/billing/prices/price";
import { loadResizeFacts, targetOfRequest } from "./mutations";
import { RESIZE_OPERATION_TYPES } from "./operation-types";
import { migrationCostChange } from "../migrate/rules";
import { computeChoices, computeLabel, costChangeText, describeTarget, monthlyCostChange, needsApproval, plainResizeFailure, planResize, timingProblem, type RequestTarget, type ResizeTarget } from "./rules";

export type ComputeChoice = { id: string; label: string; larger: boolean; cost: string; blocked: string | null; needsApproval: boolean };

export type ResizeView = {
  desktopId: string;
  computeType: string;
  computeLabel: string;
  rootVolumeGiB: number;
  userVolumeGiB: number;
  choices: ComputeChoice[];
  /** Why no volume can grow now (with the date it becomes possible), or null. */
  volumeBlocked: string | null;
  /** "+$0.10 a month per GB": what a volume increase costs. */
  volumeCostPerGiB: string;
  /** The change AWS is making now ("compute type Standard → Performance"), or null. */
  inProgress: string | null;
  openRequest: { id: string; requesterId: string; what: string; reason: string; cost: string; createdAt: string } | null;
  /** The last change AWS refused, in plain words (and AWS's own code and message for admins). */
  lastFailure: { what: string; plain: string; code: string; message: string; at: string } | null;
};

export async function getResizeView(desktopId: string, now = new Date(), client: PrismaClient = db): Promise<ResizeView | null> {
  const loaded = await loadResizeFacts(client, desktopId);
  if (!loaded || !loaded.desktop.workspaceId || loaded.desktop.terminatedAt) return null;
  const { desktop, facts } = loaded;
  const prices = await loadPriceIndex(client);
  const priceOf = (computeType: string) => prices.get(priceKey(desktop.directory.region, computeType, desktop.bundle.platform));
  const storage = facts.rootVolumeGiB + facts.userVolumeGiB;
  const costOf = (target: ResizeTarget) =>
    costChangeText(
      monthlyCostChange({
        runningMode: desktop.runningMode,
        from: priceOf(facts.computeType),
        to: priceOf(target.kind === "COMPUTE" ? target.computeType : facts.computeType),
        storageFromGiB: storage,
        storageToGiB: target.kind === "COMPUTE" ? storage : storage + target.sizeGiB - (target.kind === "ROOT_VOLUME" ? facts.rootVolumeGiB : facts.userVolumeGiB),
      }),
    );
  // A migration request: the new bundle's compute type and root volume (the user volume is kept).
  const costOfRequest = async (target: RequestTarget) => {
    if (target.kind !== "BUNDLE") return costOf(target);
    const to = await client.bundle.findUnique({ where: { id: target.bundleId } });
    if (!to) return costChangeText(null);
    return costChangeText(migrationCostChange({ runningMode: desktop.runningMode, from: priceOf(facts.computeType), to: prices.get(priceKey(desktop.directory.region, to.computeType, to.platform)), rootVolumeGiB: facts.rootVolumeGiB, userVolumeGiB: facts.userVolumeGiB, toRootVolumeGiB: to.rootVolumeGiB }));
  };
  const choices = computeChoices(facts.computeType).map((id) => {
    const target = { kind: "COMPUTE" as const, computeType: id };
    const plan = planResize(facts, target, now, false);
    return {
      id,
      label: computeLabel(id),
      larger: plan.ok ? plan.direction === "LARGER" : false,
      cost: costOf(target),
      blocked: plan.ok ? null : plan.reason,
      needsApproval: plan.ok ? needsApproval(plan.direction) : true,
    };
  });
  const volumeTiming = timingProblem(facts, "VOLUME", now);
  const price = priceOf(facts.computeType);

  const [ops, open] = await Promise.all([
    client.operation.findMany({
      where: { desktopId, type: { in: [...RESIZE_OPERATION_TYPES] } },
      orderBy: { createdAt: "desc" },
      take: 1,
      select: { status: true, payload: true, type: true, lastErrorCode: true, lastError: true, updatedAt: true },
    }),
    client.desktopChangeRequest.findFirst({ where: { desktopId, status: "SUBMITTED" }, orderBy: { createdAt: "desc" } }),
  ]);
  const last = ops[0];
  const openTarget = open && (await withBundleName(client, targetOfRequest(open)));
  const lastTarget = last ? operationTarget(last.type, last.payload) : null;
  const running = last && (last.status === "QUEUED" || last.status === "RUNNING" || (last.status === "SUCCEEDED" && desktop.state === "UPDATING"));
  return {
    desktopId,
    computeType: facts.computeType,
    computeLabel: computeLabel(facts.computeType),
    rootVolumeGiB: facts.rootVolumeGiB,
    userVolumeGiB: facts.userVolumeGiB,
    choices,
    volumeBlocked: volumeTiming && !volumeTiming.ok ? volumeTiming.reason : null,
    volumeCostPerGiB: price ? `${costChangeText({ monthly: price.storagePerGiBMonthly, hourly: 0, currency: price.currency })} for each GB` : costChangeText(null),
    inProgress: running && lastTarget ? describeTarget(facts, lastTarget) : null,
    openRequest: open
      ? {
          id: open.id,
          requesterId: open.requesterId,
          what: describeTarget(facts, openTarget!),
          reason: open.reason,
          cost: await costOfRequest(openTarget!),
          createdAt: open.createdAt.toISOString(),
        }
      : null,
    lastFailure:
      last && last.status === "FAILED" && lastTarget
        ? {
            what: describeTarget(facts, lastTarget),
            plain: plainResizeFailure(last.lastErrorCode ?? "", last.lastError ?? ""),
            code: last.lastErrorCode ?? "",
            message: last.lastError ?? "",
            at: last.updatedAt.toISOString(),
          }
        : null,
  };
}

/** A migration request names its bundle as the catalogue offers it (AWS's name otherwise). */
async function withBundleName(client: PrismaClient, target: RequestTarget): Promise<RequestTarget> {
  if (target.kind !== "BUNDLE") return target;
  const bundle = await client.bundle.findUnique({ where: { id: target.bundleId }, select: { name: true, offer: { select: { displayName: true } } } });
  return { ...target, bundleName: bundle?.offer?.displayName ?? bundle?.name };
}

function operationTarget(type: string, payload: unknown): ResizeTarget | null {
  const p = (payload ?? {}) as { computeType?: string; volume?: string; sizeGiB?: number };
  if (type === "MODIFY_COMPUTE_TYPE" && p.computeType) return { kind: "COMPUTE", computeType: p.computeType };
  if (type === "MODIFY_VOLUME" && p.sizeGiB) return { kind: p.volume === "ROOT" ? "ROOT_VOLUME" : "USER_VOLUME", sizeGiB: p.sizeGiB };
  return null;
}

export type ResizeRequestRow = { id: string; desktopId: string; requesterId: string; requesterName: string; userName: string; what: string; reason: string; createdAt: string };

/** The approvers' queue: undecided requests, oldest first. */
export async function listOpenResizeRequests(): Promise<ResizeRequestRow[]> {
  const rows = await db.desktopChangeRequest.findMany({
    where: { status: "SUBMITTED" },
    include: { requester: { select: { name: true } }, desktop: { include: { bundle: true } } },
    orderBy: { createdAt: "asc" },
    take: 200,
  });
  return Promise.all(rows.map(async (r) => ({
    id: r.id,
    desktopId: r.desktopId,
    requesterId: r.requesterId,
    requesterName: r.requester.name,
    userName: r.desktop.userName,
    what: describeTarget(
      {
        computeType: r.desktop.computeType ?? r.desktop.bundle.computeType,
        rootVolumeGiB: r.desktop.rootVolumeGiB ?? r.desktop.bundle.rootVolumeGiB,
        userVolumeGiB: r.desktop.userVolumeGiB ?? r.desktop.bundle.userVolumeGiB,
      },
      await withBundleName(db, targetOfRequest(r)),
    ),
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
  })));
}

/** What the policy needs to decide on a resize request. */
export async function loadResizeRequestForPolicy(id: string) {
  return db.desktopChangeRequest.findUnique({ where: { id }, select: { id: true, status: true, requesterId: true, desktopId: true } });
}
