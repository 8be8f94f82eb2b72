// Queueing AWS operations (the outbox): called by actions inside the transaction that took the
// decision; the worker sends them. Each payload is validated against its type's schema here.

import type { Prisma } from "@/lib/db/generated/client";
import type { OperationType } from "@/lib/db/generated/enums";
import { insertMany } from "@/lib/db/insert-many";
import { currentRequestId } from "@/lib/observability/request-context";
import { OPERATION_PAYLOADS, type OperationPayloadInput } from "./payloads";

type Tx = Prisma.TransactionClient;

/** Operation types that act on one existing desktop. */
export type DesktopActionType = Exclude<OperationType, "CREATE">;

type EnqueueFields = {
  /** None for operations on something else (a directory: directoryId). */
  desktopId?: string | null;
  requestId?: string | null;
  region: string;
  /** Creates are batched per (region, directoryId). */
  directoryId?: string | null;
  createdById?: string | null;
  /** Not before this time (default: now). */
  notBefore?: Date;
  /** Look in AWS before sending (a CREATE looks for a desktop carrying its tags), as after a lost
   *  answer: an admin's retry of a failed create must not make a second desktop. */
  outcomeUnknown?: boolean;
};

/** One operation: its type and the payload that type's schema accepts. */
export type EnqueueOperationInput<T extends OperationType = OperationType> = EnqueueFields & { type: T; payload?: OperationPayloadInput<T> };

/** Throws (rolling back the caller's transaction) when a payload does not match its type. */
function validPayload(input: EnqueueOperationInput): Prisma.InputJsonValue {
  return OPERATION_PAYLOADS[input.type].parse(input.payload ?? {}) as Prisma.InputJsonValue;
}

function operationRow(input: EnqueueOperationInput) {
  return {
    type: input.type,
    status: "QUEUED" as const,
    desktopId: input.desktopId ?? null,
    requestId: input.requestId ?? null,
    region: input.region,
    directoryId: input.directoryId ?? null,
    payload: validPayload(input),
    createdById: input.createdById ?? null,
    nextAttemptAt: input.notBefore,
    outcomeUnknown: input.outcomeUnknown ?? false,
    // The HTTP request that queued it (none when the worker or a script does): logged with its AWS calls.
    httpRequestId: currentRequestId() ?? null,
  };
}

/** Queues an AWS operation for the worker. Call inside the transaction that took the decision. */
export async function enqueueOperation<T extends OperationType>(tx: Tx, input: EnqueueOperationInput<T>) {
  const { nextAttemptAt, ...row } = operationRow(input);
  return tx.operation.create({ data: { ...row, ...(nextAttemptAt ? { nextAttemptAt } : {}) } });
}

/**
 * Queues many operations in one statement (bulk jobs: thousands of rows must fit in one short
 * transaction). Ids are the caller's, so that it can link requests, desktops and items to them.
 */
export async function enqueueOperations<T extends OperationType>(tx: Tx, inputs: (EnqueueOperationInput<T> & { id: string })[]): Promise<void> {
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
      outcomeUnknown: "boolean",
      httpRequestId: "text",
      createdAt: "timestamptz",
      updatedAt: "timestamptz",
    },
    inputs.map((input) => {
      const row = operationRow(input);
      return { id: input.id, ...row, nextAttemptAt: row.nextAttemptAt ?? now, createdAt: now, updatedAt: now };
    }),
  );
}
