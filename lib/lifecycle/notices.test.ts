// What a leaver's manager and the admins read at the leave date: true about desktops AWS cannot stop.
import { describe, expect, it } from "vitest";
import { leaverMessage, type LeaverNoticeFacts } from "./notices";

const desktop = (n: number) => ({ desktopId: `dk${n}`, workspaceId: `ws-${n}`, userName: "leo", directoryName: "corp.example.com" });

function facts(desktops: number, notStopped: number): LeaverNoticeFacts {
  return {
    leaverName: "Leo",
    leaverEmail: "leo@example.com",
    reason: "disabled in the directory",
    desktops: Array.from({ length: desktops }, (_, i) => desktop(i)),
    step: "stopped",
    terminateOn: new Date("2026-12-11T00:00:00Z"),
    notStopped,
  };
}

describe("leaver notice at the leave date", () => {
  it("says the desktops were stopped when they were", () => {
    const message = leaverMessage(facts(2, 0), true);
    expect(message.subject).toBe("Leaver: Leo's desktops were stopped");
    expect(message.text).toContain("Their 2 desktops were stopped. They will be terminated on");
  });

  it("does not claim an AlwaysOn desktop was stopped", () => {
    const one = leaverMessage(facts(1, 1), true);
    expect(one.subject).toBe("Leaver: Leo's desktops are being stopped");
    expect(one.text).toContain("Their 1 desktop could not be stopped (AWS stops only AutoStop desktops) and stays on until then.");
    expect(one.text).not.toContain("was stopped");
    const some = leaverMessage(facts(3, 1), true);
    expect(some.text).toContain("2 of their 3 desktops were stopped; 1 could not be stopped");
  });
});
