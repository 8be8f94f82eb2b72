import { describe, expect, it } from "vitest";
import { RequestThrottle } from "./request-throttle";

describe("RequestThrottle", () => {
  it("allows a burst, then refills at the configured rate per operation", () => {
    let now = 0;
    const throttle = new RequestThrottle({ default: { ratePerSecond: 2, burst: 3 } }, () => now);
    expect([1, 2, 3, 4].map(() => throttle.tryTake("DescribeWorkspaces"))).toEqual([true, true, true, false]);
    expect(throttle.tryTake("DescribeTags")).toBe(true); // separate bucket
    now = 499;
    expect(throttle.tryTake("DescribeWorkspaces")).toBe(false);
    now = 500;
    expect(throttle.tryTake("DescribeWorkspaces")).toBe(true);
    now = 60_000;
    expect([1, 2, 3, 4].map(() => throttle.tryTake("DescribeWorkspaces"))).toEqual([true, true, true, false]);
  });

  it("uses per-operation limits over the default and can be reconfigured", () => {
    let now = 0;
    const throttle = new RequestThrottle({ operations: { CreateWorkspaces: { ratePerSecond: 1, burst: 1 } } }, () => now);
    expect(throttle.tryTake("DescribeWorkspaces")).toBe(true);
    expect(throttle.tryTake("CreateWorkspaces")).toBe(true);
    expect(throttle.tryTake("CreateWorkspaces")).toBe(false);
    throttle.configure({});
    expect(throttle.tryTake("CreateWorkspaces")).toBe(true);
    now = 1;
  });
});
