import { describe, expect, it } from "vitest";
import { requestBillingModeSchema } from "../mode-requests/schema";
import { changeBillingModeSchema } from "./schema";

// The form asks for whole hours, as AWS's console does; what the mutations receive is minutes.
describe("the billing-mode forms' AutoStop timeout", () => {
  const desktopId = "dk-alice";

  it("turns the form's hours into minutes for AutoStop, and drops it for AlwaysOn", () => {
    expect(changeBillingModeSchema.parse({ desktopId, toMode: "AUTO_STOP", autoStopTimeoutHours: "2" })).toEqual({ desktopId, toMode: "AUTO_STOP", autoStopTimeoutMinutes: 120 });
    expect(changeBillingModeSchema.parse({ desktopId, toMode: "ALWAYS_ON", autoStopTimeoutHours: "2" })).toEqual({ desktopId, toMode: "ALWAYS_ON", autoStopTimeoutMinutes: null });
    const reason = "I only use it on Mondays.";
    expect(requestBillingModeSchema.parse({ desktopId, toMode: "AUTO_STOP", autoStopTimeoutHours: 48, reason })).toEqual({ desktopId, toMode: "AUTO_STOP", autoStopTimeoutMinutes: 2880, reason });
  });

  it("refuses what AWS refuses: part hours, and more than 48 hours", () => {
    for (const autoStopTimeoutHours of ["1.5", "0", "49"]) {
      const result = changeBillingModeSchema.safeParse({ desktopId, toMode: "AUTO_STOP", autoStopTimeoutHours });
      expect(result.success, autoStopTimeoutHours).toBe(false);
      expect(result.error?.issues[0].path).toEqual(["autoStopTimeoutHours"]);
    }
  });
});
