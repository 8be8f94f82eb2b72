import { describe, expect, it } from "vitest";
import { costChangeText } from "../resize/rules";
import { checkMigration, migrationCostChange } from "./rules";

const price = (alwaysOnMonthly: number, autoStopMonthly: number, autoStopHourly: number, includedStorageGiB: number) => ({
  currency: "USD",
  alwaysOnMonthly,
  autoStopMonthly,
  autoStopHourly,
  includedStorageGiB,
  storagePerGiBMonthly: 0.1,
});
const value = price(25, 7.25, 0.22, 90);
const power = price(78, 19, 0.68, 275);

describe("the month's cost change of another bundle", () => {
  it("is the new compute type's fee, with the new root volume and the kept user volume", () => {
    // Value 80 + 10 GB → Power with a 175 GB root: 175 + 10 = 185 GB, within Power's 275 GB.
    const base = { from: value, to: power, rootVolumeGiB: 80, userVolumeGiB: 10, toRootVolumeGiB: 175 };
    expect(costChangeText(migrationCostChange({ ...base, runningMode: "ALWAYS_ON" }))).toBe("+$53.00 a month");
    expect(costChangeText(migrationCostChange({ ...base, runningMode: "AUTO_STOP" }))).toBe("+$11.75 a month, and +$0.46 for every hour it runs");
  });

  it("counts the kept user volume above what the new bundle includes, and is cheaper going down", () => {
    // Power 175 + 200 GB (375: 100 GB above Power's 275) → Value 80 root + the kept 200 GB (280: 190 above Value's 90).
    const down = migrationCostChange({ runningMode: "ALWAYS_ON", from: power, to: value, rootVolumeGiB: 175, userVolumeGiB: 200, toRootVolumeGiB: 80 });
    expect(costChangeText(down)).toBe("−$44.00 a month"); // (25 + 19) − (78 + 10)
  });

  it("says the price is unknown rather than guess when a price row is missing", () => {
    expect(costChangeText(migrationCostChange({ runningMode: "ALWAYS_ON", from: value, to: undefined, rootVolumeGiB: 80, userVolumeGiB: 10, toRootVolumeGiB: 175 }))).toContain("not in the price list");
  });
});

describe("what AWS migrates", () => {
  it("only Windows desktops that are available or stopped, to another Windows bundle", () => {
    const desktop = { state: "AVAILABLE", workspaceId: "ws-1", bundleId: "wsb-a", platform: "WINDOWS" };
    expect(checkMigration(desktop, { id: "wsb-b", platform: "WINDOWS" })).toEqual({ allowed: true });
    expect(checkMigration(desktop, { id: "wsb-a", platform: "WINDOWS" })).toMatchObject({ allowed: false });
    expect(checkMigration({ ...desktop, state: "REBOOTING" })).toMatchObject({ allowed: false, reason: expect.stringContaining("available or stopped") });
  });
});
