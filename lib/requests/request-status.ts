// The request state machine: the one place a request's status changes. Each move is a conditional
// update over the transition table (a request that moved meanwhile is not moved twice, and a move
// the table does not allow is refused), and writes the request's event in the same statement set.

import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/db/generated/client";
import type { RequestStatus } from "@/lib/db/generated/enums";
import { insertMany } from "@/lib/db/insert-many";
import { notifyCreateFailed, notifyDesktopReady } from "@/lib/notifications/events";

type Tx = Prisma.TransactionClient;

/** Where a request may go from each status. READY, REJECTED and CANCELLED are final. FAILED goes
 *  back to APPROVED only when an admin queues its failed create again (a bulk retry of a failed
 *  item creates a new request instead). */
export const REQUEST_TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  SUBMITTED: ["APPROVED", "REJECTED", "CANCELLED"],
  // CreateWorkspaces accepted it; or it settled before we heard (adopted), failed, or a bulk job
  // cancelled it before it was sent.
  APPROVED: ["PROVISIONING", "READY", "FAILED", "CANCELLED"],
  PROVISIONING: ["READY", "FAILED"],
  READY: [],
  REJECTED: [],
  CANCELLED: [],
  FAILED: ["APPROVED"],
};

/** Statuses a request is created in: submitted by an employee, or approved at once by a bulk job. */
export const INITIAL_REQUEST_STATUSES: readonly RequestStatus[] = ["SUBMITTED", "APPROVED"];

export function canMoveRequest(from: RequestStatus, to: RequestStatus): boolean {
  return REQUEST_TRANSITIONS[from].includes(to);
}

/** Every status from which `to` may be reached. */
export function requestStatusesBefore(to: RequestStatus): RequestStatus[] {
  return (Object.keys(REQUEST_TRANSITIONS) as RequestStatus[]).filter((from) => canMoveRequest(from, to));
}

export class IllegalRequestMove extends Error {
  constructor(from: readonly RequestStatus[], to: RequestStatus) {
    super(`A request cannot move from ${from.join("/")} to ${to}.`);
  }
}

export interface RequestMove {
  requestIds: string[];
  to: RequestStatus;
  /** Only requests in these statuses move (default: every status the table allows `to` from). */
  from?: readonly RequestStatus[];
  /** Columns written with the move (decider, failure code, ...). */
  data?: Omit<Prisma.DesktopRequestUncheckedUpdateManyInput, "status" | "id">;
  /** The request's event: the message the requester reads (per request, or one for all). */
  message: string | ((requestId: string) => string);
  actorId?: string | null;
  at: Date;
}

/**
 * Moves the requests that are in an allowed status and writes one event per moved request, in
 * two statements whatever the count (bulk jobs move thousands). Returns the ids that moved;
 * requests in any other status are left as they are. Asking for a move the table forbids throws.
 */
export async function moveRequests(tx: Tx, move: RequestMove): Promise<string[]> {
  if (move.requestIds.length === 0) return [];
  const allowed = requestStatusesBefore(move.to);
  const from = move.from ?? allowed;
  const illegal = from.filter((s) => !allowed.includes(s));
  if (illegal.length > 0) throw new IllegalRequestMove(illegal, move.to);
  const moved = await tx.desktopRequest.updateManyAndReturn({
    where: { id: { in: move.requestIds }, status: { in: [...from] } },
    data: { ...move.data, status: move.to },
    select: { id: true },
  });
  await recordRequestEvents(
    tx,
    moved.map(({ id }) => ({
      requestId: id,
      status: move.to,
      actorId: move.actorId ?? null,
      at: move.at,
      message: typeof move.message === "function" ? move.message(id) : move.message,
    })),
  );
  return moved.map(({ id }) => id);
}

/** One request; true when it moved. */
export async function moveRequest(tx: Tx, move: Omit<RequestMove, "requestIds"> & { requestId: string }): Promise<boolean> {
  const { requestId, ...rest } = move;
  return (await moveRequests(tx, { ...rest, requestIds: [requestId] })).length > 0;
}

/**
 * Events of the request's history: those of moves (written by moveRequests), of a request's
 * creation in its initial status, and notes that change nothing (a failed request retried as a
 * new one).
 */
export async function recordRequestEvents(
  tx: Tx,
  events: { requestId: string; status: RequestStatus; actorId?: string | null; at: Date; message: string }[],
): Promise<void> {
  await insertMany(
    tx,
    "RequestEvent",
    { id: "text", requestId: "text", actorId: "text", status: { enum: "RequestStatus" }, at: "timestamptz", message: "text" },
    events.map((e) => ({ id: randomUUID(), requestId: e.requestId, actorId: e.actorId ?? null, status: e.status, at: e.at, message: e.message })),
  );
}

/**
 * A request whose desktop has settled moves on: AVAILABLE → READY, ERROR → FAILED with AWS's
 * error. Called when a desktop is observed settling, or first recorded already settled (adopted
 * after a lost answer, or found late by its tag).
 */
export async function settleRequest(
  tx: Tx,
  requestId: string,
  observed: { state: string; errorCode?: string | null; errorMessage?: string | null },
  now: Date,
): Promise<void> {
  if (observed.state === "AVAILABLE") {
    if (await moveRequest(tx, { requestId, to: "READY", from: ["APPROVED", "PROVISIONING"], at: now, message: "Your desktop is ready." })) {
      await notifyDesktopReady(tx, requestId, now);
    }
  } else if (observed.state === "ERROR") {
    await failRequestCreate(tx, requestId, {
      code: observed.errorCode || "WorkspaceError",
      message: observed.errorMessage || "AWS reports the desktop in state ERROR.",
      now,
    });
  }
}

/** The desktop of an approved request could not be created: the request carries AWS's reason. */
export async function failRequestCreate(tx: Tx, requestId: string, failure: { code: string; message: string; now: Date }): Promise<boolean> {
  const moved = await moveRequest(tx, {
    requestId,
    to: "FAILED",
    from: ["APPROVED", "PROVISIONING"],
    data: { failureCode: failure.code, failureMessage: failure.message },
    at: failure.now,
    message: `The desktop could not be created (${failure.code}).`,
  });
  // The request page tells the requester that administrators were informed: this is what informs them.
  if (moved) await notifyCreateFailed(tx, requestId, failure, failure.now);
  return moved;
}

/** An admin queued the failed create again: the request is approved again, its failure cleared. */
export async function reopenFailedRequest(tx: Tx, requestId: string, actorId: string, now: Date): Promise<boolean> {
  return moveRequest(tx, {
    requestId,
    to: "APPROVED",
    from: ["FAILED"],
    data: { failureCode: null, failureMessage: null },
    actorId,
    at: now,
    message: "An administrator queued the desktop's creation again.",
  });
}
