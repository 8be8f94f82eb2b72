import type { Role } from "@/lib/db/generated/enums";

// Highest first: "the highest mapped role wins".
const RANK: Record<Role, number> = { EMPLOYEE: 0, APPROVER: 1, ADMIN: 2 };

export function higherRole(a: Role, b: Role): Role {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Group names are compared the way AD compares them: case-insensitively, surrounding spaces ignored. */
export function groupKey(groupName: string): string {
  return groupName.trim().toLowerCase();
}

export type GroupRole = { groupName: string; role: Role };

/**
 * The role a person gets at sign-in: an admin's override if set, else the highest role any of
 * their groups maps to, else EMPLOYEE (an unmapped person may still request a desktop).
 */
export function resolveRole(input: { groups: readonly string[]; mappings: readonly GroupRole[]; override: Role | null }): Role {
  if (input.override) return input.override;
  const mine = new Set(input.groups.map(groupKey));
  let role: Role = "EMPLOYEE";
  for (const mapping of input.mappings) {
    if (mine.has(groupKey(mapping.groupName))) role = higherRole(role, mapping.role);
  }
  return role;
}
