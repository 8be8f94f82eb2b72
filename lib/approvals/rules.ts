// Approval policies: ordered rules that decide what happens to a desktop request when it is
// submitted. Pure and client-safe (the admin page's preview and lint run the same code as the server).
// This guards money and separation of duties: the route chosen here says who may approve.

import type { ApprovalOutcome, Role, RunningMode } from "@/lib/db/generated/enums";

export const APPROVAL_OUTCOMES = ["AUTO_APPROVE", "ONE_LEVEL", "TWO_LEVELS", "REJECT"] as const satisfies readonly ApprovalOutcome[];

export const OUTCOME_LABELS: Record<ApprovalOutcome, string> = {
  AUTO_APPROVE: "Approve automatically",
  ONE_LEVEL: "One approval level",
  TWO_LEVELS: "Two approval levels",
  REJECT: "Reject",
};

/** A rule as plain values (money as numbers). Empty lists and null bounds mean "any". */
export interface ApprovalRuleSpec {
  id: string;
  name: string;
  roles: Role[];
  groups: string[];
  directoryIds: string[];
  bundleIds: string[];
  computeTypes: string[];
  runningModes: RunningMode[];
  minMonthlyCost: number | null;
  maxMonthlyCost: number | null;
  minHeld: number | null;
  maxHeld: number | null;
  outcome: ApprovalOutcome;
  level1Manager: boolean;
  level1Group: string | null;
  level2Group: string | null;
  rejectReason: string | null;
}

/** What a rule looks at: the request and its requester, as loaded from the database. */
export interface PolicyRequest {
  role: Role;
  groups: string[];
  directoryId: string;
  bundleId: string;
  computeType: string;
  runningMode: RunningMode;
  /** The monthly cost estimate; null when the bundle has no price (a cost condition then does not hold). */
  monthlyCost: number | null;
  /** Desktops and open requests the requester already has (this request not included). */
  held: number;
  /** The requester's manager when they have an enabled portal account (any role), else null. */
  managerEmail: string | null;
}

/** Who decides one level. Neither a manager nor a group: any approver. */
export interface ApprovalLevel {
  managerEmail: string | null;
  group: string | null;
}

export type ApprovalRoute =
  | { kind: "auto"; rule: RuleRef }
  | { kind: "reject"; rule: RuleRef; reason: string }
  | { kind: "levels"; rule: RuleRef | null; levels: [ApprovalLevel] | [ApprovalLevel, ApprovalLevel] };

/** A rule named as people see it: its position (from 1) and name. */
export type RuleRef = { id: string; number: number; name: string };

const lower = (s: string) => s.trim().toLowerCase();

function inGroups(groups: string[], wanted: string[]): boolean {
  const have = new Set(groups.map(lower));
  return wanted.some((g) => have.has(lower(g)));
}

function within(value: number, min: number | null, max: number | null): boolean {
  return (min === null || value >= min) && (max === null || value <= max);
}

export function ruleMatches(rule: ApprovalRuleSpec, r: PolicyRequest): boolean {
  const who = rule.roles.length === 0 && rule.groups.length === 0 ? true : rule.roles.includes(r.role) || inGroups(r.groups, rule.groups);
  const what = rule.bundleIds.length === 0 && rule.computeTypes.length === 0 ? true : rule.bundleIds.includes(r.bundleId) || rule.computeTypes.includes(r.computeType);
  const costBound = rule.minMonthlyCost !== null || rule.maxMonthlyCost !== null;
  return (
    who &&
    what &&
    (rule.directoryIds.length === 0 || rule.directoryIds.includes(r.directoryId)) &&
    (rule.runningModes.length === 0 || rule.runningModes.includes(r.runningMode)) &&
    (!costBound || (r.monthlyCost !== null && within(r.monthlyCost, rule.minMonthlyCost, rule.maxMonthlyCost))) &&
    within(r.held, rule.minHeld, rule.maxHeld)
  );
}

/** Without rules, or when none matches: one level that any approver decides (the portal's default). */
export const DEFAULT_ROUTE: ApprovalRoute = { kind: "levels", rule: null, levels: [{ managerEmail: null, group: null }] };

/** The first matching rule (in the given order) decides. */
export function evaluateApprovalPolicy(rules: readonly ApprovalRuleSpec[], request: PolicyRequest): ApprovalRoute {
  const index = rules.findIndex((rule) => ruleMatches(rule, request));
  if (index < 0) return DEFAULT_ROUTE;
  const rule = rules[index];
  const ref: RuleRef = { id: rule.id, number: index + 1, name: rule.name };
  switch (rule.outcome) {
    case "AUTO_APPROVE":
      return { kind: "auto", rule: ref };
    case "REJECT":
      return { kind: "reject", rule: ref, reason: rule.rejectReason?.trim() || `Not allowed by the approval policy (rule ${ref.number}).` };
    case "ONE_LEVEL":
    case "TWO_LEVELS": {
      const first: ApprovalLevel = { managerEmail: rule.level1Manager ? request.managerEmail : null, group: rule.level1Group || null };
      return rule.outcome === "ONE_LEVEL"
        ? { kind: "levels", rule: ref, levels: [first] }
        : { kind: "levels", rule: ref, levels: [first, { managerEmail: null, group: rule.level2Group || null }] };
    }
  }
}

/** "auto-approved by rule 2", as the preview and the audit trail say it. */
export function describeRoute(route: ApprovalRoute): string {
  const by = route.rule ? ` by rule ${route.rule.number} (${route.rule.name})` : " (no rule matches: the default)";
  if (route.kind === "auto") return `This request would be approved automatically${by}.`;
  if (route.kind === "reject") return `This request would be rejected${by}: ${route.reason}`;
  const levels = route.levels.map((level, i) => `level ${i + 1}: ${describeLevel(level)}`).join("; then ");
  return `This request would wait for ${route.levels.length === 1 ? "one approval" : "two approvals"}${by}: ${levels}.`;
}

export function describeLevel(level: ApprovalLevel): string {
  const who = [level.managerEmail ? `the manager ${level.managerEmail}` : null, level.group ? `the group ${level.group}` : null].filter(Boolean);
  return who.length ? who.join(" or ") : "any approver";
}

/** The request's current level as stored on it (lib/requests). */
export interface RequestLevel {
  approvalLevel: number;
  level1ManagerEmail: string | null;
  level1Group: string | null;
  level2Group: string | null;
  escalatedAt: Date | null;
}

export type Decider = { role: Role; email: string; groups: string[] };

/**
 * May this person decide the request's current level? Admins always may. The level's manager or a
 * member of its group may; a level with neither is any approver's. Once escalated, members of the
 * escalation group may too. An employee decides only as the requester's manager (most managers are
 * not approvers); groups are for approver accounts. Separation of duties is the policy table's
 * (request.decide).
 */
export function mayDecideLevel(user: Decider, request: RequestLevel, escalationGroup: string | null): boolean {
  if (user.role === "ADMIN") return true;
  const level = levelOf(request);
  const isManager = Boolean(level.managerEmail && lower(level.managerEmail) === lower(user.email));
  if (user.role !== "APPROVER") return isManager;
  if (isManager) return true;
  if (request.escalatedAt && escalationGroup && inGroups(user.groups, [escalationGroup])) return true;
  if (!level.managerEmail && !level.group) return true;
  return level.group ? inGroups(user.groups, [level.group]) : false;
}

export function levelOf(request: Pick<RequestLevel, "approvalLevel" | "level1ManagerEmail" | "level1Group" | "level2Group">): ApprovalLevel {
  return request.approvalLevel >= 2
    ? { managerEmail: null, group: request.level2Group }
    : { managerEmail: request.level1ManagerEmail, group: request.level1Group };
}

// ---- Lint: rules that can never match, or that an earlier rule hides ----

export type RuleProblem = { field: keyof ApprovalRuleSpec | null; message: string; blocking: boolean };

/** Directories and bundles the portal knows, to flag conditions no request can meet. */
export type LintContext = { directoryIds?: ReadonlySet<string>; bundleIds?: ReadonlySet<string> };

/** Conditions that no request can meet: refused when saved. */
export function neverMatchProblems(rule: ApprovalRuleSpec, context: LintContext = {}): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (rule.minMonthlyCost !== null && rule.maxMonthlyCost !== null && rule.minMonthlyCost > rule.maxMonthlyCost) {
    problems.push({ field: "maxMonthlyCost", message: "The highest monthly cost is below the lowest: this rule can never match.", blocking: true });
  }
  if (rule.minHeld !== null && rule.maxHeld !== null && rule.minHeld > rule.maxHeld) {
    problems.push({ field: "maxHeld", message: "The most desktops held is below the fewest: this rule can never match.", blocking: true });
  }
  const unknownDirs = context.directoryIds ? rule.directoryIds.filter((d) => !context.directoryIds!.has(d)) : [];
  if (unknownDirs.length > 0 && unknownDirs.length === rule.directoryIds.length) {
    problems.push({ field: "directoryIds", message: `No directory ${unknownDirs.join(", ")} is registered: this rule can never match.`, blocking: true });
  }
  const unknownBundles = context.bundleIds ? rule.bundleIds.filter((b) => !context.bundleIds!.has(b)) : [];
  if (unknownBundles.length > 0 && unknownBundles.length === rule.bundleIds.length && rule.computeTypes.length === 0) {
    problems.push({ field: "bundleIds", message: `No bundle ${unknownBundles.join(", ")} is known: this rule can never match.`, blocking: true });
  }
  return problems;
}

function covers<T>(earlier: readonly T[], later: readonly T[], key: (t: T) => string = String): boolean {
  if (earlier.length === 0) return true;
  if (later.length === 0) return false;
  const set = new Set(earlier.map(key));
  return later.every((t) => set.has(key(t)));
}

function rangeCovers(eMin: number | null, eMax: number | null, lMin: number | null, lMax: number | null): boolean {
  const minOk = eMin === null || (lMin !== null && lMin >= eMin);
  const maxOk = eMax === null || (lMax !== null && lMax <= eMax);
  return minOk && maxOk;
}

/** True when every request `later` matches is matched by `earlier` first. */
export function shadows(earlier: ApprovalRuleSpec, later: ApprovalRuleSpec): boolean {
  // "Who" and "what" are each an either-or of two lists: an earlier rule covers when both of its
  // lists are empty, or when the later one's lists are within its own.
  const whoCovers =
    (earlier.roles.length === 0 && earlier.groups.length === 0) ||
    ((later.roles.length > 0 || later.groups.length > 0) &&
      later.roles.every((r) => earlier.roles.includes(r)) &&
      later.groups.every((g) => earlier.groups.some((e) => lower(e) === lower(g))));
  const whatCovers =
    (earlier.bundleIds.length === 0 && earlier.computeTypes.length === 0) ||
    ((later.bundleIds.length > 0 || later.computeTypes.length > 0) &&
      later.bundleIds.every((b) => earlier.bundleIds.includes(b)) &&
      later.computeTypes.every((c) => earlier.computeTypes.includes(c)));
  return (
    whoCovers &&
    whatCovers &&
    covers(earlier.directoryIds, later.directoryIds) &&
    covers(earlier.runningModes, later.runningModes) &&
    rangeCovers(earlier.minMonthlyCost, earlier.maxMonthlyCost, later.minMonthlyCost, later.maxMonthlyCost) &&
    rangeCovers(earlier.minHeld, earlier.maxHeld, later.minHeld, later.maxHeld)
  );
}

/**
 * Every rule's problems, by id: conditions no request meets (blocking), and rules an earlier rule
 * hides entirely: with the same outcome they are redundant, with another they contradict it.
 */
export function lintRules(rules: readonly ApprovalRuleSpec[], context: LintContext = {}): Map<string, RuleProblem[]> {
  const out = new Map<string, RuleProblem[]>();
  rules.forEach((rule, i) => {
    const problems = neverMatchProblems(rule, context);
    const hider = rules.slice(0, i).findIndex((earlier) => shadows(earlier, rule));
    if (hider >= 0) {
      const earlier = rules[hider];
      const same = earlier.outcome === rule.outcome;
      problems.push({
        field: null,
        blocking: false,
        message: same
          ? `Never used: rule ${hider + 1} (${earlier.name}) matches every request this rule does, with the same decision.`
          : `Contradicts rule ${hider + 1} (${earlier.name}): that rule matches every request this one does and decides "${OUTCOME_LABELS[earlier.outcome]}" first, so "${OUTCOME_LABELS[rule.outcome]}" never happens.`,
      });
    }
    if (problems.length > 0) out.set(rule.id, problems);
  });
  return out;
}
