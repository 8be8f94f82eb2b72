// A directory's guardrails and the rules every path applies (request form, approval, bulk CSV and
// the worker before CreateWorkspaces; the compute type also on a resize and a migration, so a new
// path that sets a compute type calls computeProblem too). Client-safe and pure.
import { z } from "zod";
import { COMPUTE_TYPES, computeRank } from "@/lib/catalog/bundle-facts";

/** AWS's tag rules (WorkSpaces): letters, digits, spaces and _ . : / = + - @; keys 1-127, values 0-255. */
export const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const TAG_KEY_MAX = 127;
export const TAG_VALUE_MAX = 255;

export const requiredTagSchema = z.object({
  key: z.string(),
  /** Empty: any value AWS allows. */
  allowedValues: z.array(z.string()),
  /** Used when a request or CSV row gives none; empty: the value must be given. */
  defaultValue: z.string(),
});
export type RequiredTag = z.infer<typeof requiredTagSchema>;

const ROLES = ["EMPLOYEE", "APPROVER", "ADMIN"] as const;
export type GuardrailRole = (typeof ROLES)[number];

export type Guardrail = {
  encryptionRequired: boolean;
  volumeEncryptionKey: string | null;
  requiredTags: RequiredTag[];
  maxComputeByRole: Partial<Record<GuardrailRole, string>>;
  desktopsPerUser: number | null;
};

export const NO_GUARDRAIL: Guardrail = { encryptionRequired: false, volumeEncryptionKey: null, requiredTags: [], maxComputeByRole: {}, desktopsPerUser: null };

/** The stored row's JSON columns, read defensively (a bad value counts as none). */
export function guardrailFromRow(row: {
  encryptionRequired: boolean;
  volumeEncryptionKey: string | null;
  requiredTags: unknown;
  maxComputeByRole: unknown;
  desktopsPerUser: number | null;
} | null): Guardrail {
  if (!row) return NO_GUARDRAIL;
  const tags = z.array(requiredTagSchema).safeParse(row.requiredTags);
  const compute = z.partialRecord(z.enum(ROLES), z.string()).safeParse(row.maxComputeByRole);
  return {
    encryptionRequired: row.encryptionRequired,
    volumeEncryptionKey: row.volumeEncryptionKey,
    requiredTags: tags.success ? tags.data : [],
    maxComputeByRole: compute.success ? compute.data : {},
    desktopsPerUser: row.desktopsPerUser,
  };
}

/** Why a tag key or value breaks AWS's rules, or null. */
export function tagTextProblem(text: string, what: "key" | "value"): string | null {
  const length = [...text].length;
  if (what === "key" && length === 0) return "A tag key cannot be empty.";
  if (what === "key" && text.toLowerCase().startsWith("aws:")) return "Tag keys starting with aws: are reserved for AWS.";
  if (length > (what === "key" ? TAG_KEY_MAX : TAG_VALUE_MAX)) return `A tag ${what} can have at most ${what === "key" ? TAG_KEY_MAX : TAG_VALUE_MAX} characters.`;
  if (!TAG_CHARACTERS.test(text)) return `A tag ${what} may contain only letters, numbers, spaces and _ . : / = + - @.`;
  return null;
}

/**
 * The required tags a request or CSV row ends up with: the value given, else the default. Problems
 * by tag key: a value missing or not among the allowed ones, or one AWS would refuse.
 */
export function resolveRequiredTags(required: RequiredTag[], given: Record<string, string | undefined>): { tags: Record<string, string>; problems: Record<string, string> } {
  const tags: Record<string, string> = {};
  const problems: Record<string, string> = {};
  for (const tag of required) {
    const value = (given[tag.key] ?? "").trim() || tag.defaultValue;
    if (!value) problems[tag.key] = `Choose a value for ${tag.key}.`;
    else if (tag.allowedValues.length > 0 && !tag.allowedValues.includes(value)) problems[tag.key] = `${tag.key} must be one of: ${tag.allowedValues.join(", ")}.`;
    else {
      const problem = tagTextProblem(value, "value");
      if (problem) problems[tag.key] = `${tag.key}: ${problem}`;
      else tags[tag.key] = value;
    }
  }
  return { tags, problems };
}

/** Why this role may not have this compute type here, or null. */
export function computeProblem(guardrail: Guardrail, role: GuardrailRole, computeType: string): string | null {
  const max = guardrail.maxComputeByRole[role];
  if (!max || computeRank(computeType) <= computeRank(max)) return null;
  const label = COMPUTE_TYPES.find((c) => c.id === max)?.label ?? max;
  return `In this directory the ${role.toLowerCase()} role may have desktops up to ${label}.`;
}

/** Why one more desktop would exceed the quota, or null. `held`: desktops and open requests the person has. */
export function quotaProblem(guardrail: Guardrail, held: number): string | null {
  if (guardrail.desktopsPerUser === null || held < guardrail.desktopsPerUser) return null;
  return `At most ${guardrail.desktopsPerUser} ${guardrail.desktopsPerUser === 1 ? "desktop" : "desktops"} per person here (open requests included), and ${held} ${held === 1 ? "is" : "are"} already held.`;
}

/**
 * The key a new desktop in this directory is encrypted with: the directory's when it requires
 * encryption, else the portal-wide default (PORTAL_VOLUME_ENCRYPTION_KEY), else none.
 */
export function encryptionKeyFor(guardrail: Guardrail, portalDefault: string | null | undefined): string | null {
  return guardrail.encryptionRequired ? guardrail.volumeEncryptionKey : (portalDefault ?? null);
}

/** Security: the reason a create must not go ahead without encryption, or null. */
export function encryptionProblem(guardrail: Guardrail, key: string | null): string | null {
  if (!guardrail.encryptionRequired || key) return null;
  return "This directory requires volume encryption, and no KMS key is set for it: an admin must choose one under the directory's guardrails.";
}

/** The request form's field for the i-th required tag (its errors are keyed by it). */
export const tagFieldId = (index: number) => `tag-${index}`;
