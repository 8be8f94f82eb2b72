import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { toResultsCsv } from "./results-csv";
import type { BulkItemView } from "./queries";

const item = (patch: Partial<BulkItemView>): BulkItemView => ({
  id: "i1",
  line: 2,
  userName: "alice",
  directoryId: "d-9067000001",
  bundleId: "wsb-v7ko4r7f1",
  runningMode: "AUTO_STOP",
  autoStopTimeoutHours: 2,
  tags: { Team: "a b", CostCenter: "1" },
  requestId: "r1",
  desktopId: "dk1",
  workspaceId: "ws-abcdefgh1",
  desktopState: "AVAILABLE",
  status: "AVAILABLE",
  errorCode: null,
  errorMessage: null,
  ...patch,
});

const parse = (text: string) => {
  expect(text.startsWith("\uFEFF")).toBe(true);
  return Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true }).data;
};

describe("results file", () => {
  it("has a line per provisioning item with its outcome and AWS's error", () => {
    const rows = parse(
      toResultsCsv({ kind: "PROVISION", action: null }, [
        item({}),
        item({ id: "i2", line: 3, userName: "nobody", workspaceId: null, desktopState: "ERROR", status: "FAILED", errorCode: "ResourceNotFound.User", errorMessage: "The user, nobody, could not be found, in directory." }),
      ]),
    );
    expect(rows).toEqual([
      { line: "2", user_name: "alice", directory_id: "d-9067000001", bundle_id: "wsb-v7ko4r7f1", running_mode: "AUTO_STOP", autostop_timeout_hours: "2", tags: "CostCenter=1;Team=a b", status: "AVAILABLE", workspace_id: "ws-abcdefgh1", desktop_state: "AVAILABLE", error_code: "", error_message: "" },
      expect.objectContaining({ line: "3", user_name: "nobody", status: "FAILED", error_code: "ResourceNotFound.User", error_message: "The user, nobody, could not be found, in directory." }),
    ]);
  });

  it("has the action's columns for an action job", () => {
    const rows = parse(toResultsCsv({ kind: "ACTION", action: "terminate" }, [item({ status: "SKIPPED", errorCode: "NotAllowed", errorMessage: "AWS does not allow terminating a suspended desktop." })]));
    expect(rows).toEqual([
      { user_name: "alice", directory_id: "d-9067000001", workspace_id: "ws-abcdefgh1", action: "terminate", status: "SKIPPED", desktop_state: "AVAILABLE", error_code: "NotAllowed", error_message: "AWS does not allow terminating a suspended desktop." },
    ]);
  });

  it("neutralises values a spreadsheet would run as formulas", () => {
    const rows = parse(toResultsCsv({ kind: "PROVISION", action: null }, [item({ userName: "=HYPERLINK(\"http://x\")", tags: { a: "+1" } })]));
    expect(rows[0].user_name).toBe("'=HYPERLINK(\"http://x\")");
    expect(rows[0].tags).toBe("a=+1");
  });
});
