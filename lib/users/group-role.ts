import type { Prisma } from "@/lib/db/generated/client";
import type { Role, UserSource } from "@/lib/db/generated/enums";
import { resolveRole } from "./roles";

/** The role a directory or SSO account's groups (as of its last sign-in) map to today, before any override. */
export async function groupRoleOf(tx: Prisma.TransactionClient, source: UserSource, groups: readonly string[]): Promise<Role> {
  const mappings = await tx.roleMapping.findMany({ where: { source }, select: { groupName: true, role: true } });
  return resolveRole({ groups, mappings, override: null });
}
