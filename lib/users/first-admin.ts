import { createHash, randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { conflict, fail, type ActionFailure } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/mutations";

// First run without the demo: with no admin, start-up (scripts/start-services.ts) and
// `npm run admin -- create` print a one-time link to /setup, where the first admin is created.
// Security: the token is 256 random bits, only its SHA-256 is stored, it expires after an hour,
// works once, a new link invalidates the old, and it creates an admin only while none exists.

export const SETUP_LINK_TTL_MS = 60 * 60 * 1000;
export const SETUP_PATH = "/setup";

const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** No enabled admin: nobody can manage the portal, so a setup link is offered. */
export async function needsFirstAdmin(db: Prisma.TransactionClient): Promise<boolean> {
  return (await db.user.count({ where: { role: "ADMIN", disabled: false } })) === 0;
}

/** A new setup link; every earlier one stops working. */
export async function issueSetupLink(
  db: PrismaClient,
  portalUrl: string,
  { now = new Date(), ttlMs = SETUP_LINK_TTL_MS, via = "start" }: { now?: Date; ttlMs?: number; via?: "start" | "cli" } = {},
): Promise<{ url: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + ttlMs);
  await db.$transaction(async (tx) => {
    await tx.setupToken.deleteMany();
    const row = await tx.setupToken.create({ data: { tokenHash: hashToken(token), expiresAt, createdAt: now } });
    await recordAudit(tx, {
      actor: null,
      action: "setup.link_issued",
      targetType: "setup_token",
      targetId: row.id,
      outcome: "SUCCESS",
      message: `First-admin setup link issued (${via === "cli" ? "npm run admin -- create" : "start-up"}), valid until ${expiresAt.toISOString()}`,
    });
  });
  return { url: `${portalUrl}${SETUP_PATH}?token=${token}`, expiresAt };
}

export type SetupLinkState = "valid" | "unknown" | "used" | "expired" | "admin-exists";

/** What the setup page says about a link before anyone types anything. */
export async function setupLinkState(db: Prisma.TransactionClient, token: string, now = new Date()): Promise<SetupLinkState> {
  if (!token) return "unknown";
  const row = await db.setupToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  if (row.expiresAt <= now) return "expired";
  if (!(await needsFirstAdmin(db))) return "admin-exists";
  return "valid";
}

export const SETUP_LINK_MESSAGES: Record<Exclude<SetupLinkState, "valid">, string> = {
  unknown: "This setup link is not valid: it was replaced by a newer one, or it was copied incompletely.",
  used: "This setup link has already been used. Sign in with the admin account it created.",
  expired: "This setup link has expired. Restart the portal, or run npm run admin -- create, for a new one.",
  "admin-exists": "The portal already has an admin. Sign in, or ask an admin for an account.",
};

export type NewAdmin = { name: string; email: string; passwordHash: string };

/**
 * Creates a local admin account and audits it. The e-mail must be free: an existing account is never
 * turned into an admin this way.
 */
export async function createLocalAdmin(
  tx: Prisma.TransactionClient,
  admin: NewAdmin,
  how: { action: string; message: string; ipAddress?: string | null },
): Promise<{ ok: true; userId: string } | ActionFailure> {
  if (await tx.user.findUnique({ where: { email: admin.email }, select: { id: true } })) {
    return fail("CONFLICT", "An account with this e-mail address already exists.", { email: "An account with this e-mail address already exists." });
  }
  const user = await tx.user.create({ data: { name: admin.name, email: admin.email, passwordHash: admin.passwordHash, role: "ADMIN", source: "LOCAL" }, select: { id: true, email: true } });
  await recordAudit(tx, { actor: { id: user.id, email: user.email }, action: how.action, targetType: "user", targetId: user.id, outcome: "SUCCESS", message: how.message, ipAddress: how.ipAddress ?? null });
  return { ok: true, userId: user.id };
}

/** The setup page's work: uses the link (once) and creates the first admin, all or nothing. */
export async function createFirstAdmin(
  tx: Prisma.TransactionClient,
  input: { token: string } & NewAdmin,
  { now = new Date(), ipAddress = null }: { now?: Date; ipAddress?: string | null } = {},
): Promise<{ ok: true; userId: string } | ActionFailure> {
  const state = await setupLinkState(tx, input.token, now);
  if (state !== "valid") return conflict(SETUP_LINK_MESSAGES[state]);
  // Claimed in one statement: of two submits of one link, only one finds it unused.
  const claimed = await tx.setupToken.updateMany({ where: { tokenHash: hashToken(input.token), usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (claimed.count !== 1) return conflict(SETUP_LINK_MESSAGES.used);
  const created = await createLocalAdmin(tx, input, { action: "setup.first_admin", message: "First admin created from the setup link", ipAddress });
  // Nothing may stay half-done: undo the claim when the account could not be created.
  if (!created.ok) await tx.setupToken.updateMany({ where: { tokenHash: hashToken(input.token) }, data: { usedAt: null } });
  return created;
}
