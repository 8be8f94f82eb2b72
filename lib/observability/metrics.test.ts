// Integration: scrape the metrics port as Prometheus would, and see each metric move when the thing
// it counts happens: a queued, sent or failed operation, an AWS call, a throttled AWS call, a worker
// pass, a stale desktop, an HTTP request, a failed sign-in.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test-support/worker-harness";
import { runWorkerOnce } from "@/lib/jobs/worker";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { hashPassword } from "@/lib/auth/password";
import { startMetricsServer, type MetricsServer } from "./metrics-server";
import { observeHttpRequest } from "./http-observer";
import { routeLabeler } from "./route-label";
import { prometheusSamples } from "@/test-support/prometheus-text";

let h: Harness;
let server: MetricsServer;

beforeAll(async () => {
  h = await startHarness();
  server = await startMetricsServer({ db: h.db, port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

/** One sample's value from the exposition text (0 when the series is absent). */
async function scrape(): Promise<(name: string, labels?: Record<string, string>) => number> {
  const response = await fetch(server.url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return prometheusSamples(await response.text());
}

async function availableDesktop(userName: string): Promise<string> {
  const { desktopId } = await h.approve({ userName });
  await h.drain();
  await h.advanceClock(1300);
  const { reconcileOnce } = await import("@/lib/jobs/reconcile");
  await reconcileOnce({ db: h.db, aws: h.aws, logger: h.workerOptions().logger! });
  const desktop = await h.db.desktop.findUniqueOrThrow({ where: { id: desktopId } });
  expect(desktop.state).toBe("AVAILABLE");
  return desktopId;
}

describe("metrics", () => {
  it("answers only GET /metrics", async () => {
    const other = await fetch(server.url.replace("/metrics", "/"));
    expect(other.status).toBe(404);
  });

  it("queue gauges follow the operations table; AWS calls and worker passes are counted", async () => {
    const desktopId = await availableDesktop("user0101");
    // What the approval queued besides (the "desktop ready" e-mail) is not this test's.
    await h.db.operation.updateMany({ where: { status: "QUEUED" }, data: { status: "CANCELLED" } });
    let read = await scrape();
    expect(read("portal_operations", { type: "REBOOT", status: "QUEUED" })).toBe(0);
    expect(read("portal_oldest_queued_operation_age_seconds")).toBe(0);
    const callsBefore = read("portal_aws_calls_total", { service: "workspaces", operation: "RebootWorkspaces", outcome: "success" });
    const passesBefore = read("portal_worker_pass_duration_seconds_count", { work: "claimed" });

    const opId = await h.enqueueAction(desktopId, "REBOOT");
    // Queued two minutes ago, as if the worker had been down.
    await h.db.operation.update({ where: { id: opId }, data: { createdAt: new Date(Date.now() - 120_000) } });
    read = await scrape();
    expect(read("portal_operations", { type: "REBOOT", status: "QUEUED" })).toBe(1);
    expect(read("portal_oldest_queued_operation_age_seconds")).toBeGreaterThanOrEqual(120);

    await runWorkerOnce(h.workerOptions());
    read = await scrape();
    expect(read("portal_operations", { type: "REBOOT", status: "QUEUED" })).toBe(0);
    expect(read("portal_oldest_queued_operation_age_seconds")).toBe(0);
    expect(read("portal_aws_calls_total", { service: "workspaces", operation: "RebootWorkspaces", outcome: "success" })).toBe(callsBefore + 1);
    expect(read("portal_worker_pass_duration_seconds_count", { work: "claimed" })).toBe(passesBefore + 1);
  });

  it("counts failed and running operations by type", async () => {
    const desktopId = await availableDesktop("user0102");
    const failed = await h.enqueueAction(desktopId, "STOP");
    await h.db.operation.update({ where: { id: failed }, data: { status: "FAILED" } });
    const running = await h.enqueueAction(desktopId, "START");
    await h.db.operation.update({ where: { id: running }, data: { status: "RUNNING", lockedBy: "elsewhere", lockedUntil: new Date(Date.now() + 60_000) } });
    const read = await scrape();
    expect(read("portal_operations", { type: "STOP", status: "FAILED" })).toBe(1);
    expect(read("portal_operations", { type: "START", status: "RUNNING" })).toBe(1);
    await h.db.operation.deleteMany({ where: { id: { in: [failed, running] } } });
  });

  it("counts throttled AWS calls, each attempt the SDK retried too", async () => {
    const desktopId = await availableDesktop("user0103");
    await h.configureEmulator({ throttle: { operations: { RebootWorkspaces: { ratePerSecond: 0.001, burst: 1 } } } });
    const before = await scrape();
    const throttledBefore = before("portal_aws_throttled_total", { service: "workspaces", operation: "RebootWorkspaces" });
    const outcomeBefore = before("portal_aws_calls_total", { service: "workspaces", operation: "RebootWorkspaces", outcome: "throttled" });
    // The burst of one goes to the first reboot; the second is throttled.
    await h.enqueueAction(desktopId, "REBOOT");
    await runWorkerOnce(h.workerOptions());
    await h.advanceClock(1300);
    const { reconcileOnce } = await import("@/lib/jobs/reconcile");
    await reconcileOnce({ db: h.db, aws: h.aws, logger: h.workerOptions().logger! });
    await h.enqueueAction(desktopId, "REBOOT");
    await runWorkerOnce(h.workerOptions());
    const read = await scrape();
    // The harness's SDK makes two attempts: both throttled, one call that failed as throttled.
    expect(read("portal_aws_throttled_total", { service: "workspaces", operation: "RebootWorkspaces" })).toBe(throttledBefore + 2);
    expect(read("portal_aws_calls_total", { service: "workspaces", operation: "RebootWorkspaces", outcome: "throttled" })).toBe(outcomeBefore + 1);
    await h.configureEmulator({ throttle: {} });
    await h.db.operation.updateMany({ where: { status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "CANCELLED" } });
  });

  it("reports how long ago the stalest changing desktop and the stalest desktop were seen in AWS", async () => {
    const desktopId = await availableDesktop("user0104");
    await h.db.desktop.updateMany({ data: { lastSeenAt: new Date() } });
    await h.db.desktop.update({ where: { id: desktopId }, data: { state: "STOPPING", lastSeenAt: new Date(Date.now() - 300_000) } });
    const read = await scrape();
    expect(read("portal_reconciliation_lag_seconds", { scope: "changing" })).toBeGreaterThanOrEqual(300);
    expect(read("portal_reconciliation_lag_seconds", { scope: "fleet" })).toBeGreaterThanOrEqual(300);
    await h.db.desktop.update({ where: { id: desktopId }, data: { state: "AVAILABLE", lastSeenAt: new Date() } });
    const after = await scrape();
    expect(after("portal_reconciliation_lag_seconds", { scope: "changing" })).toBe(0);
    expect(after("portal_reconciliation_lag_seconds", { scope: "fleet" })).toBeLessThan(60);
  });

  it("times HTTP requests by route pattern, not by raw path", async () => {
    const routeOf = routeLabeler({ dynamicRoutes: [{ page: "/desktops/[id]", regex: "^/desktops/([^/]+?)(?:/)?$" }] });
    const web = http.createServer((req, res) => {
      observeHttpRequest(req, res, routeOf);
      setTimeout(() => res.end("ok"), 30);
    });
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    const labels = { method: "GET", route: "/desktops/[id]", status: "200" };
    const before = (await scrape())("portal_http_request_duration_seconds_count", labels);
    for (const id of ["dk-one", "dk-two", "dk-three"]) await (await fetch(`${base}/desktops/${id}`)).text();
    await new Promise((resolve) => web.close(resolve));
    const read = await scrape();
    expect(read("portal_http_request_duration_seconds_count", labels)).toBe(before + 3);
    expect(read("portal_http_request_duration_seconds_sum", labels)).toBeGreaterThanOrEqual(0.09);
    expect(read("portal_http_request_duration_seconds_count", { route: "/desktops/dk-one" })).toBe(0);
  });

  it("counts failed sign-ins", async () => {
    await h.db.user.create({ data: { email: "metrics-erin@example.com", name: "Erin", role: "EMPLOYEE", passwordHash: await hashPassword("the-right-password-1") } });
    const labels = { method: "password", outcome: "failure" };
    const before = (await scrape())("portal_sign_in_failures_total", labels);
    const verdict = await verifyCredentials(h.db, { email: "metrics-erin@example.com", password: "a-wrong-password", ipAddress: "203.0.113.50" });
    expect(verdict.ok).toBe(false);
    expect((await scrape())("portal_sign_in_failures_total", labels)).toBe(before + 1);
    const good = await verifyCredentials(h.db, { email: "metrics-erin@example.com", password: "the-right-password-1", ipAddress: "203.0.113.50" });
    expect(good.ok).toBe(true);
    expect((await scrape())("portal_sign_in_failures_total", labels)).toBe(before + 1);
  });
});
