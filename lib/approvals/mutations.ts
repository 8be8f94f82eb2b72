// Writes of approval policies: save (create or edit), delete, reorder. Each is audited. A rule that
// can never match is refused with the reason at its field; one an earlier rule hides is saved with
// a warning (reordering may be what the admin does next).

import type { Prisma } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { conflict, fail, notFound, type ActionFailure } from "@/lib/action-result";
import { loadApprovalRules } from "./queries";
import { lintRules, type ApprovalRuleSpec } from "./rules";
import type { ApprovalRuleValues } from "./schema";

type Tx = Prisma.TransactionClient;
type Actor = { id: string; email: string };

async function lintContext(tx: Tx) {
  const [directories, bundles] = await Promise.all([tx.directory.findMany({ select: { id: true } }), tx.bundle.findMany({ select: { id: true } })]);
  return { directoryIds: new Set(directories.map((d) => d.id)), bundleIds: new Set(bundles.map((b) => b.id)) };
}

/** Every rule's warnings, numbered as the list shows them. */
function warningsOf(rules: ApprovalRuleSpec[], problems: ReturnType<typeof lintRules>): string[] {
  return rules.flatMap((rule, i) => (problems.get(rule.id) ?? []).filter((p) => !p.blocking).map((p) => `Rule ${i + 1} (${rule.name}): ${p.message}`));
}

export async function saveApprovalRule(tx: Tx, actor: Actor, input: ApprovalRuleValues): Promise<{ ok: true; ruleId: string; warnings: string[] } | ActionFailure> {
  const { ruleId, ...values } = input;
  const rules = await loadApprovalRules(tx);
  if (ruleId && !rules.some((r) => r.id === ruleId)) return notFound("The rule");
  const candidate: ApprovalRuleSpec = { ...values, id: ruleId ?? "(new)" };
  const after = ruleId ? rules.map((r) => (r.id === ruleId ? candidate : r)) : [...rules, candidate];
  const problems = lintRules(after, await lintContext(tx));
  const blocking = (problems.get(candidate.id) ?? []).filter((p) => p.blocking);
  if (blocking.length > 0) {
    return fail(
      "INVALID_INPUT",
      "This rule can never match a request. Please correct the highlighted fields.",
      Object.fromEntries(blocking.map((p) => [p.field ?? "_form", p.message])),
    );
  }
  const data = { ...values };
  const saved = ruleId
    ? await tx.approvalRule.update({ where: { id: ruleId }, data, select: { id: true } })
    : await tx.approvalRule.create({ data: { ...data, position: rules.length + 1 }, select: { id: true } });
  await recordAudit(tx, {
    actor,
    action: ruleId ? "approval_rule.update" : "approval_rule.create",
    targetType: "approval_rule",
    targetId: saved.id,
    outcome: "SUCCESS",
    message: `${ruleId ? "Changed" : "Added"} approval rule "${values.name}"`,
    details: values as unknown as Prisma.InputJsonValue,
  });
  const saveAfter = after.map((r) => (r.id === "(new)" ? { ...r, id: saved.id } : r));
  return { ok: true, ruleId: saved.id, warnings: warningsOf(saveAfter, lintRules(saveAfter)) };
}

/** Positions are 1..n in order; rewritten whole after a delete or a move. */
async function renumber(tx: Tx, ids: string[]) {
  for (const [i, id] of ids.entries()) await tx.approvalRule.update({ where: { id }, data: { position: i + 1 } });
}

export async function deleteApprovalRule(tx: Tx, actor: Actor, ruleId: string): Promise<{ ok: true } | ActionFailure> {
  const rules = await loadApprovalRules(tx);
  const rule = rules.find((r) => r.id === ruleId);
  if (!rule) return notFound("The rule");
  // Requests routed by it keep their route (approvalRuleId is set to null by the foreign key).
  await tx.approvalRule.delete({ where: { id: ruleId } });
  await renumber(tx, rules.filter((r) => r.id !== ruleId).map((r) => r.id));
  await recordAudit(tx, { actor, action: "approval_rule.delete", targetType: "approval_rule", targetId: ruleId, outcome: "SUCCESS", message: `Deleted approval rule "${rule.name}"` });
  return { ok: true };
}

export async function moveApprovalRule(tx: Tx, actor: Actor, input: { ruleId: string; direction: "up" | "down" }): Promise<{ ok: true; warnings: string[] } | ActionFailure> {
  const rules = await loadApprovalRules(tx);
  const from = rules.findIndex((r) => r.id === input.ruleId);
  if (from < 0) return notFound("The rule");
  const to = input.direction === "up" ? from - 1 : from + 1;
  if (to < 0 || to >= rules.length) return conflict(`The rule is already ${input.direction === "up" ? "first" : "last"}.`);
  const order = [...rules];
  [order[from], order[to]] = [order[to], order[from]];
  await renumber(tx, order.map((r) => r.id));
  await recordAudit(tx, {
    actor,
    action: "approval_rule.move",
    targetType: "approval_rule",
    targetId: input.ruleId,
    outcome: "SUCCESS",
    message: `Moved approval rule "${rules[from].name}" from position ${from + 1} to ${to + 1}`,
  });
  return { ok: true, warnings: warningsOf(order, lintRules(order)) };
}
