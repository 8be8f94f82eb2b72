// For the portal's own HTTP server (scripts/start.ts), before Next.js sees a request: gives it a
// request id (the proxy's X-Request-Id when well-formed, else a new one), returns that id in the
// answer, and logs one line per request with its route pattern, status and duration.
import type { IncomingMessage, ServerResponse } from "node:http";
import { log } from "./logger";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id";
import type { RouteLabeler } from "./route-label";
import { metrics } from "./metrics";

export interface HttpObservation {
  reqId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
}

/**
 * Stamps the request id on `req` (replacing what the client sent, so the app reads a checked
 * value) and on the answer; logs when the answer is finished or the client went away.
 */
export function observeHttpRequest(
  req: IncomingMessage,
  res: ServerResponse,
  routeOf: RouteLabeler,
  onDone?: (observation: HttpObservation) => void,
): string {
  const started = performance.now();
  const reqId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  req.headers[REQUEST_ID_HEADER] = reqId;
  res.setHeader("X-Request-Id", reqId);
  let logged = false;
  const done = () => {
    if (logged) return;
    logged = true;
    const observation: HttpObservation = {
      reqId,
      method: req.method ?? "GET",
      route: routeOf(new URL(req.url ?? "/", "http://localhost").pathname),
      // 499: the client closed the connection before the answer (as nginx logs it).
      status: res.writableFinished ? res.statusCode : 499,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    // Server actions are POSTs to the page's route; the action's id says which one.
    const action = req.headers["next-action"];
    // Build assets are many and uneventful: a debug line (PORTAL_LOG_LEVEL=debug shows them).
    const level = observation.route.startsWith("/_next") && observation.status < 400 ? "debug" : "info";
    log("http")[level]({ ...observation, ...(action ? { action: String(action).slice(0, 64) } : {}) }, "request");
    metrics().httpRequestDuration.observe(
      { method: observation.method, route: observation.route, status: String(observation.status) },
      observation.durationMs / 1000,
    );
    onDone?.(observation);
  };
  res.once("finish", done);
  res.once("close", done);
  return reqId;
}
