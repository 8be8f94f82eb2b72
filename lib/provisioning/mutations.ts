// Writes for provisioning: queueing AWS operations (called by actions inside their transaction,
// the outbox pattern) and recording what AWS answered (called by the worker, each in one short
// transaction, outside any AWS call). These trust their input; callers have checked it.

import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { OperationType } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/audit/mutations";
import { insertMany } from "@/lib/db/insert-many";

type Tx = Prisma.TransactionClient;
type Db = PrismaClient;

/** Operation types that act on one existing desktop. */
export type DesktopActionType = Exclude<OperationType, "CREATE">;

export interface EnqueueDesktopOperationInput {
  type: OperationType;
  desktopId: string;
  requestId?: string | null;
  region: string;
  /** Creates are batched per (region, directoryId). */
  directoryId?: string | null;
  payload?: Prisma.InputJsonValue;
  createdById?: string | null;
  /** Not before this time (default: now). */
  notBefore?: Date;
  /** Look in AWS before sending (a CREATE looks for a desktop carrying its tags), as after a lost answer. */
  outcomeUnknown?: boolean;
}

/** Queues an AWS operation for the worker. Call inside the transaction that took the decision. */
export async function enqueueDesktopOperation(tx: Tx, input: EnqueueDesktopOperationInput) {
  return tx.operation.create({
    data: {
      type: input.type,
      status: "QUEUED",
      desktopId: input.desktopId,
      requestId: input.requestId ?? null,
      region: input.region,
      directoryId: input.directoryId ?? null,
      payload: input.payload ?? {},
      createdById: input.createdById ?? null,
      ...(input.notBefore ? { nextAttemptAt: input.notBefore } : {}),
      ...(input.outcomeUnknown ? { outcomeUnknown: true } : {}),
    },
  });
}

/**
 * Queues many operations in one statement (bulk jobs: thousands of rows must fit in one short
 * transaction). Ids are the caller's, so that it can link requests, desktops and items to them.
 */
export async function enqueueDesktopOperations(tx: Tx, inputs: (EnqueueDesktopOperationInput & { id: string })[]): Promise<void> {
  if (inputs.length === 0) return;
  const now = new Date();
  await insertMany(
    tx,
    "Operation",
    {
      id: "text",
      type: { enum: "OperationType" },
      status: { enum: "OperationStatus" },
      desktopId: "text",
      requestId: "text",
      region: "text",
      directoryId: "text",
      payload: "jsonb",
      createdById: "text",
      nextAttemptAt: "timestamptz",
      createdAt: "timestamptz",
      updatedAt: "timestamptz",
    },
    inputs.map((input) => ({
      id: input.id,
      type: input.type,
      status: "QUEUED",
      desktopId: input.desktopId,
      requestId: input.requestId ?? null,
      region: input.region,
      directoryId: input.directoryId ?? null,
      payload: input.payload ?? {},
      createdById: input.createdById ?? null,
      nextAttemptAt: input.notBefore ?? now,
      createdAt: now,
      updatedAt: now,
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// Results of operations. Every operation write is guarded by the claim (status RUNNING and
// lockedBy = the worker): a worker whose lease was taken over must not overwrite the new owner.

export interface OperationClaim {
  operationId: string;
  workerId: string;
}

const claimed = (claim: OperationClaim) => ({
  id: claim.operationId,
  status: "RUNNING" as const,
  lockedBy: claim.workerId,
});

const release = { lockedBy: null, lockedUntil: null };

export interface AcceptedCreate {
  operationId: string;
  desktopId: string;
  requestId: string | null;
  workspaceId: string;
  state: string;
  /** Found in AWS by its tag after a lost answer, rather than answered by this call. */
  adopted?: boolean;
  /** The key the desktop was created with, if its volumes were encrypted. */
  volumeEncryptionKey?: string | null;
}

/** CreateWorkspaces accepted the desktop (or the worker found it in AWS after a lost answer). */
export async function recordCreateAccepted(
  db: Db,
  input: OperationClaim & Omit<AcceptedCreate, "operationId"> & { awsRequestId?: string | null; now?: Date },
): Promise<boolean> {
  const closed = await recordCreatesAccepted(db, {
    workerId: input.workerId,
    awsRequestId: input.awsRequestId,
    now: input.now,
    items: [input],
  });
  return closed > 0;
}

/**
 * A batch of accepted creates in one short transaction (a CreateWorkspaces call answers for up to
 * 25): per item the operation and the desktop row, then the requests in two statements. Returns how
 * many operations this worker still held and closed.
 */
export async function recordCreatesAccepted(
  db: Db,
  input: { workerId: string; items: AcceptedCreate[]; awsRequestId?: string | null; now?: Date },
): Promise<number> {
  if (input.items.length === 0) return 0;
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    let closed = 0;
    for (const item of input.items) {
      const op = await tx.operation.updateMany({
        where: claimed({ operationId: item.operationId, workerId: input.workerId }),
        data: {
          status: "SUCCEEDED",
          ...release,
          completedAt: now,
          awsRequestId: item.adopted ? null : (input.awsRequestId ?? null),
          lastErrorCode: null,
          lastError: null,
          result: { workspaceId: item.workspaceId, adopted: Boolean(item.adopted) },
        },
      });
      closed += op.count;
      const encryption = item.volumeEncryptionKey
        ? { rootVolumeEncrypted: true, userVolumeEncrypted: true, volumeEncryptionKey: item.volumeEncryptionKey }
        : {};
      // The desktop exists in AWS whatever happened to our lease: record its id if nobody has.
      await tx.desktop.updateMany({
        where: { id: item.desktopId, workspaceId: null },
        data: { workspaceId: item.workspaceId, state: item.state, stateChangedAt: now, ...encryption },
      });
    }
    const requests = new Map(input.items.filter((i) => i.requestId).map((i) => [i.requestId!, i]));
    if (requests.size > 0) {
      const moved = await tx.desktopRequest.updateManyAndReturn({
        where: { id: { in: [...requests.keys()] }, status: "APPROVED" },
        data: { status: "PROVISIONING" },
        select: { id: true },
      });
      await tx.requestEvent.createMany({
        data: moved.map(({ id }) => {
          const item = requests.get(id)!;
          return {
            requestId: id,
            status: "PROVISIONING" as const,
            at: now,
            message: item.adopted
              ? `Your desktop is being created (${item.workspaceId}).`
              : `AWS accepted the desktop (${item.workspaceId}); it is being created.`,
          };
        }),
      });
      // Adopted after a lost answer, it may already have settled: reconcile only follows
      // changing states, so its request moves on here.
      for (const item of requests.values()) {
        if (item.state === "AVAILABLE" || item.state === "ERROR") await settleRequest(tx, item.requestId!, { state: item.state }, now);
      }
    }
    return closed;
  });
}

/**
 * The create failed for good (AWS refused the item, or retries ran out). The desktop row stays
 * (it holds the billing history written at approval) with state ERROR and no workspaceId: it never
 * existed in AWS. The request carries AWS's code and message for the admin.
 */
export async function recordCreateFailed(
  db: Db,
  input: OperationClaim & {
    desktopId: string;
    requestId: string | null;
    code: string;
    message: string;
    awsRequestId?: string | null;
    now?: Date;
  },
): Promise<boolean> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const op = await tx.operation.updateMany({
      where: claimed(input),
      data: {
        status: "FAILED",
        ...release,
        completedAt: now,
        lastErrorCode: input.code,
        lastError: input.message,
        awsRequestId: input.awsRequestId ?? null,
      },
    });
    if (op.count === 0) return false;
    await tx.desktop.updateMany({
      where: { id: input.desktopId, workspaceId: null },
      data: { state: "ERROR", stateChangedAt: now },
    });
    if (input.requestId) {
      const moved = await tx.desktopRequest.updateMany({
        where: { id: input.requestId, status: { in: ["APPROVED", "PROVISIONING"] } },
        data: { status: "FAILED", failureCode: input.code, failureMessage: input.message },
      });
      if (moved.count > 0) {
        await tx.requestEvent.create({
          data: {
            requestId: input.requestId,
            status: "FAILED",
            at: now,
            message: `The desktop could not be created (${input.code}).`,
          },
        });
      }
    }
    return true;
  });
}

/** Back to the queue after a throttle, a server error or a lost answer. */
export async function recordOperationRetry(
  db: Db,
  input: OperationClaim & {
    nextAttemptAt: Date;
    code: string;
    message: string;
    outcomeUnknown?: boolean;
    /** The failure was a look in AWS after a lost answer (counts towards the worker's maxChecks). */
    failedCheck?: boolean;
    awsRequestId?: string | null;
  },
): Promise<boolean> {
  const op = await db.operation.updateMany({
    where: claimed(input),
    data: {
      status: "QUEUED",
      ...release,
      nextAttemptAt: input.nextAttemptAt,
      lastErrorCode: input.code,
      lastError: input.message,
      ...(input.outcomeUnknown ? { outcomeUnknown: true } : {}),
      ...(input.failedCheck ? { failedChecks: { increment: 1 } } : {}),
      ...(input.awsRequestId ? { awsRequestId: input.awsRequestId } : {}),
    },
  });
  return op.count > 0;
}

/**
 * A check before re-sending found nothing in AWS: the lost call did not act. The send that follows
 * counts as an attempt (the claim that looked did not).
 */
export async function clearOutcomeUnknown(db: Db, claim: OperationClaim): Promise<void> {
  await db.operation.updateMany({ where: claimed(claim), data: { outcomeUnknown: false, attempts: { increment: 1 } } });
}

const ACTION_NAMES: Record<DesktopActionType, string> = {
  TERMINATE: "terminate",
  REBOOT: "reboot",
  START: "start",
  STOP: "stop",
  REBUILD: "rebuild",
  RESTORE: "restore",
  MODIFY_RUNNING_MODE: "modify_running_mode",
};

/** The state AWS moves a desktop to when it accepts the action (reconcile follows it from there). */
export const ACTION_TRANSITION_STATE: Partial<Record<DesktopActionType, string>> = {
  TERMINATE: "TERMINATING",
  REBOOT: "REBOOTING",
  START: "STARTING",
  STOP: "STOPPING",
  REBUILD: "REBUILDING",
  RESTORE: "RESTORING",
};

async function actorOf(tx: Tx, userId: string | null | undefined) {
  if (!userId) return null;
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  return user ?? null;
}

/**
 * AWS's answer to a desktop action (terminate, reboot, start, stop, rebuild): the operation ends,
 * the desktop shows the transition state on success, and the audit trail gets AWS's outcome.
 */
export async function recordDesktopActionResult(
  db: Db,
  input: OperationClaim & {
    type: DesktopActionType;
    desktopId: string;
    createdById: string | null;
    workspaceId: string | null;
    awsRequestId?: string | null;
    /** Absent: AWS accepted it. */
    failure?: { code: string; message: string };
    /** Accepted earlier (found in AWS after a lost answer) rather than by this call. */
    confirmedByDescribe?: boolean;
    now?: Date;
  },
): Promise<boolean> {
  const now = input.now ?? new Date();
  const name = ACTION_NAMES[input.type];
  return db.$transaction(async (tx) => {
    const op = await tx.operation.updateMany({
      where: claimed(input),
      data: {
        status: input.failure ? "FAILED" : "SUCCEEDED",
        ...release,
        completedAt: now,
        awsRequestId: input.awsRequestId ?? null,
        lastErrorCode: input.failure?.code ?? null,
        lastError: input.failure?.message ?? null,
        result: input.failure
          ? { failed: true, code: input.failure.code }
          : { workspaceId: input.workspaceId, confirmedByDescribe: Boolean(input.confirmedByDescribe) },
      },
    });
    if (op.count === 0) return false;
    const transition = ACTION_TRANSITION_STATE[input.type];
    // Also when confirmed by a describe: reconcile then follows the desktop to its settled state.
    if (!input.failure && transition) {
      await tx.desktop.update({
        where: { id: input.desktopId },
        data: { state: transition, stateChangedAt: now },
      });
    }
    await recordAudit(tx, {
      actor: await actorOf(tx, input.createdById),
      action: `desktop.${name}`,
      targetType: "desktop",
      targetId: input.desktopId,
      outcome: input.failure ? "FAILURE" : "SUCCESS",
      message: input.failure
        ? `AWS refused ${name}: ${input.failure.code}: ${input.failure.message}`
        : `AWS accepted ${name}${input.workspaceId ? ` for ${input.workspaceId}` : ""}`,
      details: { operationId: input.operationId, workspaceId: input.workspaceId, ...(input.failure ?? {}) },
      awsRequestId: input.awsRequestId ?? null,
    });
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Reconciliation: what DescribeWorkspaces showed.

export interface ObservedWorkspace {
  state: string;
  ipAddress?: string | null;
  computerName?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
}

/** Records a desktop as AWS describes it, and moves its request on when it became AVAILABLE/ERROR. */
export async function recordDesktopObserved(
  db: Db,
  input: { desktopId: string; previousState: string; observed: ObservedWorkspace; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  const { observed } = input;
  const changed = observed.state !== input.previousState;
  await db.$transaction(async (tx) => {
    const desktop = await tx.desktop.update({
      where: { id: input.desktopId },
      data: {
        state: observed.state,
        lastSeenAt: now,
        ...(changed ? { stateChangedAt: now } : {}),
        ...(observed.ipAddress !== undefined ? { ipAddress: observed.ipAddress || null } : {}),
        ...(observed.computerName !== undefined ? { computerName: observed.computerName || null } : {}),
        ...(observed.state === "TERMINATED" ? { terminatedAt: now } : {}),
      },
      select: { requestId: true },
    });
    if (!changed || !desktop.requestId) return;
    await settleRequest(tx, desktop.requestId, observed, now);
  });
}

/**
 * Moves a request on when its desktop has settled: AVAILABLE → READY, ERROR → FAILED with AWS's
 * error. Also used when a desktop is first recorded already settled (adopted or found late).
 */
async function settleRequest(
  tx: Tx,
  requestId: string,
  observed: { state: string; errorCode?: string | null; errorMessage?: string | null },
  now: Date,
): Promise<void> {
  if (observed.state === "AVAILABLE") {
    const moved = await tx.desktopRequest.updateMany({
      where: { id: requestId, status: { in: ["APPROVED", "PROVISIONING"] } },
      data: { status: "READY" },
    });
    if (moved.count > 0) {
      await tx.requestEvent.create({ data: { requestId, status: "READY", at: now, message: "Your desktop is ready." } });
    }
  } else if (observed.state === "ERROR") {
    const code = observed.errorCode || "WorkspaceError";
    const message = observed.errorMessage || "AWS reports the desktop in state ERROR.";
    const moved = await tx.desktopRequest.updateMany({
      where: { id: requestId, status: { in: ["APPROVED", "PROVISIONING"] } },
      data: { status: "FAILED", failureCode: code, failureMessage: message },
    });
    if (moved.count > 0) {
      await tx.requestEvent.create({
        data: { requestId, status: "FAILED", at: now, message: `The desktop could not be created (${code}).` },
      });
    }
  }
}

/**
 * AWS no longer returns the desktop: it is terminated (TERMINATED shows only briefly). `outside`:
 * the portal had not asked for it (found by the fleet sweep), so the audit trail says so.
 */
export async function recordDesktopGone(
  db: Db,
  input: { desktopId: string; previousState?: string; outside?: boolean; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await db.$transaction(async (tx) => {
    await tx.desktop.update({
      where: { id: input.desktopId },
      data: { state: "TERMINATED", stateChangedAt: now, terminatedAt: now, lastSeenAt: now },
    });
    if (input.outside) {
      await recordAudit(tx, {
        actor: null,
        action: "desktop.changed_outside",
        targetType: "desktop",
        targetId: input.desktopId,
        outcome: "SUCCESS",
        message: `AWS no longer returns the desktop (was ${input.previousState ?? "unknown"}): terminated outside the portal.`,
        details: { source: "aws", previousState: input.previousState ?? null, state: "TERMINATED" },
      });
    }
  });
}

/**
 * A desktop the portal created is still not returned by AWS long after CreateWorkspaces accepted
 * it: the create is failed with a reason instead of staying PENDING for ever. Should AWS show it
 * later, the fleet sweep records it again.
 */
export async function recordDesktopNeverSeen(
  db: Db,
  input: { desktopId: string; code: string; message: string; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await db.$transaction(async (tx) => {
    const desktop = await tx.desktop.update({
      where: { id: input.desktopId },
      data: { state: "ERROR", stateChangedAt: now },
      select: { requestId: true, workspaceId: true },
    });
    if (desktop.requestId) {
      const moved = await tx.desktopRequest.updateMany({
        where: { id: desktop.requestId, status: { in: ["APPROVED", "PROVISIONING"] } },
        data: { status: "FAILED", failureCode: input.code, failureMessage: input.message },
      });
      if (moved.count > 0) {
        await tx.requestEvent.create({
          data: { requestId: desktop.requestId, status: "FAILED", at: now, message: `The desktop could not be created (${input.code}).` },
        });
      }
    }
    await recordAudit(tx, {
      actor: null,
      action: "desktop.create_timeout",
      targetType: "desktop",
      targetId: input.desktopId,
      outcome: "FAILURE",
      message: input.message,
      details: { source: "aws", code: input.code, workspaceId: desktop.workspaceId },
    });
  });
}

/** What the fleet sweep saw of a desktop AWS returned. */
export interface SweptWorkspace extends ObservedWorkspace {
  workspaceId: string;
  directoryId: string;
  userName: string;
  bundleId: string;
  runningMode?: string | null;
  autoStopTimeoutMinutes?: number | null;
  rootVolumeEncrypted?: boolean;
  userVolumeEncrypted?: boolean;
  volumeEncryptionKey?: string | null;
}

const RUNNING_MODES = new Set(["AUTO_STOP", "ALWAYS_ON"]);

/**
 * A desktop AWS has and the portal did not know: created outside the portal (console, CLI, another
 * tool). It is recorded with origin IMPORTED and no owner, so admins see it, and its billing mode
 * starts its billing history. Its bundle row must exist (the caller makes sure).
 */
export async function recordDesktopImported(db: Db, input: { workspace: SweptWorkspace; now?: Date }): Promise<string | null> {
  const now = input.now ?? new Date();
  const w = input.workspace;
  const runningMode = RUNNING_MODES.has(w.runningMode ?? "") ? (w.runningMode as "AUTO_STOP" | "ALWAYS_ON") : "ALWAYS_ON";
  const timeout = runningMode === "AUTO_STOP" ? (w.autoStopTimeoutMinutes ?? null) : null;
  return db.$transaction(async (tx) => {
    // Another sweep (another worker) may have imported it meanwhile.
    const existing = await tx.desktop.findUnique({ where: { workspaceId: w.workspaceId }, select: { id: true } });
    if (existing) return null;
    const desktop = await tx.desktop.create({
      data: {
        workspaceId: w.workspaceId,
        directoryId: w.directoryId,
        userName: w.userName,
        bundleId: w.bundleId,
        runningMode,
        autoStopTimeoutMinutes: timeout,
        state: w.state,
        stateChangedAt: now,
        lastSeenAt: now,
        ipAddress: w.ipAddress || null,
        computerName: w.computerName || null,
        rootVolumeEncrypted: Boolean(w.rootVolumeEncrypted),
        userVolumeEncrypted: Boolean(w.userVolumeEncrypted),
        volumeEncryptionKey: w.volumeEncryptionKey ?? null,
        origin: "IMPORTED",
        ...(w.state === "TERMINATED" ? { terminatedAt: now } : {}),
        billingChanges: {
          create: { toMode: runningMode, autoStopTimeoutMinutes: timeout, status: "APPLIED", effectiveAt: now, note: "Found in AWS (created outside the portal)" },
        },
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor: null,
      action: "desktop.imported",
      targetType: "desktop",
      targetId: desktop.id,
      outcome: "SUCCESS",
      message: `Found ${w.workspaceId} (${w.userName}) in AWS, created outside the portal; recorded without an owner.`,
      details: { source: "aws", workspaceId: w.workspaceId, directoryId: w.directoryId, userName: w.userName, state: w.state, runningMode },
    });
    return desktop.id;
  });
}

/**
 * The fleet sweep found a desktop in a state or billing mode the portal did not ask for (changed
 * in the console, by AWS maintenance, ...): the row follows AWS and the audit trail records the
 * change with no portal actor. A running-mode change also enters the billing history, since AWS
 * bills what it runs.
 */
export async function recordDesktopChangedOutside(
  db: Db,
  input: {
    desktopId: string;
    previous: { state: string; runningMode: string; autoStopTimeoutMinutes: number | null };
    observed: SweptWorkspace;
    now?: Date;
  },
): Promise<void> {
  const now = input.now ?? new Date();
  const { previous, observed } = input;
  const modeKnown = RUNNING_MODES.has(observed.runningMode ?? "");
  const mode = modeKnown ? (observed.runningMode as "AUTO_STOP" | "ALWAYS_ON") : (previous.runningMode as "AUTO_STOP" | "ALWAYS_ON");
  const timeout = mode === "AUTO_STOP" ? (observed.autoStopTimeoutMinutes ?? previous.autoStopTimeoutMinutes) : null;
  const modeChanged = modeKnown && (mode !== previous.runningMode || timeout !== previous.autoStopTimeoutMinutes);
  const stateChanged = observed.state !== previous.state;
  const changes: string[] = [];
  if (stateChanged) changes.push(`state ${previous.state} → ${observed.state}`);
  if (modeChanged) {
    changes.push(
      `running mode ${previous.runningMode}${previous.autoStopTimeoutMinutes ? ` (${previous.autoStopTimeoutMinutes} min)` : ""} → ${mode}${timeout ? ` (${timeout} min)` : ""}`,
    );
  }
  if (changes.length === 0) return;
  await db.$transaction(async (tx) => {
    await tx.desktop.update({
      where: { id: input.desktopId },
      data: {
        state: observed.state,
        lastSeenAt: now,
        ...(stateChanged ? { stateChangedAt: now } : {}),
        ...(observed.ipAddress !== undefined ? { ipAddress: observed.ipAddress || null } : {}),
        ...(observed.computerName !== undefined ? { computerName: observed.computerName || null } : {}),
        ...(modeChanged ? { runningMode: mode, autoStopTimeoutMinutes: timeout } : {}),
        ...(observed.state === "TERMINATED" ? { terminatedAt: now } : { terminatedAt: null }),
      },
    });
    if (modeChanged) {
      await tx.billingModeChange.create({
        data: {
          desktopId: input.desktopId,
          fromMode: previous.runningMode as "AUTO_STOP" | "ALWAYS_ON",
          toMode: mode,
          autoStopTimeoutMinutes: timeout,
          status: "APPLIED",
          effectiveAt: now,
          note: "Changed outside the portal (seen in AWS)",
        },
      });
    }
    await recordAudit(tx, {
      actor: null,
      action: "desktop.changed_outside",
      targetType: "desktop",
      targetId: input.desktopId,
      outcome: "SUCCESS",
      message: `Changed outside the portal: ${changes.join("; ")}.`,
      details: {
        source: "aws",
        workspaceId: observed.workspaceId,
        previousState: previous.state,
        state: observed.state,
        previousRunningMode: previous.runningMode,
        runningMode: mode,
        autoStopTimeoutMinutes: timeout,
      },
    });
  });
}

/**
 * The fleet sweep found, by its portal tag, a desktop the portal asked for but never learned the id
 * of (the create's answer was lost and the worker has not looked yet, or gave up): the row gets its
 * id, and the worker's next look at the operation adopts it instead of creating again.
 */
export async function recordDesktopFoundByTag(
  db: Db,
  input: { desktopId: string; workspaceId: string; state: string; now?: Date },
): Promise<boolean> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const linked = await tx.desktop.updateMany({
      where: { id: input.desktopId, workspaceId: null },
      data: { workspaceId: input.workspaceId, state: input.state, stateChangedAt: now, lastSeenAt: now },
    });
    if (linked.count === 0) return false;
    const desktop = await tx.desktop.findUniqueOrThrow({ where: { id: input.desktopId }, select: { requestId: true } });
    if (desktop.requestId) {
      const moved = await tx.desktopRequest.updateMany({
        where: { id: desktop.requestId, status: "APPROVED" },
        data: { status: "PROVISIONING" },
      });
      if (moved.count > 0) {
        await tx.requestEvent.create({
          data: { requestId: desktop.requestId, status: "PROVISIONING", at: now, message: `Your desktop is being created (${input.workspaceId}).` },
        });
      }
      await settleRequest(tx, desktop.requestId, { state: input.state }, now);
    }
    await recordAudit(tx, {
      actor: null,
      action: "desktop.found_in_aws",
      targetType: "desktop",
      targetId: input.desktopId,
      outcome: "SUCCESS",
      message: `Found ${input.workspaceId} in AWS by the portal's tag; its create answer had been lost.`,
      details: { source: "aws", workspaceId: input.workspaceId, state: input.state },
    });
    return true;
  });
}
