// The portal's HTTP server, drained on SIGTERM (scripts/start.ts): it stops listening at once, so
// a load balancer's new connections go to the other instances, and finishes the requests in flight
// before the process stops its services and exits.
import http, { type RequestListener } from "node:http";

export interface DrainableServer {
  server: http.Server;
  /**
   * Stops accepting connections, closes idle kept-alive ones, lets the requests in flight finish
   * (their connections then close), and resolves when none is left, or after graceMs (whatever is
   * still open is then cut).
   */
  drain(graceMs: number): Promise<void>;
}

export function createDrainableServer(handler: RequestListener): DrainableServer {
  let draining = false;
  const inFlight = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    // While draining, a kept-alive connection serves no further request after this one.
    if (draining) res.setHeader("Connection", "close");
    inFlight.add(res);
    res.on("close", () => {
      inFlight.delete(res);
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
    handler(req, res);
  });
  return {
    server,
    drain(graceMs) {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader("Connection", "close");
      return new Promise((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        cut.unref();
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
