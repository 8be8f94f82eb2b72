// Shared pieces of the benchmarks: a limiter that counts what is actually sent, a table printer,
// free ports and small timing helpers. Everything runs on loopback.
import net from "node:net";
import type { RateLimiter, RateLimitKey } from "@/lib/aws/rate-limiter";

/** Wraps the limiter the portal uses and counts every HTTP attempt (SDK retries included). */
export class CountingLimiter implements RateLimiter {
  readonly attempts = new Map<string, number>();
  readonly throttles = new Map<string, number>();
  constructor(private readonly inner: RateLimiter) {}
  async acquire(key: RateLimitKey, signal?: AbortSignal) {
    this.attempts.set(key.operation, (this.attempts.get(key.operation) ?? 0) + 1);
    return this.inner.acquire(key, signal);
  }
  reportThrottle(key: RateLimitKey) {
    this.throttles.set(key.operation, (this.throttles.get(key.operation) ?? 0) + 1);
    return this.inner.reportThrottle(key);
  }
  total() {
    return [...this.attempts.values()].reduce((a, b) => a + b, 0);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(everyMs);
  }
  return false;
}

const listenOn = (port: number) =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

// BENCH_PORTS=3302-3399: take ports from that range only (machines shared by several people).
const range = /^(\d+)-(\d+)$/.exec(process.env.BENCH_PORTS ?? "");
let nextInRange = range ? Number(range[1]) : 0;

export async function freePort(): Promise<number> {
  if (!range) return listenOn(0);
  while (nextInRange <= Number(range[2])) {
    const port = nextInRange++;
    try {
      return await listenOn(port);
    } catch {
      // Taken: try the next one.
    }
  }
  throw new Error(`no free port left in BENCH_PORTS=${process.env.BENCH_PORTS}`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export type Row = [string, string, string, string?];

/** Prints `| what | value | target / note |` rows as an aligned table. */
export function printTable(title: string, rows: Row[]) {
  const header: Row = ["measure", "value", "target / note"];
  const all = [header, ...rows].map((r) => [r[0], r[1], r[2] ?? ""]);
  const widths = [0, 1, 2].map((i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(`\n${title}`);
  console.log(line(all[0]));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of all.slice(1)) console.log(line(r));
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export const quietLogger = {
  info: () => {},
  error: (message: string, details?: Record<string, unknown>) => console.error(`[bench worker] ${message}`, details ?? ""),
};
