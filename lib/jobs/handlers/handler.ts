// What the worker needs to know about an operation type. One handler per type (or per family, see
// desktop-action.ts), registered in registry.ts; the worker's loop knows no type by name.

import type { ClaimedOperation } from "@/lib/operations/claim";
import type { Failure, WorkerPass } from "../worker-pass";

export interface OperationHandler {
  /** Operations with the same key may go to AWS in one call (e.g. the same type and region). */
  batchKey(op: ClaimedOperation): string;
  /** Operations per AWS call: above 1, a full claim hands a group's last partial batch back so it
   *  goes out whole next pass; 1, each operation is its own call, a few in flight at once. */
  batchLimit: number;
  /**
   * Runs one group of claimed operations sharing a batch key: looks in AWS first for those whose
   * last answer was lost (outcomeUnknown), makes the AWS call for the rest, and records every
   * outcome (pass.handleCallFailure for a failed call).
   */
  run(pass: WorkerPass, ops: ClaimedOperation[]): Promise<void>;
  /** Records a final failure (AWS refused it, attempts ran out, or the worker could not run it). */
  fail(pass: WorkerPass, op: ClaimedOperation, failure: Failure, awsRequestId?: string): Promise<void>;
}

/** Whole-call errors that one bad item can cause: the batch is re-sent one item per call. Others
 *  (quota, access) would fail every item alike. */
export const SPLIT_ON_CODES = new Set([
  "InvalidParameterValuesException",
  "InvalidParameterException",
  "ValidationException",
  "SerializationException",
]);
