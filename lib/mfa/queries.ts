import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import type { Role } from "@/lib/db/generated/enums";

/** What the account page shows about a user's two-step verification. */
export async function getMfaStatus(user: { id: string; role: Role }) {
  const mfa = await db.userMfa.findUnique({ where: { userId: user.id }, select: { enabledAt: true } });
  const recoveryCodesLeft = mfa?.enabledAt ? await db.mfaRecoveryCode.count({ where: { userId: user.id, usedAt: null } }) : 0;
  return { enabledAt: mfa?.enabledAt ?? null, recoveryCodesLeft, required: getConfig().mfaRequiredRoles.includes(user.role) };
}
