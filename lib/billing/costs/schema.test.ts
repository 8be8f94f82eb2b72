import { describe, expect, it } from "vitest";
import { billingPolicySchema } from "./schema";

describe("the cost policy's settings", () => {
  it("takes the assumed AutoStop timeout in hours on the form and gives it on in minutes", () => {
    const settings = { autoApply: "on", exemptTagKey: "BillingExempt", costCentreTagKey: "CostCenter", departmentTagKey: "Department", minObservedHours: "72", assumedAutoStopHours: "3" };
    expect(billingPolicySchema.parse(settings)).toEqual({ autoApply: true, exemptTagKey: "BillingExempt", costCentreTagKey: "CostCenter", departmentTagKey: "Department", minObservedHours: 72, assumedAutoStopMinutes: 180 });
    expect(billingPolicySchema.safeParse({ ...settings, assumedAutoStopHours: "1.5" }).success).toBe(false);
  });
});
