// The request id that ties a web request to the operations it queues and to the worker's AWS calls.
// A proxy's or client's X-Request-Id is kept when well-formed (so the proxy's logs line up with
// ours); anything else is replaced, because the value ends up in logs and in the database.
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

export function isWellFormedRequestId(value: string): boolean {
  return WELL_FORMED.test(value);
}

/** The incoming id when it is well-formed (8 to 128 letters, digits, `.`, `_`, `:`, `-`), else a new one. */
export function requestIdFrom(incoming: string | string[] | null | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && isWellFormedRequestId(value.trim()) ? value.trim() : randomUUID();
}
