"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { defineAction } from "@/lib/auth/define-action";
import { fail } from "@/lib/action-result";
import { kmsKeyProblem } from "@/lib/aws/kms";
import { guardrailsKms } from "./aws";
import { saveGuardrail } from "./mutations";
import { guardrailSchema } from "./schema";

const keyError = (message: string) => fail("INVALID_INPUT", "Please correct the highlighted fields.", { volumeEncryptionKey: message });

/** Admin: a directory's guardrails. A KMS key is checked with DescribeKey (a read) before it is stored. */
export const saveGuardrails = defineAction(guardrailSchema, { allow: "directory.manage" }, async (input, { user }) => {
  const directory = await db.directory.findUnique({ where: { id: input.directoryId }, select: { id: true } });
  if (!directory) return fail("NOT_FOUND", "The directory was not found.");
  let volumeEncryptionKey: string | null = null;
  if (input.volumeEncryptionKey) {
    const described = await guardrailsKms().describeKey(input.volumeEncryptionKey);
    if (!described.ok) {
      return described.code === "NotFoundException"
        ? keyError(`KMS has no key ${input.volumeEncryptionKey} in this account and region.`)
        : fail("CONFLICT", `KMS could not check the key (${described.code}: ${described.message}). Try again.`);
    }
    const problem = kmsKeyProblem(described.key);
    if (problem) return keyError(problem);
    // The ARN, not the alias: an alias can later be pointed at another key.
    volumeEncryptionKey = described.key.arn;
  }
  await db.$transaction((tx) => saveGuardrail(tx, user, { ...input, volumeEncryptionKey }));
  revalidatePath(`/admin/directories/${input.directoryId}/guardrails`);
  revalidatePath("/requests/new");
  return { ok: true as const, volumeEncryptionKey };
});
