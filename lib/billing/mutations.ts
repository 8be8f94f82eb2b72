// Writes for billing: mode changes (at once or scheduled for the 1st), their cancellation and
// application, employees' change requests and their decisions, prices, the cost policy, and what
// the usage sampler and the worker observed. These trust their input; callers checked access.
// Money guard: a desktop's row is locked (FOR UPDATE) before a change is planned, so two admins
// or an admin and the scheduler cannot stack two changes on one desktop.

import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { conflict, fail, type ActionFailure } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/mutations";
import { enqueueOperation } from "@/lib/operations/enqueue";
import { closeOperation } from "@/lib/operations/outcomes";
import { planModeChange, type ModeChangeFacts } from "./mode-change";
import { autoStopMinutesFromHours, autoStopHoursFromMinutes } from "@/lib/desktops/auto-stop";
import type { RunningMode } from "@/lib/db/generated/enums";

type Tx = Prisma.TransactionClient;
export type Actor = { id: string; email: string };

const OPEN_OPERATION = { status: { in: ["QUEUED", "RUNNING"] } } satisfies Prisma.OperationWhereInput;


export const modeLabel = (mode: RunningMode) => (mode === "ALWAYS_ON" ? "AlwaysOn" : "AutoStop");

async function lockDesktop(tx: Tx, desktopId: string) {
  await tx.$queryRaw`SELECT "id" FROM "Desktop" WHERE "id" = ${desktopId} FOR UPDATE`;
}

/** The desktop's mode by the billing history (the latest applied change), and what is scheduled. */
async function loadFacts(tx: Tx, desktopId: string, now: Date) {
  const desktop = await tx.desktop.findUnique({
    where: { id: desktopId },
    select: {
      id: true,
      state: true,
      workspaceId: true,
      terminatedAt: true,
      runningMode: true,
      autoStopTimeoutMinutes: true,
      requestId: true,
      directoryId: true,
      directory: { select: { region: true } },
    },
  });
  if (!desktop) return null;
  const [applied, pending, openOperations] = await Promise.all([
    tx.billingModeChange.findFirst({
      where: { desktopId, status: "APPLIED", effectiveAt: { lte: now } },
      orderBy: [{ effectiveAt: "desc" }, { createdAt: "desc" }],
    }),
    tx.billingModeChange.findFirst({ where: { desktopId, status: "PENDING" }, orderBy: { effectiveAt: "asc" } }),
    tx.operation.count({ where: { desktopId, ...OPEN_OPERATION } }),
  ]);
  const facts: ModeChangeFacts = {
    currentMode: applied?.toMode ?? desktop.runningMode,
    currentTimeoutMinutes: applied ? applied.autoStopTimeoutMinutes : desktop.autoStopTimeoutMinutes,
    state: desktop.state,
    workspaceId: desktop.workspaceId,
    terminatedAt: desktop.terminatedAt,
    pendingEffectiveAt: pending?.effectiveAt ?? null,
  };
  return { desktop, facts, pending, openOperations };
}

export interface ModeChangeInput {
  desktopId: string;
  toMode: RunningMode;
  autoStopTimeoutHours: number | null;
  /** Who asked for it (the requester of an approved request; else the actor). */
  requestedById?: string;
  note?: string;
}

export type ModeChangeOutcome =
  | { ok: true; changeId: string; kind: "IMMEDIATE" | "SCHEDULED"; effectiveAt: Date; operationId: string | null }
  | ActionFailure;

/**
 * Changes a desktop's billing mode by the month rules: AutoStop → AlwaysOn (and a new AutoStop
 * timeout) at once, with a MODIFY_RUNNING_MODE operation for the worker; AlwaysOn → AutoStop
 * scheduled (PENDING) for 00:00 UTC on the 1st of next month. Writes nothing when refused.
 */
export async function changeBillingMode(tx: Tx, actor: Actor | null, input: ModeChangeInput, now = new Date()): Promise<ModeChangeOutcome> {
  await lockDesktop(tx, input.desktopId);
  const loaded = await loadFacts(tx, input.desktopId, now);
  if (!loaded) return fail("NOT_FOUND", "The desktop was not found.");
  const { desktop, facts } = loaded;
  const plan = planModeChange(facts, { toMode: input.toMode, autoStopTimeoutHours: input.autoStopTimeoutHours }, now);
  if (!plan.ok) return conflict(plan.reason);
  if (plan.kind === "IMMEDIATE" && loaded.openOperations > 0) return conflict("Another action on this desktop is still in progress.");

  const change = await tx.billingModeChange.create({
    data: {
      desktopId: desktop.id,
      fromMode: facts.currentMode,
      toMode: plan.toMode,
      autoStopTimeoutMinutes: plan.autoStopTimeoutMinutes,
      status: plan.kind === "IMMEDIATE" ? "APPLIED" : "PENDING",
      effectiveAt: plan.effectiveAt,
      requestedById: input.requestedById ?? actor?.id ?? null,
      note: input.note ?? null,
      createdAt: now,
    },
  });
  let operationId: string | null = null;
  if (plan.kind === "IMMEDIATE") {
    operationId = await queueRunningMode(tx, actor, desktop, change.id, plan.toMode, plan.autoStopTimeoutMinutes);
  }
  const target = `${modeLabel(plan.toMode)}${plan.autoStopTimeoutMinutes ? ` (stops after ${autoStopHoursFromMinutes(plan.autoStopTimeoutMinutes)} h idle)` : ""}`;
  await recordAudit(tx, {
    actor,
    action: plan.kind === "IMMEDIATE" ? "desktop.billing.change" : "desktop.billing.schedule",
    targetType: "desktop",
    targetId: desktop.id,
    outcome: "SUCCESS",
    message:
      plan.kind === "IMMEDIATE"
        ? `Billing mode ${modeLabel(facts.currentMode)} → ${target}, effective now`
        : `Billing mode ${modeLabel(facts.currentMode)} → ${target}, scheduled for ${plan.effectiveAt.toISOString()}`,
    details: {
      changeId: change.id,
      fromMode: facts.currentMode,
      toMode: plan.toMode,
      autoStopTimeoutMinutes: plan.autoStopTimeoutMinutes,
      effectiveAt: plan.effectiveAt.toISOString(),
      operationId,
      ...(input.note ? { note: input.note } : {}),
    },
  });
  return { ok: true, changeId: change.id, kind: plan.kind, effectiveAt: plan.effectiveAt, operationId };
}

async function queueRunningMode(
  tx: Tx,
  actor: Actor | null,
  desktop: { id: string; requestId: string | null; directoryId: string; directory: { region: string } },
  changeId: string,
  runningMode: RunningMode,
  autoStopTimeoutMinutes: number | null,
) {
  const operation = await enqueueOperation(tx, {
    type: "MODIFY_RUNNING_MODE",
    desktopId: desktop.id,
    requestId: desktop.requestId,
    region: desktop.directory.region,
    directoryId: desktop.directoryId,
    payload: { runningMode, autoStopTimeoutMinutes, billingChangeId: changeId },
    createdById: actor?.id ?? null,
  });
  await tx.billingModeChange.update({ where: { id: changeId }, data: { operationId: operation.id } });
  return operation.id;
}

/** Cancels a scheduled change that has not taken effect. False when it was applied or cancelled meanwhile. */
export async function cancelBillingChange(tx: Tx, actor: Actor, changeId: string): Promise<{ ok: true } | ActionFailure> {
  const { count } = await tx.billingModeChange.updateMany({ where: { id: changeId, status: "PENDING" }, data: { status: "CANCELLED" } });
  if (count === 0) return conflict("The change has already taken effect or was cancelled.");
  const change = await tx.billingModeChange.findUniqueOrThrow({ where: { id: changeId }, select: { desktopId: true, toMode: true, effectiveAt: true } });
  await recordAudit(tx, {
    actor,
    action: "desktop.billing.cancel",
    targetType: "desktop",
    targetId: change.desktopId,
    outcome: "SUCCESS",
    message: `Scheduled switch to ${modeLabel(change.toMode)} on ${change.effectiveAt.toISOString()} cancelled`,
    details: { changeId },
  });
  return { ok: true };
}

/**
 * Applies one scheduled change that is due: APPLIED at its effective time (the 1st, even when the
 * job runs late: that is when AWS bills the new mode from) with a MODIFY_RUNNING_MODE operation.
 * A desktop that was terminated meanwhile has its change cancelled instead.
 */
export async function applyScheduledChange(tx: Tx, changeId: string, now: Date): Promise<"APPLIED" | "CANCELLED" | "SKIPPED"> {
  const change = await tx.billingModeChange.findUnique({ where: { id: changeId } });
  if (!change || change.status !== "PENDING" || change.effectiveAt > now) return "SKIPPED";
  await lockDesktop(tx, change.desktopId);
  const desktop = await tx.desktop.findUnique({
    where: { id: change.desktopId },
    select: { id: true, requestId: true, directoryId: true, workspaceId: true, state: true, terminatedAt: true, directory: { select: { region: true } } },
  });
  const gone = !desktop || !desktop.workspaceId || desktop.terminatedAt || desktop.state === "TERMINATED" || desktop.state === "TERMINATING";
  const { count } = await tx.billingModeChange.updateMany({
    where: { id: changeId, status: "PENDING" },
    data: gone ? { status: "CANCELLED", note: appendNote(change.note, "Cancelled: the desktop no longer exists in AWS.") } : { status: "APPLIED" },
  });
  if (count === 0) return "SKIPPED";
  const operationId = gone ? null : await queueRunningMode(tx, null, desktop!, changeId, change.toMode, change.autoStopTimeoutMinutes);
  await recordAudit(tx, {
    actor: null,
    action: gone ? "desktop.billing.cancel" : "desktop.billing.apply",
    targetType: "desktop",
    targetId: change.desktopId,
    outcome: "SUCCESS",
    message: gone
      ? `Scheduled switch to ${modeLabel(change.toMode)} cancelled: the desktop no longer exists`
      : `Scheduled switch to ${modeLabel(change.toMode)} applied (effective ${change.effectiveAt.toISOString()})`,
    details: { changeId, operationId },
  });
  return gone ? "CANCELLED" : "APPLIED";
}

function appendNote(note: string | null, more: string) {
  return note ? `${note} ${more}` : more;
}

// ---------------------------------------------------------------------------------------------
// Employees' requests

export async function createBillingRequest(
  tx: Tx,
  actor: Actor,
  input: { desktopId: string; toMode: RunningMode; autoStopTimeoutHours: number | null; reason: string },
  now = new Date(),
): Promise<{ ok: true; requestId: string } | ActionFailure> {
  await lockDesktop(tx, input.desktopId);
  const loaded = await loadFacts(tx, input.desktopId, now);
  if (!loaded) return fail("NOT_FOUND", "The desktop was not found.");
  const open = await tx.billingModeRequest.count({ where: { desktopId: input.desktopId, status: "SUBMITTED" } });
  if (open > 0) return conflict("A billing-mode request for this desktop is already waiting for a decision.");
  // Whether AWS can modify the desktop right now is checked when the request is approved.
  const plan = planModeChange({ ...loaded.facts, state: "AVAILABLE", workspaceId: loaded.facts.workspaceId ?? "unknown" }, input, now);
  if (!plan.ok) return conflict(plan.reason);
  const request = await tx.billingModeRequest.create({
    data: {
      desktopId: input.desktopId,
      requesterId: actor.id,
      toMode: input.toMode,
      autoStopTimeoutMinutes: input.autoStopTimeoutHours ? autoStopMinutesFromHours(input.autoStopTimeoutHours) : null,
      reason: input.reason,
      createdAt: now,
    },
  });
  await recordAudit(tx, {
    actor,
    action: "desktop.billing.request",
    targetType: "desktop",
    targetId: input.desktopId,
    outcome: "SUCCESS",
    message: `Asked to switch to ${modeLabel(input.toMode)}`,
    details: { billingRequestId: request.id, toMode: input.toMode, autoStopTimeoutHours: input.autoStopTimeoutHours },
  });
  return { ok: true, requestId: request.id };
}

/** The requester withdraws their request while it is undecided (billing.request.withdraw, checked by the caller). */
export async function withdrawBillingRequest(tx: Tx, actor: Actor, requestId: string): Promise<{ ok: true } | ActionFailure> {
  const { count } = await tx.billingModeRequest.updateMany({
    where: { id: requestId, status: "SUBMITTED" },
    data: { status: "CANCELLED" },
  });
  if (count === 0) return conflict("The request was decided meanwhile and can no longer be withdrawn.");
  const request = await tx.billingModeRequest.findUniqueOrThrow({ where: { id: requestId }, select: { desktopId: true } });
  await recordAudit(tx, { actor, action: "desktop.billing.request.cancel", targetType: "desktop", targetId: request.desktopId, outcome: "SUCCESS", details: { billingRequestId: requestId } });
  return { ok: true };
}

/**
 * Approves (the change is made by the month rules, as an admin's would be) or rejects a request.
 * Separation of duties is the policy's (billing.request.decide: others' requests only); refused here too.
 */
export async function decideBillingRequest(
  tx: Tx,
  actor: Actor,
  input: { requestId: string; decision: "APPROVE" | "REJECT"; reason: string },
  now = new Date(),
): Promise<{ ok: true; status: "APPROVED" | "REJECTED"; change: ModeChangeOutcome | null } | ActionFailure> {
  const found = await tx.billingModeRequest.findUnique({ where: { id: input.requestId }, select: { desktopId: true } });
  if (!found) return fail("NOT_FOUND", "The request was not found.");
  await lockDesktop(tx, found.desktopId);
  const request = await tx.billingModeRequest.findUniqueOrThrow({
    where: { id: input.requestId },
    include: { requester: { select: { email: true } } },
  });
  if (request.status !== "SUBMITTED") return conflict(`The request was already ${request.status.toLowerCase()}.`);
  if (request.requesterId === actor.id) return conflict("You cannot decide your own request.");

  let change: ModeChangeOutcome | null = null;
  if (input.decision === "APPROVE") {
    change = await changeBillingMode(
      tx,
      actor,
      {
        desktopId: request.desktopId,
        toMode: request.toMode,
        autoStopTimeoutHours: request.autoStopTimeoutMinutes ? autoStopHoursFromMinutes(request.autoStopTimeoutMinutes) : null,
        requestedById: request.requesterId,
        note: `Requested by ${request.requester.email}, approved by ${actor.email}.`,
      },
      now,
    );
    if (!change.ok) return change;
  }
  const status = input.decision === "APPROVE" ? "APPROVED" : "REJECTED";
  await tx.billingModeRequest.update({
    where: { id: request.id },
    data: {
      status,
      deciderId: actor.id,
      decidedAt: now,
      decisionReason: input.reason || null,
      billingChangeId: change?.ok ? change.changeId : null,
    },
  });
  await recordAudit(tx, {
    actor,
    action: input.decision === "APPROVE" ? "desktop.billing.request.approve" : "desktop.billing.request.reject",
    targetType: "desktop",
    targetId: request.desktopId,
    outcome: "SUCCESS",
    message: input.reason || undefined,
    details: { billingRequestId: request.id, ...(change?.ok ? { changeId: change.changeId } : {}) },
  });
  return { ok: true, status, change };
}

// ---------------------------------------------------------------------------------------------
// Prices and the cost policy

export interface PriceValues {
  region: string;
  computeType: string;
  platform: "WINDOWS" | "LINUX";
  currency: string;
  alwaysOnMonthly: number;
  autoStopMonthly: number;
  autoStopHourly: number;
  includedStorageGiB: number;
  storagePerGiBMonthly: number;
  source: string;
}

/** Creates a price row, or updates `priceId`. One row per region, compute type and platform. */
export async function savePrice(tx: Tx, actor: Actor, input: PriceValues & { priceId?: string }): Promise<{ ok: true; priceId: string } | ActionFailure> {
  const { priceId, ...values } = input;
  const clash = await tx.billingPrice.findUnique({
    where: { region_computeType_platform: { region: values.region, computeType: values.computeType, platform: values.platform } },
    select: { id: true },
  });
  if (clash && clash.id !== priceId) return conflict(`There is already a price for ${values.computeType} ${values.platform} in ${values.region}; edit that one.`);
  const before = priceId ? await tx.billingPrice.findUnique({ where: { id: priceId } }) : null;
  if (priceId && !before) return fail("NOT_FOUND", "The price was not found.");
  const row = before
    ? await tx.billingPrice.update({ where: { id: before.id }, data: { ...values, updatedById: actor.id } })
    : await tx.billingPrice.create({ data: { ...values, updatedById: actor.id } });
  await recordAudit(tx, {
    actor,
    action: before ? "billing.price.update" : "billing.price.create",
    targetType: "price",
    targetId: row.id,
    outcome: "SUCCESS",
    message: `${values.computeType} ${values.platform} in ${values.region}`,
    details: { before: before ? priceAudit(before) : null, after: priceAudit(row) },
  });
  return { ok: true, priceId: row.id };
}

function priceAudit(p: { currency: string; alwaysOnMonthly: Prisma.Decimal; autoStopMonthly: Prisma.Decimal; autoStopHourly: Prisma.Decimal; includedStorageGiB: number; storagePerGiBMonthly: Prisma.Decimal; source: string }) {
  return {
    currency: p.currency,
    alwaysOnMonthly: p.alwaysOnMonthly.toString(),
    autoStopMonthly: p.autoStopMonthly.toString(),
    autoStopHourly: p.autoStopHourly.toString(),
    includedStorageGiB: p.includedStorageGiB,
    storagePerGiBMonthly: p.storagePerGiBMonthly.toString(),
    source: p.source,
  };
}

export interface BillingPolicyValues {
  autoApply: boolean;
  exemptTagKey: string;
  costCentreTagKey: string;
  departmentTagKey: string;
  minObservedHours: number;
  assumedAutoStopHours: number;
}

export async function saveBillingPolicy(tx: Tx, actor: Actor, values: BillingPolicyValues) {
  const before = await tx.billingPolicy.findUnique({ where: { id: "default" } });
  const { assumedAutoStopHours, ...rest } = values;
  const row = { ...rest, assumedAutoStopMinutes: autoStopMinutesFromHours(assumedAutoStopHours), updatedById: actor.id };
  await tx.billingPolicy.upsert({ where: { id: "default" }, create: { id: "default", ...row }, update: row });
  await recordAudit(tx, {
    actor,
    action: "billing.policy.update",
    targetType: "billing-policy",
    targetId: "default",
    outcome: "SUCCESS",
    message: values.autoApply ? "Automatic billing-mode policy on" : "Automatic billing-mode policy off",
    details: { before: before ? { autoApply: before.autoApply, exemptTagKey: before.exemptTagKey, minObservedHours: before.minObservedHours } : null, after: { ...values } },
  });
}

export async function markAutoPolicyRun(tx: Tx, at: Date) {
  await tx.billingPolicy.upsert({ where: { id: "default" }, create: { id: "default", lastAutoRunAt: at }, update: { lastAutoRunAt: at } });
}

// ---------------------------------------------------------------------------------------------
// What the worker and the usage sampler observed

/**
 * AWS's answer to a MODIFY_RUNNING_MODE operation, for the worker: the operation ends (guarded by
 * the worker's claim, like every operation result), the desktop takes the new mode on success, and
 * on failure the billing change is marked FAILED, so cost reports keep the mode AWS really bills.
 */
export async function recordRunningModeResult(
  db: PrismaClient,
  input: {
    operationId: string;
    workerId: string;
    desktopId: string;
    runningMode: RunningMode;
    autoStopTimeoutMinutes: number | null;
    billingChangeId?: string | null;
    awsRequestId?: string | null;
    failure?: { code: string; message: string };
    now?: Date;
  },
): Promise<boolean> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const held = await closeOperation(tx, input, {
      now,
      failure: input.failure,
      awsRequestId: input.awsRequestId,
      result: input.failure ? { failed: true, code: input.failure.code } : { runningMode: input.runningMode, autoStopTimeoutMinutes: input.autoStopTimeoutMinutes },
    });
    if (!held) return false;
    if (input.failure) {
      if (input.billingChangeId) {
        await tx.billingModeChange.updateMany({ where: { id: input.billingChangeId, status: "APPLIED" }, data: { status: "FAILED" } });
      }
    } else {
      await tx.desktop.update({
        where: { id: input.desktopId },
        data: { runningMode: input.runningMode, autoStopTimeoutMinutes: input.runningMode === "AUTO_STOP" ? input.autoStopTimeoutMinutes : null },
      });
    }
    const operation = await tx.operation.findUnique({ where: { id: input.operationId }, select: { createdById: true } });
    const actor = operation?.createdById ? await tx.user.findUnique({ where: { id: operation.createdById }, select: { id: true, email: true } }) : null;
    await recordAudit(tx, {
      actor,
      action: "desktop.modify_running_mode",
      targetType: "desktop",
      targetId: input.desktopId,
      outcome: input.failure ? "FAILURE" : "SUCCESS",
      message: input.failure
        ? `AWS refused the running-mode change: ${input.failure.code}: ${input.failure.message}`
        : `AWS set the running mode to ${modeLabel(input.runningMode)}`,
      details: { operationId: input.operationId, billingChangeId: input.billingChangeId ?? null, ...(input.failure ?? {}) },
      awsRequestId: input.awsRequestId ?? null,
    });
    return true;
  });
}

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
