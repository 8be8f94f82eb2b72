import { z } from "zod";
import { directoryIdSchema } from "../schema";

/** AWS's default quotas (AWS-FACTS.md): groups per account, rules per group, groups per directory. */
export const IP_GROUP_LIMITS = { groupsPerAccount: 100, rulesPerGroup: 10, groupsPerDirectory: 25 } as const;

/** An IPv4 address or CIDR block, as IP access control groups take them (203.0.113.0/24). */
export function isIpv4Cidr(text: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text);
  if (!match) return false;
  return match.slice(1, 5).every((o) => Number(o) <= 255) && (match[5] === undefined || Number(match[5]) <= 32);
}

export type IpRuleInput = { ipRule: string; ruleDesc?: string };

/**
 * The rules textarea: one rule a line, the address or block first, then an optional description.
 * Returns the rules or the message for the field (every bad line named, the limit said).
 */
export function parseRules(text: string): { ok: true; rules: IpRuleInput[] } | { ok: false; message: string } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const rules = lines.map((line) => {
    const [ipRule, ...rest] = line.split(/\s+/);
    const ruleDesc = rest.join(" ").trim();
    return { ipRule, ...(ruleDesc ? { ruleDesc } : {}) };
  });
  const bad = rules.filter((r) => !isIpv4Cidr(r.ipRule)).map((r) => r.ipRule);
  if (bad.length > 0) {
    return { ok: false, message: `Not an IPv4 address or CIDR block: ${bad.join(", ")}. Write one rule a line, such as 203.0.113.0/24 Head office.` };
  }
  if (rules.length > IP_GROUP_LIMITS.rulesPerGroup) {
    return { ok: false, message: `AWS allows at most ${IP_GROUP_LIMITS.rulesPerGroup} rules in an IP access control group; these are ${rules.length}.` };
  }
  const seen = new Set<string>();
  const twice = rules.find((r) => (seen.has(r.ipRule) ? true : (seen.add(r.ipRule), false)));
  if (twice) return { ok: false, message: `${twice.ipRule} is listed twice.` };
  if (rules.some((r) => (r.ruleDesc?.length ?? 0) > 100)) return { ok: false, message: "A rule's description can have at most 100 characters." };
  return { ok: true, rules };
}

const rulesField = z
  .string()
  .max(5000, "At most 5,000 characters.")
  .optional()
  .default("")
  .transform((text, ctx) => {
    const parsed = parseRules(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }
    return parsed.rules;
  });

export const groupIdSchema = z.string().trim().regex(/^wsipg-[0-9a-z]{8,63}$/, "Not an IP access control group id (wsipg-…).");

export const createIpGroupSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter a name for the group.")
    .max(100, "At most 100 characters.")
    .regex(/^[A-Za-z0-9 _.:/=+\-@]+$/, "Use letters, digits, spaces and _ . : / = + - @ only."),
  description: z.string().trim().max(255, "At most 255 characters.").optional().default(""),
  rules: rulesField,
});

/** Replace all rules (UpdateRulesOfIpGroup). */
export const replaceIpRulesSchema = z.object({ groupId: groupIdSchema, rules: rulesField });

/** Add rules (AuthorizeIpRules). */
export const addIpRulesSchema = z.object({ groupId: groupIdSchema, rules: rulesField.refine((r) => r.length > 0, "Enter at least one rule.") });

/** Remove one rule (RevokeIpRules). */
export const removeIpRuleSchema = z.object({ groupId: groupIdSchema, ipRule: z.string().trim().refine(isIpv4Cidr, "Not an IPv4 address or CIDR block.") });

export const ipGroupRefSchema = z.object({ groupId: groupIdSchema });

export const ipGroupAssociationSchema = z.object({ directoryId: directoryIdSchema, groupId: groupIdSchema });
