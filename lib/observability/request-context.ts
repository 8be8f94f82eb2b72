// What the lines logged during one piece of work share: the HTTP request's id in a web request,
// and in a worker pass the HTTP request id of each claimed operation (logged with its AWS calls).
// Kept on globalThis: Next's bundle and the portal's own server load this module separately.
import { AsyncLocalStorage } from "node:async_hooks";

export interface LogContext {
  /** The X-Request-Id of the HTTP request being served (lib/observability/request-id.ts). */
  reqId?: string;
  /** Worker: operation id to the HTTP request id that queued it. */
  operationRequestIds?: ReadonlyMap<string, string>;
}

const STORAGE = Symbol.for("workspaces-portal.log-context");
type Holder = { [STORAGE]?: AsyncLocalStorage<LogContext> };

function storage(): AsyncLocalStorage<LogContext> {
  return ((globalThis as Holder)[STORAGE] ??= new AsyncLocalStorage<LogContext>());
}

/** Runs `work` with `context` (added to the enclosing one) visible to everything it calls. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return storage().run({ ...storage().getStore(), ...context }, work);
}

export function currentLogContext(): LogContext | undefined {
  return storage().getStore();
}

/** The id of the HTTP request being served, if any: stamped on the operations it queues. */
export function currentRequestId(): string | undefined {
  return storage().getStore()?.reqId;
}

/** The HTTP request ids behind these operations (worker), without repeats. */
export function requestIdsOfOperations(operationIds: readonly string[]): string[] {
  const map = storage().getStore()?.operationRequestIds;
  if (!map) return [];
  return [...new Set(operationIds.map((id) => map.get(id)).filter((id): id is string => Boolean(id)))];
}
