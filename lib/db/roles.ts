// Two PostgreSQL roles: an owner that applies migrations and owns every table, and the runtime role
// the portal runs as, which owns nothing. Only the owner can ALTER TABLE ... DISABLE TRIGGER, so the
// audit trail's append-only triggers hold against the running portal too, and the runtime role has
// only INSERT and SELECT on the audit table. Deployment guide: README "Deployment".
import { createDb } from "./client";
import { executorFor, migrateDatabase, type MigrateOptions, type MigrationResult, type MigrationSession } from "./migrate";

/** The audit table: the runtime role may only add to it and read it. */
export const AUDIT_TABLE = "AuditEvent";

const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;

function quoteIdent(name: string): string {
  if (!ROLE_NAME.test(name)) throw new Error(`"${name}" is not a PostgreSQL role name the portal accepts`);
  return `"${name.replaceAll('"', '""')}"`;
}

/** The user a postgresql:// URL connects as (decoded), or undefined when the URL names none. */
export function urlUser(url: string): string | undefined {
  const user = decodeURIComponent(new URL(url).username);
  return user || undefined;
}

/**
 * The statements that give `runtimeRole` what the portal needs after migrations ran: rows in every
 * table, sequences, nothing that changes the schema; on the audit table only INSERT and SELECT; the
 * migrations table read-only (start-up checks that every migration is applied). Idempotent: run after
 * every migration, since new tables have no grants.
 */
export function runtimeGrants(runtimeRole: string): string[] {
  const role = quoteIdent(runtimeRole);
  return [
    // PostgreSQL before 15 lets every role create objects in public; nobody but the owner should.
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    `REVOKE UPDATE, DELETE ON "${AUDIT_TABLE}" FROM ${role}`,
    `REVOKE INSERT, UPDATE, DELETE ON _prisma_migrations FROM ${role}`,
  ];
}

/** Applies runtimeGrants in one transaction, as the owner. */
export async function grantRuntimeRole(session: MigrationSession, runtimeRole: string): Promise<void> {
  const [row] = await session.query<{ exists: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists",
    [runtimeRole],
  );
  if (!row?.exists) {
    throw new Error(`The runtime role "${runtimeRole}" does not exist: create it first (README, "Database roles").`);
  }
  await session.transaction(async (tx) => {
    for (const statement of runtimeGrants(runtimeRole)) await tx.query(statement);
  });
}

export interface OwnerMigrationResult extends MigrationResult {
  /** The runtime role granted its rights, or undefined when the runtime and owner roles are one. */
  grantedTo: string | undefined;
}

/**
 * `npm run db:migrate` with DATABASE_MIGRATION_URL: applies migrations as the owner, then grants the
 * runtime role (the user of DATABASE_URL) its rights. The running portal never needs the owner's password.
 */
export async function migrateAsOwner(
  ownerUrl: string,
  runtimeUrl: string,
  options: MigrateOptions = {},
): Promise<OwnerMigrationResult> {
  const owner = createDb({ databaseUrl: ownerUrl });
  try {
    const result = await migrateDatabase(owner.db, options);
    const runtimeRole = urlUser(runtimeUrl);
    const grantedTo = runtimeRole && runtimeRole !== urlUser(ownerUrl) ? runtimeRole : undefined;
    if (grantedTo) await executorFor(owner.driver).withSession((session) => grantRuntimeRole(session, grantedTo));
    return { ...result, grantedTo };
  } finally {
    await owner.close();
  }
}
