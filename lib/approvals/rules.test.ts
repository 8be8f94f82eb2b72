import { describe, expect, it } from "vitest";
import { describeRoute, evaluateApprovalPolicy, lintRules, mayDecideLevel, type ApprovalRuleSpec, type PolicyRequest } from "./rules";

const base: Omit<ApprovalRuleSpec, "id" | "name" | "outcome"> = {
  roles: [],
  groups: [],
  directoryIds: [],
  bundleIds: [],
  computeTypes: [],
  runningModes: [],
  minMonthlyCost: null,
  maxMonthlyCost: null,
  minHeld: null,
  maxHeld: null,
  level1Manager: false,
  level1Group: null,
  level2Group: null,
  rejectReason: null,
};
const rule = (id: string, outcome: ApprovalRuleSpec["outcome"], over: Partial<ApprovalRuleSpec> = {}): ApprovalRuleSpec => ({ ...base, id, name: id, outcome, ...over });

// The policy a company might write: rules in order, the first that matches decides.
const POLICY: ApprovalRuleSpec[] = [
  rule("no-third", "REJECT", { minHeld: 2, rejectReason: "Two desktops per person at most." }),
  rule("graphics", "TWO_LEVELS", { computeTypes: ["GRAPHICS_G4DN"], level1Manager: true, level1Group: "Team Leads", level2Group: "IT Approvers" }),
  rule("cheap-standard", "AUTO_APPROVE", { computeTypes: ["STANDARD", "VALUE"], runningModes: ["AUTO_STOP"], maxMonthlyCost: 50, directoryIds: ["d-corp"] }),
  rule("contractors", "ONE_LEVEL", { groups: ["Contractors"], level1Manager: true }),
  rule("expensive", "TWO_LEVELS", { minMonthlyCost: 100, level1Manager: true, level2Group: "Finance" }),
];

const req = (over: Partial<PolicyRequest> = {}): PolicyRequest => ({
  role: "EMPLOYEE",
  groups: [],
  directoryId: "d-corp",
  bundleId: "wsb-standard1",
  computeType: "STANDARD",
  runningMode: "AUTO_STOP",
  monthlyCost: 30,
  held: 0,
  managerEmail: "boss@example.com",
  ...over,
});

describe("evaluateApprovalPolicy: a table of rules against requests", () => {
  const cases: { name: string; request: PolicyRequest; expected: string }[] = [
    { name: "cheap standard AutoStop in corp", request: req(), expected: "auto by cheap-standard" },
    { name: "same, but AlwaysOn", request: req({ runningMode: "ALWAYS_ON", monthlyCost: 40 }), expected: "default" },
    { name: "same, but over the cost cap", request: req({ monthlyCost: 50.01 }), expected: "default" },
    { name: "cost exactly at the cap", request: req({ monthlyCost: 50 }), expected: "auto by cheap-standard" },
    { name: "no price known: a cost bound does not hold", request: req({ monthlyCost: null }), expected: "default" },
    { name: "another directory", request: req({ directoryId: "d-lab" }), expected: "default" },
    { name: "already two desktops", request: req({ held: 2 }), expected: "reject by no-third: Two desktops per person at most." },
    { name: "one desktop is fine", request: req({ held: 1 }), expected: "auto by cheap-standard" },
    { name: "graphics goes to two levels", request: req({ computeType: "GRAPHICS_G4DN", monthlyCost: 400 }), expected: "2 levels by graphics: boss@example.com|Team Leads, -|IT Approvers" },
    { name: "graphics, manager unknown", request: req({ computeType: "GRAPHICS_G4DN", managerEmail: null }), expected: "2 levels by graphics: -|Team Leads, -|IT Approvers" },
    { name: "contractor group, any case", request: req({ groups: ["contractors"], directoryId: "d-lab" }), expected: "1 levels by contractors: boss@example.com|-" },
    { name: "expensive PERFORMANCE", request: req({ computeType: "PERFORMANCE", monthlyCost: 120, directoryId: "d-lab" }), expected: "2 levels by expensive: boss@example.com|-, -|Finance" },
    { name: "admins follow the same rules", request: req({ role: "ADMIN" }), expected: "auto by cheap-standard" },
  ];
  it.each(cases)("$name → $expected", ({ request, expected }) => {
    const route = evaluateApprovalPolicy(POLICY, request);
    const got =
      route.kind === "auto"
        ? `auto by ${route.rule.name}`
        : route.kind === "reject"
          ? `reject by ${route.rule.name}: ${route.reason}`
          : route.rule === null
            ? "default"
            : `${route.levels.length} levels by ${route.rule.name}: ${route.levels.map((l) => `${l.managerEmail ?? "-"}|${l.group ?? "-"}`).join(", ")}`;
    expect(got).toBe(expected);
  });

  it("roles match as well as groups", () => {
    const rules = [rule("approvers", "AUTO_APPROVE", { roles: ["APPROVER"], groups: ["VIP"] })];
    expect(evaluateApprovalPolicy(rules, req({ role: "APPROVER" })).kind).toBe("auto");
    expect(evaluateApprovalPolicy(rules, req({ groups: ["vip"] })).kind).toBe("auto");
    expect(evaluateApprovalPolicy(rules, req()).kind).toBe("levels");
  });

  it("a bundle id matches as well as a compute type", () => {
    const rules = [rule("one-bundle", "AUTO_APPROVE", { bundleIds: ["wsb-power0001"], computeTypes: ["VALUE"] })];
    expect(evaluateApprovalPolicy(rules, req({ bundleId: "wsb-power0001", computeType: "POWER" })).kind).toBe("auto");
    expect(evaluateApprovalPolicy(rules, req({ computeType: "VALUE" })).kind).toBe("auto");
    expect(evaluateApprovalPolicy(rules, req()).kind).toBe("levels");
  });

  it("the preview names the rule by its number", () => {
    expect(describeRoute(evaluateApprovalPolicy(POLICY, req()))).toBe("This request would be approved automatically by rule 3 (cheap-standard).");
    expect(describeRoute(evaluateApprovalPolicy([], req()))).toBe("This request would wait for one approval (no rule matches: the default): level 1: any approver.");
  });

  it("a reject rule without a reason still says why", () => {
    const route = evaluateApprovalPolicy([rule("r", "REJECT")], req());
    expect(route.kind === "reject" && route.reason).toBe("Not allowed by the approval policy (rule 1).");
  });
});

describe("mayDecideLevel", () => {
  const level1 = { approvalLevel: 1, level1ManagerEmail: "Boss@example.com", level1Group: "Team Leads", level2Group: "IT Approvers", escalatedAt: null };
  const approver = (email: string, groups: string[] = []) => ({ role: "APPROVER" as const, email, groups });

  it("level 1: the manager or the level's group; not other approvers", () => {
    expect(mayDecideLevel(approver("boss@example.com"), level1, null)).toBe(true);
    expect(mayDecideLevel(approver("lead@example.com", ["team leads"]), level1, null)).toBe(true);
    expect(mayDecideLevel(approver("it@example.com", ["IT Approvers"]), level1, null)).toBe(false);
  });
  it("level 2: only the level's group", () => {
    const level2 = { ...level1, approvalLevel: 2 };
    expect(mayDecideLevel(approver("boss@example.com"), level2, null)).toBe(false);
    expect(mayDecideLevel(approver("it@example.com", ["IT Approvers"]), level2, null)).toBe(true);
  });
  it("admins always; a level with nobody named is any approver's", () => {
    expect(mayDecideLevel({ role: "ADMIN", email: "a@example.com", groups: [] }, level1, null)).toBe(true);
    const open = { approvalLevel: 1, level1ManagerEmail: null, level1Group: null, level2Group: null, escalatedAt: null };
    expect(mayDecideLevel(approver("x@example.com"), open, null)).toBe(true);
    expect(mayDecideLevel({ role: "EMPLOYEE", email: "x@example.com", groups: [] }, open, null)).toBe(false);
  });
  it("an employee decides only as the level's manager: not through its group, the escalation group, or at level 2", () => {
    const employee = (email: string, groups: string[] = []) => ({ role: "EMPLOYEE" as const, email, groups });
    expect(mayDecideLevel(employee("BOSS@example.com"), level1, null)).toBe(true);
    expect(mayDecideLevel(employee("boss@example.com"), { ...level1, approvalLevel: 2 }, null)).toBe(false);
    expect(mayDecideLevel(employee("lead@example.com", ["Team Leads"]), level1, null)).toBe(false);
    expect(mayDecideLevel(employee("esc@example.com", ["Escalations"]), { ...level1, escalatedAt: new Date() }, "Escalations")).toBe(false);
  });
  it("escalated: the escalation group decides too", () => {
    const outsider = approver("esc@example.com", ["Escalations"]);
    expect(mayDecideLevel(outsider, level1, "Escalations")).toBe(false);
    expect(mayDecideLevel(outsider, { ...level1, escalatedAt: new Date() }, "Escalations")).toBe(true);
  });
});

describe("lintRules: flagged when saved", () => {
  it("a cost or held range that is empty can never match (blocking)", () => {
    const problems = lintRules([rule("a", "AUTO_APPROVE", { minMonthlyCost: 100, maxMonthlyCost: 50 }), rule("b", "REJECT", { minHeld: 3, maxHeld: 1 })]);
    expect(problems.get("a")).toEqual([expect.objectContaining({ field: "maxMonthlyCost", blocking: true })]);
    expect(problems.get("b")).toEqual([expect.objectContaining({ field: "maxHeld", blocking: true })]);
  });

  it("unknown directories or bundles can never match", () => {
    const problems = lintRules([rule("a", "AUTO_APPROVE", { directoryIds: ["d-gone"] }), rule("b", "AUTO_APPROVE", { bundleIds: ["wsb-gone00001"] })], {
      directoryIds: new Set(["d-corp"]),
      bundleIds: new Set(["wsb-standard1"]),
    });
    expect(problems.get("a")?.[0].message).toMatch(/No directory d-gone is registered/);
    expect(problems.get("b")?.[0].message).toMatch(/No bundle wsb-gone00001 is known/);
  });

  it("a rule hidden by an earlier one with another decision contradicts it", () => {
    const rules = [rule("all-standard", "AUTO_APPROVE", { computeTypes: ["STANDARD"] }), rule("corp-standard", "REJECT", { computeTypes: ["STANDARD"], directoryIds: ["d-corp"] })];
    const problems = lintRules(rules);
    expect(problems.get("corp-standard")?.[0].message).toMatch(/^Contradicts rule 1 \(all-standard\)/);
    expect(problems.has("all-standard")).toBe(false);
  });

  it("a rule hidden with the same decision is never used", () => {
    const rules = [rule("cheap", "AUTO_APPROVE", { maxMonthlyCost: 100 }), rule("cheaper", "AUTO_APPROVE", { minMonthlyCost: 0, maxMonthlyCost: 50 })];
    expect(lintRules(rules).get("cheaper")?.[0].message).toMatch(/^Never used: rule 1/);
  });

  it("exceptions placed first are fine, and partial overlaps are not flagged", () => {
    const rules = [
      rule("corp-standard", "REJECT", { computeTypes: ["STANDARD"], directoryIds: ["d-corp"] }),
      rule("all-standard", "AUTO_APPROVE", { computeTypes: ["STANDARD"] }),
      rule("vip", "AUTO_APPROVE", { groups: ["VIP"] }),
      rule("cheap", "ONE_LEVEL", { maxMonthlyCost: 20 }),
    ];
    expect(lintRules(rules).size).toBe(0);
    // The whole policy above, too.
    expect(lintRules(POLICY).size).toBe(0);
  });

  it("a rule with no condition hides every later rule", () => {
    const problems = lintRules([rule("everything", "ONE_LEVEL"), rule("vip", "AUTO_APPROVE", { groups: ["VIP"] })]);
    expect(problems.get("vip")?.[0].message).toMatch(/^Contradicts rule 1/);
  });
});

describe("monthlyCostEstimate", () => {
  const price = { currency: "USD", alwaysOnMonthly: 35, autoStopMonthly: 9.75, autoStopHourly: 0.3, includedStorageGiB: 130, storagePerGiBMonthly: 0.1 };
  it("AlwaysOn is the monthly fee; AutoStop the fee plus the hours; no price, no estimate", async () => {
    const { monthlyCostEstimate } = await import("./cost");
    expect(monthlyCostEstimate(price, { runningMode: "ALWAYS_ON", hoursPerWeek: null, autoStopTimeoutMinutes: null, storageGiB: 130 })).toBe(35);
    const autoStop = monthlyCostEstimate(price, { runningMode: "AUTO_STOP", hoursPerWeek: 10, autoStopTimeoutMinutes: 60, storageGiB: 130 })!;
    expect(autoStop).toBeGreaterThan(9.75);
    expect(autoStop).toBeLessThan(35);
    expect(monthlyCostEstimate(undefined, { runningMode: "ALWAYS_ON", hoursPerWeek: null, autoStopTimeoutMinutes: null, storageGiB: 130 })).toBeNull();
  });
});
