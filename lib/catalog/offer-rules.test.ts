import { describe, expect, it } from "vitest";
import { isOutdatedBundle, offerReaches, requestableBundles } from "./offer-rules";

const b = (id: string, name: string, available = true) => ({ id, name, available });
const bundles = [
  b("wsb-win10std", "Standard with Windows 10 (Server 2022 based)"),
  b("wsb-srv22std", "Standard with Windows Server 2022"),
  b("wsb-ubuntu01", "Standard with Ubuntu 22.04"),
  b("wsb-al2std01", "Standard with Amazon Linux 2"),
  b("wsb-retired1", "Power with Windows Server 2022", false),
];
const employee = { role: "EMPLOYEE" as const, groups: ["Finance"], directoryId: "d-1" };
const offer = (bundleId: string, audience: Partial<{ roles: ("EMPLOYEE" | "APPROVER" | "ADMIN")[]; groups: string[]; directoryIds: string[] }> = {}) => ({
  bundleId,
  displayName: `Offer ${bundleId}`,
  description: "",
  roles: [],
  groups: [],
  directoryIds: [],
  ...audience,
});

describe("the catalogue", () => {
  it("on a fresh install offers every current bundle except outdated ones", () => {
    expect(requestableBundles(bundles, [], employee).map((x) => x.id)).toEqual(["wsb-srv22std", "wsb-ubuntu01"]);
  });

  it("once an admin offers bundles, shows only those, under their display names, outdated ones included", () => {
    const shown = requestableBundles(bundles, [offer("wsb-win10std"), offer("wsb-ubuntu01")], employee);
    expect(shown.map((x) => [x.id, x.displayName])).toEqual([
      ["wsb-win10std", "Offer wsb-win10std"],
      ["wsb-ubuntu01", "Offer wsb-ubuntu01"],
    ]);
  });

  it("drops an offered bundle AWS no longer lists", () => {
    expect(requestableBundles(bundles, [offer("wsb-retired1"), offer("wsb-srv22std")], employee).map((x) => x.id)).toEqual(["wsb-srv22std"]);
  });

  it("reaches people by role or group, and by directory", () => {
    expect(offerReaches(offer("x", { roles: ["APPROVER"] }), employee)).toBe(false);
    expect(offerReaches(offer("x", { roles: ["APPROVER"], groups: ["finance"] }), employee)).toBe(true);
    expect(offerReaches(offer("x", { directoryIds: ["d-2"] }), employee)).toBe(false);
    expect(offerReaches(offer("x", { directoryIds: ["d-1"] }), { ...employee, directoryId: null })).toBe(false);
  });

  it("calls Windows 10 and Amazon Linux 2 outdated, not Windows 11 or Amazon Linux 2023", () => {
    expect(isOutdatedBundle({ name: "Value with Windows 10 (Server 2019 based)" })).toBe(true);
    expect(isOutdatedBundle({ name: "Standard with Amazon Linux 2" })).toBe(true);
    expect(isOutdatedBundle({ name: "Standard with Windows 11" })).toBe(false);
    expect(isOutdatedBundle({ name: "Standard with Amazon Linux 2023" })).toBe(false);
  });
});
