import { describe, expect, it } from "vitest";
import { bulkJobState, emptyCounts, type ItemCounts } from "./item-status";

const counts = (patch: Partial<ItemCounts>): ItemCounts => ({ ...emptyCounts(), ...patch });

describe("a bulk job's state tells clean, partly failed and failed endings apart", () => {
  it.each([
    [{ AVAILABLE: 30 }, false, "COMPLETED"],
    [{ DONE: 28, SKIPPED: 2 }, false, "COMPLETED"],
    [{ AVAILABLE: 29, FAILED: 1 }, false, "COMPLETED_WITH_FAILURES"],
    [{ DONE: 2, SKIPPED: 1, FAILED: 1 }, false, "COMPLETED_WITH_FAILURES"],
    // The case: 46 items, all failed, used to show a green "Completed".
    [{ FAILED: 46 }, false, "FAILED"],
    [{ FAILED: 3, SKIPPED: 2 }, false, "FAILED"],
    [{ FAILED: 1, QUEUED: 1 }, false, "RUNNING"],
    [{ DONE: 1, CANCELLED: 4 }, true, "CANCELLED"],
    [{ IN_PROGRESS: 1, CANCELLED: 4 }, true, "RUNNING"],
  ] as const)("%j (cancelled: %s) is %s", (patch, cancelled, state) => {
    expect(bulkJobState(counts(patch), cancelled)).toBe(state);
  });
});
