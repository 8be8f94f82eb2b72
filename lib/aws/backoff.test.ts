import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "./backoff";

const policy = { baseMs: 1_000, capMs: 60_000 };

describe("backoffDelayMs", () => {
  it("doubles the ceiling each retry and draws from its upper half", () => {
    for (let retry = 1; retry <= 6; retry++) {
      const ceiling = 1_000 * 2 ** (retry - 1);
      expect(backoffDelayMs(retry, policy, () => 0)).toBe(ceiling / 2);
      expect(backoffDelayMs(retry, policy, () => 1)).toBe(ceiling);
    }
  });

  it("never exceeds the cap, even for huge retry numbers", () => {
    expect(backoffDelayMs(7, policy, () => 1)).toBe(60_000);
    expect(backoffDelayMs(500, policy, () => 1)).toBe(60_000);
    expect(backoffDelayMs(500, policy, () => 0)).toBe(30_000);
  });

  it("spreads callers that failed together (jitter)", () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelayMs(4, policy, random)));
    expect(delays.size).toBeGreaterThan(40);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(4_000);
      expect(d).toBeLessThanOrEqual(8_000);
    }
  });

  it("treats retry 0 like the first retry", () => {
    expect(backoffDelayMs(0, policy, () => 1)).toBe(1_000);
  });
});
