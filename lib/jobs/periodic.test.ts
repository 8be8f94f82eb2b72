import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runEvery } from "./periodic";

// The loop every periodic job shares (billing, lifecycle, housekeeping, approval reminders).
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("runEvery", () => {
  it("runs a pass at once, then one tick after the previous pass ended, never two at a time", async () => {
    const starts: number[] = [];
    let running = 0;
    let overlapped = false;
    const loop = runEvery(1_000, async () => {
      starts.push(Date.now());
      running++;
      if (running > 1) overlapped = true;
      await new Promise((r) => setTimeout(r, 400)); // a pass that takes 400 ms
      running--;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_399);
    expect(starts).toHaveLength(1); // the next pass waits a full tick after this one ended
    await vi.advanceTimersByTimeAsync(1);
    expect(starts).toHaveLength(2);
    expect(starts[1] - starts[0]).toBe(1_400);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(overlapped).toBe(false);
    await loop.stop();
  });

  it("with firstAfterTick waits one tick before the first pass", async () => {
    let passes = 0;
    const loop = runEvery(
      60_000,
      async () => {
        passes++;
      },
      { firstAfterTick: true },
    );
    await vi.advanceTimersByTimeAsync(59_999);
    expect(passes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toBe(1);
    await loop.stop();
  });

  it("stop() wakes the wait at once and resolves only after the running pass has finished", async () => {
    let finished = 0;
    let release!: () => void;
    const loop = runEvery(60_000, async () => {
      await new Promise<void>((r) => (release = r));
      finished++;
    });
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false); // the pass is still running
    release();
    await stopping;
    expect(finished).toBe(1);
    // Stopped while waiting: no further pass, no timer left behind.
    await vi.advanceTimersByTimeAsync(120_000);
    expect(finished).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
