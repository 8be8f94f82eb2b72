// Reads for approval policies: the rules in order, the facts a rule looks at, and who may decide a
// request's current level. Callable inside a transaction (the submission's, the worker's).

import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { RunningMode } from "@/lib/db/generated/enums";
import { countHeldDesktops } from "@/lib/guardrails/queries";
import { loadPriceIndex } from "@/lib/billing/prices/queries";
import { priceKey } from "@/lib/billing/prices/price";
import { monthlyCostEstimate } from "./cost";
import { levelOf, lintRules, mayDecideLevel, type ApprovalRuleSpec, type PolicyRequest, type RequestLevel } from "./rules";

type Client = Prisma.TransactionClient | typeof db;

type RuleRow = Awaited<ReturnType<typeof db.approvalRule.findMany>>[number];

export function toRuleSpec(row: RuleRow): ApprovalRuleSpec {
  return {
    id: row.id,
    name: row.name,
    roles: row.roles,
    groups: row.groups,
    directoryIds: row.directoryIds,
    bundleIds: row.bundleIds,
    computeTypes: row.computeTypes,
    runningModes: row.runningModes,
    minMonthlyCost: row.minMonthlyCost?.toNumber() ?? null,
    maxMonthlyCost: row.maxMonthlyCost?.toNumber() ?? null,
    minHeld: row.minHeld,
    maxHeld: row.maxHeld,
    outcome: row.outcome,
    level1Manager: row.level1Manager,
    level1Group: row.level1Group,
    level2Group: row.level2Group,
    rejectReason: row.rejectReason,
  };
}

/** The rules in the order they are evaluated. */
export async function loadApprovalRules(client: Client = db): Promise<ApprovalRuleSpec[]> {
  const rows = await client.approvalRule.findMany({ orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  return rows.map(toRuleSpec);
}

/**
 * What the rules look at for one request. `held` counts what the requester has before this
 * request. The manager counts only when they can sign in to the portal (an enabled account of any
 * role: most managers are employees): otherwise level 1 falls to its group, so that no request
 * waits for nobody.
 */
export async function policyRequestFor(
  client: Client,
  input: { requesterId: string; directoryId: string; bundleId: string; runningMode: RunningMode; hoursPerWeek: number | null; autoStopTimeoutMinutes: number | null; held?: number },
): Promise<PolicyRequest> {
  const [user, bundle, prices, held] = await Promise.all([
    client.user.findUniqueOrThrow({ where: { id: input.requesterId }, select: { role: true, groups: true, managerEmail: true } }),
    client.bundle.findUniqueOrThrow({ where: { id: input.bundleId }, select: { computeType: true, region: true, platform: true, rootVolumeGiB: true, userVolumeGiB: true } }),
    loadPriceIndex(client),
    input.held ?? countHeldDesktops(input.requesterId, client),
  ]);
  const manager = user.managerEmail
    ? await client.user.findFirst({ where: { email: { equals: user.managerEmail.trim(), mode: "insensitive" }, disabled: false }, select: { email: true } })
    : null;
  return {
    role: user.role,
    groups: user.groups,
    directoryId: input.directoryId,
    bundleId: input.bundleId,
    computeType: bundle.computeType,
    runningMode: input.runningMode,
    monthlyCost: monthlyCostEstimate(prices.get(priceKey(bundle.region, bundle.computeType, bundle.platform)), {
      runningMode: input.runningMode,
      hoursPerWeek: input.hoursPerWeek,
      autoStopTimeoutMinutes: input.autoStopTimeoutMinutes,
      storageGiB: bundle.rootVolumeGiB + bundle.userVolumeGiB,
    }),
    held,
    managerEmail: manager?.email ?? null,
  };
}

/**
 * Who is told that a request waits at its level: the people who may decide it, admins aside
 * (they may decide everything, and are told only when the level names nobody, or nobody it names
 * has an account that can decide, or the request escalated). The level's manager is told whatever
 * their role: most managers are employees.
 */
export async function approverIdsOfLevel(client: Client, request: RequestLevel & { requesterId: string }, escalationGroup: string | null): Promise<string[]> {
  const level = levelOf(request);
  const manager = level.managerEmail ? [{ email: { equals: level.managerEmail.trim(), mode: "insensitive" as const } }] : [];
  const staff = await client.user.findMany({
    where: { OR: [{ role: { in: ["APPROVER", "ADMIN"] } }, ...manager], disabled: false, id: { not: request.requesterId } },
    select: { id: true, role: true, email: true, groups: true },
  });
  const named = !level.managerEmail && !level.group ? staff : staff.filter((u) => mayDecideLevel({ ...u, role: "APPROVER" }, request, escalationGroup)); // named, not by the admin role
  const admins = staff.filter((u) => u.role === "ADMIN");
  const wanted = named.length === 0 || request.escalatedAt ? [...named, ...admins] : named;
  return [...new Set(wanted.map((u) => u.id))];
}

export type ApprovalRuleView = ApprovalRuleSpec & { number: number; problems: string[] };

/** The policies page: the rules in order, each with what the lint finds, and the choices its forms offer. */
export async function approvalPoliciesPage() {
  const [rules, directories, bundles, users] = await Promise.all([
    loadApprovalRules(),
    db.directory.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.bundle.findMany({ where: { available: true }, select: { id: true, name: true, computeType: true }, orderBy: { name: "asc" } }),
    db.user.findMany({ where: { disabled: false }, select: { id: true, name: true, email: true }, orderBy: { name: "asc" }, take: 500 }),
  ]);
  const problems = lintRules(rules, { directoryIds: new Set(directories.map((d) => d.id)), bundleIds: new Set(bundles.map((b) => b.id)) });
  const views: ApprovalRuleView[] = rules.map((rule, i) => ({ ...rule, number: i + 1, problems: (problems.get(rule.id) ?? []).map((p) => p.message) }));
  const computeTypes = [...new Set(bundles.map((b) => b.computeType))].sort();
  return { rules: views, directories, bundles, computeTypes, users };
}
