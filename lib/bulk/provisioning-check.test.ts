import { describe, expect, it } from "vitest";
import { parseProvisioningCsv, type ProvisioningRow } from "./csv";
import { userKey } from "@/lib/desktops/one-desktop-per-user";
import { checkRowsAgainstPortal, toPreview, type PortalFacts } from "./provisioning-check";

const DIR = "d-9067000001";
const BUNDLE = "wsb-v7ko4r7f1";
const HEADER = "user_name,directory_id,bundle_id,running_mode,autostop_timeout_hours,tags";

function rows(...lines: string[]): ProvisioningRow[] {
  const result = parseProvisioningCsv([HEADER, ...lines].join("\n"));
  if (!result.ok) throw new Error(result.message);
  return result.rows;
}

function facts(patch: Partial<PortalFacts> = {}): PortalFacts {
  return {
    directories: new Map([
      [DIR, { id: DIR, name: "corp.example.com", region: "us-east-1", registered: true, stage: "Active" }],
      ["d-9067000002", { id: "d-9067000002", name: "lab.example.com", region: "us-east-1", registered: false, stage: "Active" }],
      ["d-9067000003", { id: "d-9067000003", name: "new.example.com", region: "us-east-1", registered: true, stage: "Creating" }],
      ["d-9067000004", { id: "d-9067000004", name: "eu.example.com", region: "eu-west-1", registered: true, stage: "Active" }],
    ]),
    bundles: new Map([
      [BUNDLE, { id: BUNDLE, name: "Standard with Windows", region: "us-east-1", available: true }],
      ["wsb-gone00001", { id: "wsb-gone00001", name: "Retired", region: "us-east-1", available: false }],
    ]),
    linkedUsers: new Map([[userKey(DIR, "alice"), { id: "u-alice", email: "alice@example.com", name: "Alice" }]]),
    existing: {
      desktops: new Map([
        [userKey(DIR, "bob"), { id: "desk-bob", state: "AVAILABLE", workspaceId: "ws-bob00001" }],
        [userKey(DIR, "carol"), { id: "desk-carol", state: "REQUESTED", workspaceId: null }],
      ]),
      openRequests: new Map([[userKey(DIR, "dave"), [{ id: "req-dave" }]]]),
    },
    ...patch,
  };
}

const problemsOf = (line: string, f = facts()) => checkRowsAgainstPortal(rows(line), f)[0].problems;

describe("checking rows against the portal", () => {
  it("accepts a linked user and files the request under their account", () => {
    const [row] = checkRowsAgainstPortal(rows(`ALICE,${DIR},${BUNDLE},AUTO_STOP,1,`), facts());
    expect(row.problems).toEqual([]);
    expect(row.requester).toEqual({ id: "u-alice", email: "alice@example.com", name: "Alice" });
    expect(row).toMatchObject({ directoryName: "corp.example.com", bundleName: "Standard with Windows" });
  });

  it("warns (does not refuse) about a user the portal does not know: AWS checks the name", () => {
    const [row] = checkRowsAgainstPortal(rows(`user0042,${DIR},${BUNDLE},AUTO_STOP,1,`), facts());
    expect(row.requester).toBeNull();
    expect(row.problems).toEqual([
      { severity: "warning", column: "user_name", message: expect.stringMatching(/^user0042 is not a portal user of corp\.example\.com\. AWS checks the name/), kind: "UNKNOWN_USER" },
    ]);
  });

  it.each([
    [`alice,d-0000000000,${BUNDLE},AUTO_STOP,1,`, "directory_id", "Directory d-0000000000 is unknown to the portal."],
    [`alice,d-9067000002,${BUNDLE},AUTO_STOP,1,`, "directory_id", "Directory lab.example.com (d-9067000002) is not registered with WorkSpaces."],
    [`alice,d-9067000003,${BUNDLE},AUTO_STOP,1,`, "directory_id", "Directory new.example.com is Creating, not Active."],
    [`alice,${DIR},wsb-unknown01,AUTO_STOP,1,`, "bundle_id", "Bundle wsb-unknown01 is not in the portal's catalogue."],
    [`alice,${DIR},wsb-gone00001,AUTO_STOP,1,`, "bundle_id", "Bundle wsb-gone00001 is not in the portal's catalogue."],
    [`alice,d-9067000004,${BUNDLE},AUTO_STOP,1,`, "bundle_id", "Bundle Standard with Windows is in us-east-1, the directory in eu-west-1."],
    [`Bob,${DIR},${BUNDLE},AUTO_STOP,1,`, "user_name", "Bob already has a desktop in corp.example.com (ws-bob00001, available)."],
    [`carol,${DIR},${BUNDLE},AUTO_STOP,1,`, "user_name", "carol already has a desktop in corp.example.com (being created)."],
  ])("%s → %s error", (line, column, message) => {
    expect(problemsOf(line).filter((p) => p.severity === "error")).toEqual([{ severity: "error", column, message }]);
  });

  it("warns about a request awaiting approval for the same user", () => {
    expect(problemsOf(`dave,${DIR},${BUNDLE},AUTO_STOP,1,`)).toContainEqual({
      severity: "warning",
      column: "user_name",
      message: expect.stringMatching(/^dave has a request awaiting approval/),
    });
  });

  it("does not look up values that are already malformed", () => {
    const problems = problemsOf(`alice,not-a-dir,wsb-BAD,AUTO_STOP,1,`);
    expect(problems.map((p) => p.column)).toEqual(["directory_id", "bundle_id"]);
    expect(problems.every((p) => p.severity === "error" && / is not a (directory|bundle) id/.test(p.message))).toBe(true);
  });
});

describe("the preview", () => {
  it("counts valid rows, rows with errors and valid rows with warnings", () => {
    const checked = checkRowsAgainstPortal(
      rows(`alice,${DIR},${BUNDLE},AUTO_STOP,1,`, `user0001,${DIR},${BUNDLE},AUTO_STOP,1,`, `bob,${DIR},${BUNDLE},AUTO_STOP,1,`, `x,${DIR},${BUNDLE},NOPE,,`),
      facts(),
    );
    const preview = toPreview({ fileName: "a.csv", sha256: "abc", fileWarnings: [], rows: checked });
    expect(preview.counts).toEqual({ total: 4, valid: 2, withErrors: 2, withWarnings: 1 });
    expect(preview.rows.map((r) => [r.line, r.valid, r.requesterEmail])).toEqual([
      [2, true, "alice@example.com"],
      [3, true, null],
      [4, false, null],
      [5, false, null],
    ]);
    expect(preview.rows[0].cells).toMatchObject({ user_name: "alice", running_mode: "AUTO_STOP", autostop_timeout_hours: "1" });
  });
});

describe("the directory's required tags", () => {
  const guardrails = new Map([[DIR, { encryptionRequired: false, volumeEncryptionKey: null, maxComputeByRole: {}, desktopsPerUser: null, requiredTags: [{ key: "CostCentre", allowedValues: ["1000", "2000"], defaultValue: "1000" }] }]]);
  it("fills a missing required tag with its default", () => {
    const [row] = checkRowsAgainstPortal(rows(`alice,${DIR},${BUNDLE},AUTO_STOP,1,Team=Finance`), facts({ guardrails }));
    expect(row.problems).toEqual([]);
    expect(row.tags).toEqual({ Team: "Finance", CostCentre: "1000" });
  });
  it("refuses a value the directory does not allow, at the tags column", () => {
    expect(problemsOf(`alice,${DIR},${BUNDLE},AUTO_STOP,1,CostCentre=3000`, facts({ guardrails }))).toEqual([
      { severity: "error", column: "tags", message: "CostCentre must be one of: 1000, 2000. (required in corp.example.com)" },
    ]);
  });
});

describe("the directory's limits: the largest compute type per role and desktops per person", () => {
  const POWER = "wsb-a5frhw29a";
  const limits = (patch: Partial<{ maxComputeByRole: Record<string, string>; desktopsPerUser: number | null }>) =>
    new Map([[DIR, { encryptionRequired: false, volumeEncryptionKey: null, requiredTags: [], maxComputeByRole: {}, desktopsPerUser: null, ...patch }]]);
  const withLimits = (patch: Parameters<typeof limits>[0], more: Partial<PortalFacts> = {}) =>
    facts({
      guardrails: limits(patch),
      bundles: new Map([
        [BUNDLE, { id: BUNDLE, name: "Standard with Windows", region: "us-east-1", available: true, computeType: "STANDARD" }],
        [POWER, { id: POWER, name: "Power with Windows", region: "us-east-1", available: true, computeType: "POWER" }],
      ]),
      linkedUsers: new Map([
        [userKey(DIR, "alice"), { id: "u-alice", email: "alice@example.com", name: "Alice", role: "EMPLOYEE" as const }],
        [userKey(DIR, "erin"), { id: "u-erin", email: "erin@example.com", name: "Erin", role: "ADMIN" as const }],
      ]),
      ...more,
    });

  it("refuses a bundle larger than the person's role may have, at the bundle column; other roles and smaller bundles pass", () => {
    const f = withLimits({ maxComputeByRole: { EMPLOYEE: "STANDARD" } });
    expect(problemsOf(`alice,${DIR},${POWER},AUTO_STOP,1,`, f)).toEqual([
      { severity: "error", column: "bundle_id", message: "Power with Windows is too large for alice: In this directory the employee role may have desktops up to Standard." },
    ]);
    expect(problemsOf(`alice,${DIR},${BUNDLE},AUTO_STOP,1,`, f)).toEqual([]);
    expect(problemsOf(`erin,${DIR},${POWER},AUTO_STOP,1,`, f)).toEqual([]);
    // A directory user without a portal account counts as an employee.
    expect(problemsOf(`zed,${DIR},${POWER},AUTO_STOP,1,`, f).filter((p) => p.severity === "error").map((p) => p.column)).toEqual(["bundle_id"]);
  });

  it("refuses the row that would pass the person's quota, counting what they hold and the rows above, at the user column", () => {
    const f = withLimits({ desktopsPerUser: 2 }, { heldByUser: new Map([["u-alice", 1]]) });
    // alice holds one; the first row makes two (allowed), the second would make three. erin holds none.
    const checked = checkRowsAgainstPortal(rows(`alice,${DIR},${BUNDLE},AUTO_STOP,1,`, `alice,d-9067000004,wsb-v7ko4r7f1,AUTO_STOP,1,`, `erin,${DIR},${BUNDLE},AUTO_STOP,1,`), {
      ...f,
      directories: new Map([...f.directories].map(([id, d]) => [id, { ...d, region: "us-east-1" }])),
      guardrails: new Map([...limits({ desktopsPerUser: 2 }), ["d-9067000004", limits({ desktopsPerUser: 2 }).get(DIR)!]]),
      linkedUsers: new Map([...f.linkedUsers, [userKey("d-9067000004", "alice"), f.linkedUsers.get(userKey(DIR, "alice"))!]]),
    });
    expect(checked.map((r) => r.problems)).toEqual([
      [],
      [{ severity: "error", column: "user_name", message: "alice@example.com: At most 2 desktops per person here (open requests included), and 2 are already held." }],
      [],
    ]);
  });
});
