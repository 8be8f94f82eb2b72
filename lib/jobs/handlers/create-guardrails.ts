// The worker's last check before CreateWorkspaces: the directory's guardrails (lib/guardrails),
// whatever path queued the create. Security: where encryption is required, no desktop is created
// without a KMS key that DescribeKey says exists, is enabled and is symmetric.

import { kmsKeyProblem } from "@/lib/aws/kms";
import { loadGuardrails } from "@/lib/guardrails/queries";
import { encryptionProblem, resolveRequiredTags } from "@/lib/guardrails/rules";
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

  const ready: { op: ClaimedOperation; requiredTags: Record<string, string> }[] = [];
  for (const op of ops) {
    const desktop = desktopOf(op);
    const guardrail = guardrails.get(desktop.directoryId)!;
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
  }
  return ready;
}
