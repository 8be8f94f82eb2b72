// The worker's last check before CreateWorkspaces: the directory's guardrails (lib/guardrails),
// whatever path queued the create (request, approval, CSV), and however they changed since: the
// largest compute type for the owner's role, the desktops-per-person quota, encryption, tags. Security: where encryption is required, no desktop is created
// without a KMS key that DescribeKey says exists, is enabled and is symmetric.

import { kmsKeyProblem } from "@/lib/aws/kms";
import { loadGuardrails } from "@/lib/guardrails/queries";
import { computeProblem, encryptionProblem, quotaProblem, resolveRequiredTags } from "@/lib/guardrails/rules";
import type { ClaimedOperation } from "@/lib/operations/claim";
import { parsePayload } from "@/lib/operations/payloads";
import type { WorkerPass } from "../worker-pass";

/**
 * The operations that may be sent, each with the required tags it is sent with (defaults filled
 * in). The others are failed (or, when KMS could not answer, retried) here.
 */
export async function checkCreateGuardrails(pass: WorkerPass, region: string, ops: ClaimedOperation[]): Promise<{ op: ClaimedOperation; requiredTags: Record<string, string> }[]> {
  if (ops.length === 0) return [];
  const desktopOf = (op: ClaimedOperation) => pass.desktops.get(op.desktopId!)!;
  const guardrails = await loadGuardrails(ops.map((op) => desktopOf(op).directoryId), pass.w.db);
  const keyChecks = new Map<string, Promise<Awaited<ReturnType<typeof describe>>>>();
  const describe = (key: string) => pass.read(() => pass.w.aws.forRegion(region).kms.describeKey(key, { operationIds: ops.map((o) => o.id) }));

  const limits = await loadLimitFacts(pass, ops.map((op) => op.desktopId!));
  // Creates accepted in this pass count against their owner's quota too.
  const acceptedFor = new Map<string, number>();

  const ready: { op: ClaimedOperation; requiredTags: Record<string, string> }[] = [];
  for (const op of ops) {
    const desktop = desktopOf(op);
    const guardrail = guardrails.get(desktop.directoryId)!;
    const facts = limits.desktops.get(desktop.id);
    // A desktop without a portal owner (imported user, CSV row for a directory user) counts as an employee's.
    const tooBig = facts ? computeProblem(guardrail, facts.role, facts.computeType) : null;
    if (tooBig) {
      await pass.fail(op, { code: "ComputeTypeNotAllowed", message: `Not created: ${tooBig}` });
      continue;
    }
    const owner = desktop.ownerId;
    const overQuota = owner ? quotaProblem(guardrail, (limits.heldInAws.get(owner) ?? 0) + (acceptedFor.get(owner) ?? 0)) : null;
    if (overQuota) {
      await pass.fail(op, { code: "DesktopQuotaExceeded", message: `Not created: ${overQuota}` });
      continue;
    }
    const key = desktop.volumeEncryptionKey ?? pass.w.volumeEncryptionKey;
    const unencrypted = encryptionProblem(guardrail, key);
    if (unencrypted) {
      await pass.fail(op, { code: "EncryptionRequired", message: `Not created: ${unencrypted}` });
      continue;
    }
    if (guardrail.encryptionRequired && key) {
      if (!keyChecks.has(key)) keyChecks.set(key, describe(key));
      const described = await keyChecks.get(key)!;
      if (!described.ok) {
        if (described.code === "NotFoundException") await pass.fail(op, { code: "KmsKeyNotFound", message: `Not created: KMS has no key ${key}.` });
        else await pass.handleCallFailure(op, described, true);
        continue;
      }
      const problem = kmsKeyProblem(described.key);
      if (problem) {
        await pass.fail(op, { code: "KmsKeyUnusable", message: `Not created: ${problem}` });
        continue;
      }
    }
    const { tags, problems } = resolveRequiredTags(guardrail.requiredTags, parsePayload("CREATE", op.payload)?.tags ?? {});
    const missing = Object.values(problems);
    if (missing.length > 0) {
      await pass.fail(op, { code: "RequiredTagMissing", message: `Not created: ${missing.join(" ")}` });
      continue;
    }
    ready.push({ op, requiredTags: tags });
    if (owner) acceptedFor.set(owner, (acceptedFor.get(owner) ?? 0) + 1);
  }
  return ready;
}

/** Each desktop's compute type and owner's role, and how many desktops each owner already has in AWS. */
async function loadLimitFacts(pass: WorkerPass, desktopIds: string[]) {
  const rows = await pass.w.db.desktop.findMany({
    where: { id: { in: desktopIds } },
    select: { id: true, ownerId: true, bundle: { select: { computeType: true } }, owner: { select: { role: true } } },
  });
  const owners = [...new Set(rows.flatMap((r) => (r.ownerId ? [r.ownerId] : [])))];
  // Created in AWS and not going away: what the person holds besides the creates now being sent.
  const held = owners.length
    ? await pass.w.db.desktop.groupBy({
        by: ["ownerId"],
        where: { ownerId: { in: owners }, workspaceId: { not: null }, terminatedAt: null, state: { notIn: ["TERMINATED", "TERMINATING"] } },
        _count: { _all: true },
      })
    : [];
  return {
    desktops: new Map(rows.map((r) => [r.id, { computeType: r.bundle.computeType, role: r.owner?.role ?? ("EMPLOYEE" as const) }])),
    heldInAws: new Map(held.flatMap((h) => (h.ownerId ? [[h.ownerId, h._count._all] as const] : []))),
  };
}
