// Start-up against an AWS that is not the embedded emulator: the demo must not create desktops there.
// A separate emulator plays "AWS", behind a recording proxy that notes every AWS operation called.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/lib/aws-emulator/server";
import { getConfig, resetConfigForTests } from "@/lib/config";

let aws: RunningEmulator;
let proxy: http.Server;
let dataDir: string;
const calls: string[] = [];
const savedEnv = { ...process.env };

async function startRecordingProxy(target: string): Promise<string> {
  proxy = http.createServer((req, res) => {
    const operation = String(req.headers["x-amz-target"] ?? "").split(".").pop();
    if (operation) calls.push(operation);
    const upstream = http.request(new URL(req.url ?? "/", target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  // The demo directory and users exist in this "AWS", so nothing but the guard stops the seed.
  aws = await startEmulator({ port: 0, timeScale: "test", seed: true, sessions: false });
  const endpoint = await startRecordingProxy(aws.url);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-start-"));
  for (const name of Object.keys(process.env)) {
    if (name.startsWith("PORTAL_") || name.startsWith("AWS_") || name === "DATABASE_URL") delete process.env[name];
  }
  Object.assign(process.env, { PORTAL_DATA_DIR: dataDir, AWS_ENDPOINT_URL: endpoint, AWS_REGION: "us-east-1" });
  resetConfigForTests();
});

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await aws?.close();
  process.env = savedEnv;
  resetConfigForTests();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("start-up with the emulator off and an emulator elsewhere as AWS", () => {
  it("seeds no demo and makes no CreateWorkspaces call", async () => {
    const config = getConfig();
    expect(config.emulator.enabled).toBe(false);
    expect(config.embedded).toBe(true);
    const { startServices } = await import("./start-services");
    const services = await startServices(config);
    try {
      expect(services.seeded).toBe(false);
      // No admin, so start-up offers the one-time link that creates the first one.
      expect(services.setupLink?.url).toMatch(/^https?:\/\/[^/]+\/setup\?token=[\w-]{43}$/);
      // The portal does talk to this AWS (the catalogue refresh) ...
      await waitFor(() => calls.includes("DescribeWorkspaceBundles"), 20_000);
      // ... and its worker runs several passes meanwhile (it polls every second).
      await new Promise((r) => setTimeout(r, 4_000));
      const { db } = await import("@/lib/db/client");
      expect(await db.operation.count({ where: { type: "CREATE" } })).toBe(0);
      expect(await db.user.count()).toBe(0);
      expect(await db.setupToken.count()).toBe(1);
      expect(calls).not.toContain("CreateWorkspaces");
      expect(aws.runtime.ctx.store.workspaces.size).toBe(0);
    } finally {
      await services.stop();
    }
  });
});
