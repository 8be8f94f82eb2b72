import type { Prisma } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import type { GuardrailInput } from "./schema";

type Actor = { id: string; email: string };

/** Stores a directory's guardrails (the key already checked with DescribeKey), audited. */
export async function saveGuardrail(tx: Prisma.TransactionClient, actor: Actor, input: GuardrailInput & { volumeEncryptionKey: string | null }) {
  const data = {
    encryptionRequired: input.encryptionRequired,
    volumeEncryptionKey: input.volumeEncryptionKey,
    requiredTags: input.requiredTags,
    maxComputeByRole: input.maxComputeByRole,
    desktopsPerUser: input.desktopsPerUser,
    updatedById: actor.id,
  };
  await tx.directoryGuardrail.upsert({ where: { directoryId: input.directoryId }, create: { directoryId: input.directoryId, ...data }, update: data });
  await recordAudit(tx, {
    actor,
    action: "directory.guardrails",
    targetType: "directory",
    targetId: input.directoryId,
    outcome: "SUCCESS",
    details: { ...data, updatedById: undefined },
  });
  return { ok: true as const };
}
