// The control API refuses what a hostile web page can send: a cross-site "simple" POST (text/plain,
// no preflight) that would move the clock, and DNS rebinding (an attacker's host name resolving to
// 127.0.0.1) that would read the whole state. Local programs and the SDK are unaffected.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DescribeWorkspacesCommand } from "@aws-sdk/client-workspaces";
import { removeTempDirs, startTestEmulator, type TestEmulator } from "@/test-support/emulator-fixture";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t.close();
  removeTempDirs();
});

function send(method: string, path: string, headers: Record<string, string>, body = ""): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: t.emulator.port, method, path, headers }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const clockNow = async () => JSON.parse((await send("GET", "/emulator/clock", { host: `127.0.0.1:${t.emulator.port}` })).body).nowMs as number;

describe("emulator control API", () => {
  it("refuses a cross-site text/plain POST and leaves the clock alone", async () => {
    const before = await clockNow();
    const answer = await send(
      "POST",
      "/emulator/clock/advance",
      { host: `localhost:${t.emulator.port}`, origin: "https://evil.example", "content-type": "text/plain", "sec-fetch-site": "cross-site" },
      JSON.stringify({ seconds: 86_400 }),
    );
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).error).toMatch(/cross-site/);
    // Origin alone (an older browser without Sec-Fetch-Site) is enough to refuse.
    const originOnly = await send("POST", "/emulator/clock/advance", { host: `localhost:${t.emulator.port}`, origin: "https://evil.example", "content-type": "text/plain" }, JSON.stringify({ seconds: 86_400 }));
    expect(originOnly.status).toBe(403);
    expect((await clockNow()) - before).toBeLessThan(60_000);
  });

  it("refuses a rebound host name reading the state", async () => {
    const answer = await send("GET", "/emulator/state", { host: `rebind.evil.example:${t.emulator.port}` });
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain("workspaces");
  });

  it("answers local programs and same-origin local pages", async () => {
    expect((await send("GET", "/emulator/health", { host: `127.0.0.1:${t.emulator.port}` })).status).toBe(200);
    expect((await send("GET", "/emulator/health", { host: `[::1]:${t.emulator.port}` })).status).toBe(200);
    expect((await send("GET", "/emulator/health", { host: `localhost:${t.emulator.port}`, origin: `http://localhost:${t.emulator.port}` })).status).toBe(200);
    // The AWS endpoint itself is not the control API: the SDK keeps working.
    await expect(t.ws.send(new DescribeWorkspacesCommand({}))).resolves.toBeTruthy();
  });
});
