// The worker process's own /healthz and /readyz (WORKER_HEALTH_PORT): it serves no web pages, yet
// an orchestrator must see whether it is alive and passing. The web server answers the same paths
// through app/healthz and app/readyz.
import http from "node:http";
import type { Readiness } from "./readiness";
import { HEALTH_HEADERS, readinessAnswer } from "./readiness";

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

export async function startHealthServer(options: { port: number; host?: string; readiness: () => Promise<Readiness> }): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { ...HEALTH_HEADERS, "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, { status: "method not allowed" });
    if (path === "/healthz") return send(200, { status: "ok" });
    if (path !== "/readyz") return send(404, { status: "not found" });
    options.readiness().then(
      (readiness) => {
        const answer = readinessAnswer(readiness);
        send(answer.status, answer.body);
      },
      () => send(503, { status: "not ready" }),
    );
  });
  const host = options.host ?? "localhost";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
