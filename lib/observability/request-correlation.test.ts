// Integration: one request id from an HTTP request (through the portal server's observer and a real
// server action) to the operation row it writes, and to the worker's log line of the AWS call,
// next to AWS's own request id (the emulator, through the real SDK).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startHarness, type Harness } from "@/test-support/worker-harness";
import { runWorkerOnce } from "@/lib/jobs/worker";
import { reconcileOnce } from "@/lib/jobs/reconcile";
import { createLogger, replaceLogger } from "./logger";
import { observeHttpRequest } from "./http-observer";
import { routeLabeler } from "./route-label";

let h: Harness;
let caller: { id: string; email: string; name: string; role: "ADMIN" } | null = null;
let requestHeaders = new Headers();

vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return h.db;
  },
}));
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => caller, getCurrentUser: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
// What Next.js hands the action: the headers of the request the portal's server passed on.
vi.mock("next/headers", () => ({ headers: async () => requestHeaders }));

const { runDesktopAction } = await import("@/lib/desktops/actions");

const lines: Record<string, unknown>[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let server: http.Server;
let baseUrl: string;
let desktopId: string;

beforeAll(async () => {
  replaceLogger(createLogger({ format: "json", level: "info", destination: capture }));
  h = await startHarness();
  const approver = await h.db.user.findUniqueOrThrow({ where: { id: h.approverId } });
  caller = { id: approver.id, email: approver.email, name: approver.name, role: "ADMIN" };
  // A desktop that exists and is AVAILABLE, so that a reboot may be asked for.
  ({ desktopId } = await h.approve({ userName: "alice" }));
  await runWorkerOnce(h.workerOptions());
  await h.advanceClock(1300);
  await reconcileOnce({ db: h.db, aws: h.aws, logger: h.workerOptions().logger! });
  expect((await h.db.desktop.findUniqueOrThrow({ where: { id: desktopId } })).state).toBe("AVAILABLE");

  // The portal's server in small: the observer first, then "Next.js" running the server action.
  const routeOf = routeLabeler({ dynamicRoutes: [{ page: "/desktops/[id]", regex: "^/desktops/([^/]+?)(?:/)?$" }] });
  server = http.createServer((req, res) => {
    observeHttpRequest(req, res, routeOf);
    requestHeaders = new Headers(Object.entries(req.headers).map(([k, v]): [string, string] => [k, String(v)]));
    void runDesktopAction({ desktopId, action: "reboot" }).then((result) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(result));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
});

it("carries the proxy's X-Request-Id into the web log line, the operation row and the worker's line with AWS's request id", async () => {
  const reqId = "nginx-7f3a9c1e5b2d4a60";
  const response = await fetch(`${baseUrl}/desktops/${desktopId}`, { method: "POST", headers: { "X-Request-Id": reqId } });
  expect(await response.json()).toEqual({ ok: true });
  expect(response.headers.get("x-request-id")).toBe(reqId);

  // The web line.
  const web = lines.find((l) => l.component === "http" && l.reqId === reqId);
  expect(web).toMatchObject({ method: "POST", route: "/desktops/[id]", status: 200 });

  // The operation the action queued.
  const operation = await h.db.operation.findFirstOrThrow({ where: { type: "REBOOT", desktopId } });
  expect(operation.httpRequestId).toBe(reqId);

  // The worker sends it; its line names AWS's request id, the same one the AwsCall row keeps.
  await runWorkerOnce(h.workerOptions());
  const call = await h.db.awsCall.findFirstOrThrow({ where: { operation: "RebootWorkspaces" } });
  expect(call.awsRequestId).toMatch(/[0-9a-f-]{36}/);
  expect(call.operationIds).toEqual([operation.id]);
  const worker = lines.find((l) => l.component === "aws" && (l.aws as { operation?: string })?.operation === "RebootWorkspaces");
  expect(worker).toMatchObject({ reqId, operationIds: [operation.id], aws: { requestId: call.awsRequestId, httpStatus: 200 } });
});

it("gives a request without a usable X-Request-Id a new one, on the operation too", async () => {
  await h.db.operation.updateMany({ where: { status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "SUCCEEDED" } });
  await h.advanceClock(1300);
  await reconcileOnce({ db: h.db, aws: h.aws, logger: h.workerOptions().logger! });
  const response = await fetch(`${baseUrl}/desktops/${desktopId}`, { method: "POST", headers: { "X-Request-Id": "bad id\twith tab" } });
  expect(await response.json()).toEqual({ ok: true });
  const given = response.headers.get("x-request-id");
  expect(given).toMatch(/^[0-9a-f-]{36}$/);
  const operation = await h.db.operation.findFirstOrThrow({ where: { type: "REBOOT", desktopId, status: "QUEUED" } });
  expect(operation.httpRequestId).toBe(given);
  expect(lines.some((l) => l.component === "http" && l.reqId === given)).toBe(true);
});
