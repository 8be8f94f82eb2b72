// The shared rate limiter on a real test database (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { createTestDb, type TestDb } from "@/test-support/test-db";
import { DbRateLimiter } from "./db-rate-limiter";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.db.awsRateBucket.deleteMany();
});

const key = (operation: string, region = "us-east-1") => ({ account: "a", region, operation });

function fakeClock(start = Date.parse("2026-01-01T00:00:00Z")) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe("DbRateLimiter", () => {
  it("lets a burst through, then queues callers at the rate (reservations)", async () => {
    const clock = fakeClock();
    const limiter = new DbRateLimiter(t.db, { rates: { X: { ratePerSecond: 2, burst: 3 } }, now: clock.now });
    const waits = [];
    for (let i = 0; i < 6; i++) waits.push(await limiter.reserve(key("X")));
    expect(waits).toEqual([0, 0, 0, 500, 1000, 1500]);
    clock.advance(10_000);
    expect(await limiter.reserve(key("X"))).toBe(0);
    expect((await limiter.snapshot(key("X")))?.tokens).toBeCloseTo(2, 5); // refilled to burst 3, minus this one
  });

  it("keeps one bucket per account, region and operation", async () => {
    const clock = fakeClock();
    const limiter = new DbRateLimiter(t.db, { rates: {}, defaultRate: { ratePerSecond: 1, burst: 1 }, now: clock.now });
    expect(await limiter.reserve(key("A"))).toBe(0);
    expect(await limiter.reserve(key("B"))).toBe(0);
    expect(await limiter.reserve(key("A", "eu-west-1"))).toBe(0);
    expect(await limiter.reserve(key("A"))).toBe(1000);
  });

  it("AIMD: a throttle cuts the shared rate once per window, and it grows back while AWS stops throttling", async () => {
    const clock = fakeClock();
    const limiter = new DbRateLimiter(t.db, {
      rates: { X: { ratePerSecond: 4, burst: 4 } },
      throttleFactor: 0.5,
      recoveryPerSecond: 0.1,
      decreaseWindowMs: 1_000,
      now: clock.now,
    });
    await limiter.reserve(key("X"));
    await limiter.reportThrottle(key("X"));
    await limiter.reportThrottle(key("X")); // same burst: not cut twice
    let s = await limiter.snapshot(key("X"));
    expect(s?.rate).toBeCloseTo(2, 5);
    expect(s?.tokens).toBeLessThanOrEqual(0);
    expect(s?.throttles).toBe(1);
    clock.advance(1_500);
    await limiter.reportThrottle(key("X"));
    s = await limiter.snapshot(key("X"));
    // 2 + 0.4/s * 1.5 s = 2.6, then halved.
    expect(s?.rate).toBeCloseTo(1.3, 5);
    expect(s?.throttles).toBe(2);
    // Nobody gets a token until the bucket refills at the lowered rate.
    expect(await limiter.reserve(key("X"))).toBeGreaterThan(0);
    clock.advance(60_000);
    await limiter.reserve(key("X"));
    s = await limiter.snapshot(key("X"));
    expect(s?.rate).toBeCloseTo(4, 5); // back to the ceiling, never above
  });

  it("never cuts below the floor", async () => {
    const clock = fakeClock();
    const limiter = new DbRateLimiter(t.db, {
      rates: { X: { ratePerSecond: 10, burst: 1 } },
      throttleFactor: 0.1,
      minRateFraction: 0.05,
      decreaseWindowMs: 0,
      now: clock.now,
    });
    await limiter.reserve(key("X"));
    for (let i = 0; i < 5; i++) await limiter.reportThrottle(key("X"));
    expect((await limiter.snapshot(key("X")))?.rate).toBeCloseTo(0.5, 5);
  });

  it("gives the token back when the caller gives up waiting", async () => {
    const clock = fakeClock();
    const limiter = new DbRateLimiter(t.db, {
      rates: { X: { ratePerSecond: 1, burst: 1 } },
      now: clock.now,
      sleep: (_ms, signal) => new Promise((_, reject) => signal?.addEventListener("abort", () => reject(new Error("aborted")))),
    });
    await limiter.acquire(key("X"));
    const controller = new AbortController();
    const waiting = limiter.acquire(key("X"), controller.signal);
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await expect(waiting).rejects.toThrow("aborted");
    expect((await limiter.snapshot(key("X")))?.tokens).toBeCloseTo(0, 5);
  });

  it("uses the database clock by default", async () => {
    const limiter = new DbRateLimiter(t.db, { rates: { X: { ratePerSecond: 1, burst: 2 } } });
    expect(await limiter.reserve(key("X"))).toBe(0);
    expect(await limiter.reserve(key("X"))).toBe(0);
    const wait = await limiter.reserve(key("X"));
    expect(wait).toBeGreaterThan(800);
    expect(wait).toBeLessThanOrEqual(1000);
  });
});

// Two processes are two connection pools on one PostgreSQL database: together they get the rate once.
describe.skipIf(!process.env.TEST_DATABASE_URL)("DbRateLimiter on PostgreSQL, two clients", () => {
  it("two clients share one bucket: 40 concurrent reservations are spread over the shared rate", async () => {
    expect(t.kind).toBe("postgres");
    const pool = t.driver.kind === "postgres" ? t.driver.pool : undefined;
    const dbName = (await pool!.query("select current_database() as d")).rows[0].d as string;
    const serverUrl = new URL(process.env.TEST_DATABASE_URL!);
    serverUrl.pathname = `/${dbName}`;
    const other = createDb({ databaseUrl: serverUrl.toString() });
    try {
      const rates = { X: { ratePerSecond: 10, burst: 10 } };
      const a = new DbRateLimiter(t.db, { rates });
      const b = new DbRateLimiter(other.db, { rates });
      const waits = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).reserve(key("X"))));
      waits.sort((x, y) => x - y);
      // 10 at once, the other 30 spaced 100 ms apart: the last waits ~3 s, whoever asked.
      expect(waits.filter((w) => w === 0).length).toBeGreaterThanOrEqual(10);
      expect(waits.filter((w) => w === 0).length).toBeLessThanOrEqual(11);
      expect(waits[39]).toBeGreaterThan(2_500);
    } finally {
      await other.close();
    }
  });
});
