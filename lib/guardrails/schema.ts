import { z } from "zod";
import { COMPUTE_TYPES } from "@/lib/catalog/bundle-facts";
import { tagTextProblem, type RequiredTag } from "./rules";

/** The portal adds up to three tags of its own to each desktop; AWS allows 50. */
export const MAX_REQUIRED_TAGS = 40;

/**
 * One required tag a line: "CostCentre = 1000, 2000, 3000" (the first value is the default), or
 * "Project" for any value the requester types.
 */
export function parseRequiredTags(text: string): { tags: RequiredTag[]; problem: string | null } {
  const tags: RequiredTag[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const [keyPart, valuesPart = ""] = line.split(/=(.*)/s);
    const key = keyPart.trim();
    const values = valuesPart.split(",").map((v) => v.trim()).filter(Boolean);
    const problem = tagTextProblem(key, "key") ?? values.map((v) => tagTextProblem(v, "value")).find(Boolean) ?? null;
    if (problem) return { tags, problem: `Line ${i + 1}: ${problem}` };
    if (tags.some((t) => t.key === key)) return { tags, problem: `Line ${i + 1}: the tag ${key} is listed twice.` };
    tags.push({ key, allowedValues: [...new Set(values)], defaultValue: values[0] ?? "" });
  }
  if (tags.length > MAX_REQUIRED_TAGS) return { tags, problem: `At most ${MAX_REQUIRED_TAGS} required tags (AWS allows 50 per desktop; the portal adds its own).` };
  return { tags, problem: null };
}

const compute = z.union([z.literal(""), z.enum(COMPUTE_TYPES.map((c) => c.id) as [string, ...string[]])], { message: "Choose a desktop size from the list." }).optional().default("");

// Shared by the guardrails form (client) and the server action.
export const guardrailSchema = z
  .object({
    directoryId: z.string().regex(/^d-[0-9a-f]{10}$/, "This page is out of date. Reload it and try again."),
    encryptionRequired: z.union([z.literal("on"), z.literal("")]).optional().transform((v) => v === "on"),
    volumeEncryptionKey: z.string().trim().max(2048, "A KMS key ARN or alias is at most 2048 characters.").optional().default(""),
    requiredTags: z.string().max(20_000, "Keep the list of required tags shorter.").optional().default(""),
    maxComputeEMPLOYEE: compute,
    maxComputeAPPROVER: compute,
    maxComputeADMIN: compute,
    desktopsPerUser: z
      .union([z.literal("").transform(() => null), z.coerce.number({ message: "Enter a whole number, or leave it empty." }).int("Enter a whole number.").min(1, "Allow at least 1 desktop, or leave it empty.").max(100, "At most 100.")])
      .optional()
      .transform((v) => v ?? null),
  })
  .superRefine((value, ctx) => {
    if (value.encryptionRequired && !value.volumeEncryptionKey) {
      ctx.addIssue({ code: "custom", path: ["volumeEncryptionKey"], message: "Choose the KMS key desktops here are encrypted with (its ARN, id or alias)." });
    }
    if (value.volumeEncryptionKey && !/^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_+=,.@-]+|alias\/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.test(value.volumeEncryptionKey)) {
      ctx.addIssue({ code: "custom", path: ["volumeEncryptionKey"], message: "Enter a KMS key ARN, key id or alias (alias/name)." });
    }
    const tags = parseRequiredTags(value.requiredTags);
    if (tags.problem) ctx.addIssue({ code: "custom", path: ["requiredTags"], message: tags.problem });
  })
  .transform((value) => ({
    directoryId: value.directoryId,
    encryptionRequired: value.encryptionRequired,
    volumeEncryptionKey: value.volumeEncryptionKey || null,
    requiredTags: parseRequiredTags(value.requiredTags).tags,
    maxComputeByRole: Object.fromEntries(
      (["EMPLOYEE", "APPROVER", "ADMIN"] as const).flatMap((role) => (value[`maxCompute${role}`] ? [[role, value[`maxCompute${role}`]]] : [])),
    ) as Partial<Record<"EMPLOYEE" | "APPROVER" | "ADMIN", string>>,
    desktopsPerUser: value.desktopsPerUser,
  }));
export type GuardrailInput = z.output<typeof guardrailSchema>;

/** The required tags back as the form's text. */
export function requiredTagsText(tags: RequiredTag[]): string {
  return tags
    .map((t) => {
      const values = t.defaultValue && !t.allowedValues.includes(t.defaultValue) ? [t.defaultValue, ...t.allowedValues] : [t.defaultValue, ...t.allowedValues.filter((v) => v !== t.defaultValue)].filter(Boolean);
      return values.length ? `${t.key} = ${values.join(", ")}` : t.key;
    })
    .join("\n");
}
