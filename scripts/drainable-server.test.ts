// SIGTERM drains the web server: a slow request in flight still gets its answer, while a new
// connection is refused at once (the load balancer sends it to another instance).
import { spawn } from "node:child_process";
import http from "node:http";
import { expect, it } from "vitest";

function get(port: number, path: string, agent?: http.Agent): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent }, (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
      })
      .on("error", reject);
  });
}

it("after SIGTERM a slow request in flight completes, a new connection is refused, then the process exits 0", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "test-support/drainable-server-cli.ts"], {
    env: { ...process.env, SLOW_MS: "1500" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on("data", (chunk) => {
        output += chunk;
        const match = /listening (\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      child.on("exit", () => reject(new Error(output)));
    });
    // A kept-alive connection that is idle when SIGTERM comes must not hold the process open.
    const keepAlive = new http.Agent({ keepAlive: true });
    expect((await get(port, "/quick", keepAlive)).body).toBe("done /quick");

    const slow = get(port, "/slow");
    await new Promise((r) => setTimeout(r, 300)); // the slow request is in flight
    const signalledAt = Date.now();
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));

    await expect(get(port, "/quick")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    const answer = await slow;
    expect(answer).toMatchObject({ status: 200, body: "done /slow", connection: "close" });
    expect(await exited, output).toBe(0);
    // It exits once the last request is answered, not at a timeout.
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    keepAlive.destroy();
  } finally {
    child.kill("SIGKILL");
  }
}, 60_000);
