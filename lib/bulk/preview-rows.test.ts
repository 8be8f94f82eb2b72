import { describe, expect, it } from "vitest";
import type { Problem } from "./csv";
import type { PreviewRow } from "./provisioning-check";
import { rowProblems, rowsForView, viewCounts, warningGroups } from "./preview-rows";

const unknownUser = (name: string): Problem => ({
  severity: "warning",
  column: "user_name",
  message: `${name} is not a portal user of corp.example.com. AWS checks the name when it creates the desktop; the request is filed under your name.`,
  kind: "UNKNOWN_USER",
});
const error = (message: string): Problem => ({ severity: "error", column: "running_mode", message });

function row(line: number, userName: string, problems: Problem[]): PreviewRow {
  return {
    line,
    cells: { user_name: userName, directory_id: "d-1234567890", bundle_id: "wsb-1", running_mode: "AUTO_STOP", autostop_timeout_hours: "1", tags: "" },
    directoryName: "corp.example.com",
    bundleName: "Standard",
    requesterEmail: null,
    problems,
    valid: !problems.some((p) => p.severity === "error"),
  };
}

// 50 rows with the shared warning, then 4 errors at the end of the file, and one ready row.
const rows = [
  ...Array.from({ length: 50 }, (_, i) => row(i + 2, `new${String(i + 1).padStart(3, "0")}`, [unknownUser(`new${i + 1}`)])),
  row(52, "alice", []),
  ...[53, 54, 55, 56].map((line) => row(line, `bad${line}`, [error(`"SOMETIMES" is not a running mode.`)])),
];

describe("bulk preview rows", () => {
  it("lists errors before warnings, and offers an errors-only view", () => {
    expect(rowsForView(rows, "problems").slice(0, 4).map((r) => r.line)).toEqual([53, 54, 55, 56]);
    expect(rowsForView(rows, "problems")).toHaveLength(54);
    expect(rowsForView(rows, "errors").map((r) => r.line)).toEqual([53, 54, 55, 56]);
    expect(rowsForView(rows, "all").map((r) => r.line)).toEqual(rows.map((r) => r.line));
    expect(viewCounts(rows)).toEqual({ errors: 4, problems: 54, all: 55 });
  });

  it("says a warning shared by many rows once, with its count and the first names", () => {
    const groups = warningGroups(rows);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ kind: "UNKNOWN_USER", count: 50 });
    expect(groups[0].lines).toHaveLength(50);
    expect(groups[0].text).toBe(
      "50 rows name users who are not portal users yet: new001, new002, new003, new004, new005 and 45 more. AWS checks each name when it creates the desktop; those requests are filed under your name.",
    );
    // Each row then points to it in a few words instead of repeating it.
    expect(rowProblems(rows[0], groups)).toEqual([{ ...unknownUser("new1"), message: "Not a portal user yet (see above)." }]);
  });

  it("keeps a warning of a single row on that row, in full", () => {
    const one = [row(2, "ghost0001", [unknownUser("ghost0001")]), row(3, "alice", [])];
    expect(warningGroups(one)).toEqual([]);
    expect(rowProblems(one[0], [])).toEqual([unknownUser("ghost0001")]);
  });

  it("lists a row's errors before its warnings", () => {
    const mixed = row(2, "x", [unknownUser("x"), error("Duplicate of line 1.")]);
    expect(rowProblems(mixed, []).map((p) => p.severity)).toEqual(["error", "warning"]);
  });
});
