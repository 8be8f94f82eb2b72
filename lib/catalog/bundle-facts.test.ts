import { describe, expect, it } from "vitest";
import { compareBundles, hardwareOf, operatingSystemOf, operatingSystemRelease } from "./bundle-facts";

const bundle = (name: string, computeType = "STANDARD") => ({ name, computeType });

describe("bundle order", () => {
  it("offers the newest operating systems first and every Windows 10 bundle after newer Windows", () => {
    const names = [
      bundle("Standard with Windows 10 (Server 2019 based)"),
      bundle("Value with Windows 10 (Server 2022 based)", "VALUE"),
      bundle("Power with Windows Server 2022", "POWER"),
      bundle("Standard with Windows 10 (Server 2022 based)"),
      bundle("Standard with Windows 11"),
      bundle("Value with Windows Server 2022", "VALUE"),
      bundle("Standard with Windows Server 2019"),
    ]
      .sort(compareBundles)
      .map((b) => b.name);
    expect(names).toEqual([
      "Value with Windows Server 2022",
      "Power with Windows Server 2022",
      "Standard with Windows 11",
      "Standard with Windows Server 2019",
      "Value with Windows 10 (Server 2022 based)",
      "Standard with Windows 10 (Server 2022 based)",
      "Standard with Windows 10 (Server 2019 based)",
    ]);
  });

  it("orders Linux by release, unknown systems last", () => {
    const names = [bundle("Standard with Amazon Linux 2"), bundle("Finance desktop"), bundle("Standard with Ubuntu 22.04"), bundle("Standard with Rocky Linux 8")]
      .sort(compareBundles)
      .map((b) => b.name);
    expect(names).toEqual(["Standard with Ubuntu 22.04", "Standard with Rocky Linux 8", "Standard with Amazon Linux 2", "Finance desktop"]);
    expect(operatingSystemRelease("Amazon Linux 2023")).toBeGreaterThan(operatingSystemRelease("Ubuntu 22.04"));
  });

  it("names the operating system from the bundle name", () => {
    expect(operatingSystemOf({ name: "Performance with Windows 10 (Server 2022 based)" })).toBe("Windows 10 (Server 2022 based)");
    expect(operatingSystemOf({ name: "Finance desktop" })).toBe("Other desktop types");
  });
});

describe("bundle hardware", () => {
  it("takes AWS's figures from the description when it states them", () => {
    expect(hardwareOf({ computeType: "STANDARD", description: "Standard with Windows Server 2022, 2 vCPU 8GiB Memory, 80GB Root, 50GB User Storage" })).toEqual({
      vcpus: 2,
      memoryGiB: 8,
      gpu: false,
    });
  });
  it("falls back to the compute type, and knows the GPU ones", () => {
    expect(hardwareOf({ computeType: "POWERPRO", description: "" })).toEqual({ vcpus: 16, memoryGiB: 64, gpu: false });
    expect(hardwareOf({ computeType: "GRAPHICS_G4DN", description: "Graphics desktop" })).toEqual({ vcpus: 4, memoryGiB: 16, gpu: true });
    expect(hardwareOf({ computeType: "SOMETHING_NEW", description: "custom" })).toBeNull();
  });
});
