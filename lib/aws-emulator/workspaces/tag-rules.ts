/**
 * AWS's tag rules for WorkSpaces resources: at most 50 tags per resource; keys of 1 to 127 and values
 * of 0 to 255 Unicode characters made of letters, digits, spaces and _ . : / = + - @; keys are
 * case-sensitive and must not start with "aws:" (reserved for AWS).
 */
import { awsErrors } from "../aws-error";
import type { Tag } from "../records";

export const MAX_TAGS = 50;
const ALLOWED = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The first broken rule among these tags, as AWS words it, or null. */
export function tagRuleViolation(tags: { Key?: string; Value?: string }[]): string | null {
  for (const { Key: key = "", Value: value = "" } of tags) {
    if (key.toLowerCase().startsWith("aws:")) return "Tag keys starting with 'aws:' are reserved.";
    if ([...key].length < 1 || [...key].length > 127) return `The tag key '${key}' must be 1 to 127 characters long.`;
    if ([...value].length > 255) return `The value of tag '${key}' must be at most 255 characters long.`;
    if (!ALLOWED.test(key)) return `The tag key '${key}' contains characters that are not allowed: use letters, numbers, spaces and _ . : / = + - @.`;
    if (!ALLOWED.test(value)) return `The value of tag '${key}' contains characters that are not allowed: use letters, numbers, spaces and _ . : / = + - @.`;
  }
  const keys = tags.map((t) => t.Key);
  if (new Set(keys).size !== keys.length) return "Each tag key may be given only once.";
  return null;
}

/**
 * Tags given when a resource is created (image, bundle, IP group, directory registration), as
 * records; throws what AWS answers: ResourceLimitExceededException for more than 50 tags,
 * InvalidParameterValuesException for a broken rule.
 */
export function checkedNewTags(tags: { Key?: string; Value?: string }[] | undefined): Tag[] {
  const given = tags ?? [];
  if (given.length > MAX_TAGS) throw awsErrors.resourceLimitExceeded(`A resource can have at most ${MAX_TAGS} tags; this request gives it ${given.length}.`);
  const problem = tagRuleViolation(given);
  if (problem) throw awsErrors.invalidParameterValues(problem);
  return given.map((t) => ({ Key: t.Key!, ...(t.Value !== undefined ? { Value: t.Value } : {}) }));
}
