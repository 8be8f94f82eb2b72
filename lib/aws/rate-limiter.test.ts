import { describe, expect, it } from "vitest";
import { TokenBucketRateLimiter } from "./rate-limiter";

function fakeClock() {
  let now = 0;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

const key = (operation: string, region = "us-east-1", account = "a") => ({ account, region, operation });

describe("TokenBucketRateLimiter", () => {
  it("lets a burst through at once, then spaces calls at the rate", () => {
    const clock = fakeClock();
    const limiter = new TokenBucketRateLimiter({
      rates: { DescribeWorkspaces: { ratePerSecond: 2, burst: 3 } },
      now: clock.now,
    });
    const waits = Array.from({ length: 6 }, () => limiter.reserve(key("DescribeWorkspaces")));
    // 3 immediately, then one every 500 ms (reservations queue up).
    expect(waits).toEqual([0, 0, 0, 500, 1000, 1500]);
  });

  it("refills over time, never above the burst", () => {
    const clock = fakeClock();
    const limiter = new TokenBucketRateLimiter({ rates: { X: { ratePerSecond: 1, burst: 2 } }, now: clock.now });
    limiter.reserve(key("X"));
    limiter.reserve(key("X"));
    expect(limiter.reserve(key("X"))).toBe(1000);
    clock.advance(60_000);
    expect(limiter.snapshot(key("X")).tokens).toBe(2);
  });

  it("keeps separate buckets per account, region and operation", () => {
    const clock = fakeClock();
    const limiter = new TokenBucketRateLimiter({ defaultRate: { ratePerSecond: 1, burst: 1 }, now: clock.now });
    expect(limiter.reserve(key("A"))).toBe(0);
    expect(limiter.reserve(key("A"))).toBe(1000);
    expect(limiter.reserve(key("B"))).toBe(0);
    expect(limiter.reserve(key("A", "eu-west-1"))).toBe(0);
    expect(limiter.reserve(key("A", "us-east-1", "other"))).toBe(0);
  });

  it("acquire waits for the reserved slot", async () => {
    const clock = fakeClock();
    const limiter = new TokenBucketRateLimiter({
      rates: { X: { ratePerSecond: 4, burst: 1 } },
      now: clock.now,
      sleep: clock.sleep,
    });
    await limiter.acquire(key("X"));
    expect(clock.now()).toBe(0);
    await limiter.acquire(key("X"));
    expect(clock.now()).toBe(250);
    await limiter.acquire(key("X"));
    expect(clock.now()).toBe(500);
  });

  it("a throttle empties the bucket and halves the rate, which then recovers", () => {
    const clock = fakeClock();
    const limiter = new TokenBucketRateLimiter({
      rates: { X: { ratePerSecond: 10, burst: 10 } },
      recoveryPerSecond: 0.1,
      now: clock.now,
    });
    limiter.reportThrottle(key("X"));
    expect(limiter.snapshot(key("X"))).toEqual({ tokens: 0, rate: 5 });
    expect(limiter.reserve(key("X"))).toBe(200); // 1 token at 5/s
    limiter.reportThrottle(key("X"));
    expect(limiter.snapshot(key("X")).rate).toBe(2.5);
    clock.advance(10_000); // +10% of base per second: fully recovered after 10 s
    expect(limiter.snapshot(key("X")).rate).toBe(10);
  });

  it("never lowers the rate below the floor", () => {
    const limiter = new TokenBucketRateLimiter({
      rates: { X: { ratePerSecond: 10, burst: 10 } },
      minRateFraction: 0.1,
      now: () => 0,
    });
    for (let i = 0; i < 20; i++) limiter.reportThrottle(key("X"));
    expect(limiter.snapshot(key("X")).rate).toBe(1);
  });

  it("an aborted wait gives its slot back", async () => {
    const clock = fakeClock();
    const limiter = new TokenBucketRateLimiter({
      rates: { X: { ratePerSecond: 1, burst: 1 } },
      now: clock.now,
    });
    await limiter.acquire(key("X"));
    const controller = new AbortController();
    const waiting = limiter.acquire(key("X"), controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    expect(limiter.snapshot(key("X")).tokens).toBe(0);
  });
});
