// Prometheus metrics on their own port (PORTAL_METRICS_PORT), apart from the portal's pages: the
// scraper needs no session, and the port can stay inside the network (PORTAL_METRICS_HOST).
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { PrismaClient } from "@/lib/db/generated/client";
import { log } from "./logger";
import { metrics, registerDatabaseGauges } from "./metrics";

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** Serves GET /metrics; the queue gauges are read from `db` at each scrape. */
export async function startMetricsServer(options: { db: PrismaClient; port: number; host: string }): Promise<MetricsServer> {
  const { registry } = metrics();
  registerDatabaseGauges(registry, options.db);
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "GET" || path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found: metrics are at GET /metrics\n");
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { "content-type": registry.contentType }).end(body),
      (error: unknown) => {
        log("metrics").error({ err: error }, "could not collect the metrics");
        res.writeHead(500, { "content-type": "text/plain" }).end("The metrics could not be collected.\n");
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}/metrics`;
  log("metrics").info({ url }, "serving Prometheus metrics");
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
