import { describe, expect, it } from "vitest";
import { costChangeText, monthlyCostChange, needsApproval, plainResizeFailure, planResize, type ResizeFacts } from "./rules";

const launched = new Date("2027-03-01T08:00:00Z");
const facts: ResizeFacts = {
  state: "AVAILABLE",
  computeType: "STANDARD",
  rootVolumeGiB: 80,
  userVolumeGiB: 50,
  launchedAt: launched,
  lastComputeIncreaseAt: null,
  lastComputeDecreaseAt: null,
  lastVolumeChangeAt: null,
};
const at = (hours: number) => new Date(launched.getTime() + hours * 3_600_000);

describe("AWS's timing rules, checked before any call", () => {
  it("refuses any change in the first 6 hours and says when it becomes possible", () => {
    expect(planResize(facts, { kind: "COMPUTE", computeType: "PERFORMANCE" }, at(2))).toEqual({
      ok: false,
      reason: "AWS does not change a desktop in the first 6 hours after it was created. This change becomes possible on 1 Mar 2027, 14:00 UTC.",
      field: null,
      possibleAt: at(6),
    });
    expect(planResize(facts, { kind: "COMPUTE", computeType: "PERFORMANCE" }, at(6))).toEqual({ ok: true, direction: "LARGER" });
  });

  it("allows a larger type once per 6 hours and a smaller one once per 30 days", () => {
    const grown = { ...facts, computeType: "PERFORMANCE", lastComputeIncreaseAt: at(10) };
    expect(planResize(grown, { kind: "COMPUTE", computeType: "POWER" }, at(12))).toMatchObject({ ok: false, field: "computeType", possibleAt: at(16) });
    expect(planResize(grown, { kind: "COMPUTE", computeType: "POWER" }, at(16))).toEqual({ ok: true, direction: "LARGER" });
    const shrunk = { ...grown, lastComputeDecreaseAt: at(10) };
    const smaller = planResize(shrunk, { kind: "COMPUTE", computeType: "VALUE" }, at(24 * 29));
    expect(smaller).toMatchObject({ ok: false, possibleAt: at(10 + 24 * 30) });
    expect(!smaller.ok && smaller.reason).toContain("once every 30 days");
    expect(planResize(shrunk, { kind: "COMPUTE", computeType: "VALUE" }, at(10 + 24 * 30))).toEqual({ ok: true, direction: "SMALLER" });
  });

  it("grows volumes only, into AWS's groups, once per 6 hours, on an available or stopped desktop", () => {
    expect(planResize(facts, { kind: "USER_VOLUME", sizeGiB: 50 }, at(7))).toMatchObject({ ok: false, field: "sizeGiB" });
    expect(planResize(facts, { kind: "USER_VOLUME", sizeGiB: 60 }, at(7))).toMatchObject({ ok: false, field: "sizeGiB" });
    expect(planResize(facts, { kind: "ROOT_VOLUME", sizeGiB: 175 }, at(7))).toMatchObject({ ok: false, reason: expect.stringContaining("user volume to 100 GB first") });
    expect(planResize({ ...facts, userVolumeGiB: 100 }, { kind: "ROOT_VOLUME", sizeGiB: 150 }, at(7))).toMatchObject({ ok: false, reason: expect.stringContaining("175 GB") });
    expect(planResize(facts, { kind: "USER_VOLUME", sizeGiB: 100 }, at(7))).toEqual({ ok: true, direction: "VOLUME" });
    expect(planResize({ ...facts, lastVolumeChangeAt: at(7) }, { kind: "USER_VOLUME", sizeGiB: 100 }, at(9))).toMatchObject({ ok: false, possibleAt: at(13) });
    expect(planResize({ ...facts, state: "REBOOTING" }, { kind: "USER_VOLUME", sizeGiB: 100 }, at(7))).toMatchObject({ ok: false, reason: expect.stringContaining("rebooting") });
    expect(planResize({ ...facts, state: "REBOOTING" }, { kind: "USER_VOLUME", sizeGiB: 100 }, at(7), false)).toMatchObject({ ok: true });
  });

  it("keeps graphics and non-graphics apart", () => {
    expect(planResize(facts, { kind: "COMPUTE", computeType: "GRAPHICS_G4DN" }, at(7))).toMatchObject({ ok: false, field: "computeType" });
  });
});

describe("approval and cost", () => {
  it("needs an approver for what costs more only", () => {
    expect([needsApproval("LARGER"), needsApproval("VOLUME"), needsApproval("SMALLER")]).toEqual([true, true, false]);
  });

  it("states the month's cost change in each billing mode", () => {
    const price = (alwaysOnMonthly: number, autoStopMonthly: number, autoStopHourly: number) => ({ currency: "USD", alwaysOnMonthly, autoStopMonthly, autoStopHourly, includedStorageGiB: 130, storagePerGiBMonthly: 0.1 });
    const standard = price(35, 9.75, 0.3);
    const performance = price(60, 13, 0.59);
    expect(costChangeText(monthlyCostChange({ runningMode: "ALWAYS_ON", from: standard, to: performance, storageFromGiB: 130, storageToGiB: 130 }))).toBe("+$25.00 a month");
    expect(costChangeText(monthlyCostChange({ runningMode: "AUTO_STOP", from: standard, to: performance, storageFromGiB: 130, storageToGiB: 130 }))).toBe(
      "+$3.25 a month, and +$0.29 for every hour it runs",
    );
    expect(costChangeText(monthlyCostChange({ runningMode: "ALWAYS_ON", from: standard, to: standard, storageFromGiB: 130, storageToGiB: 180 }))).toBe("+$5.00 a month");
    expect(costChangeText(monthlyCostChange({ runningMode: "ALWAYS_ON", from: performance, to: standard, storageFromGiB: 130, storageToGiB: 130 }))).toBe("−$25.00 a month");
    expect(costChangeText(null)).toContain("not in the price list");
  });

  it("turns AWS's refusal into plain words with the date to try again", () => {
    expect(
      plainResizeFailure("InvalidResourceStateException", "The compute type of WorkSpace ws-1 was modified less than 6 hours ago; try again after 2027-03-01T20:00:00.000Z."),
    ).toBe("AWS allows this change once every 6 hours, and it was changed more recently. It becomes possible on 1 Mar 2027, 20:00 UTC.");
    expect(plainResizeFailure("OperationInProgressException", "busy")).toContain("still making another change");
  });
});
