// npm run db:migrate: applies pending migrations to the configured database and says what it did.
// With DATABASE_MIGRATION_URL it migrates as that owner role and grants DATABASE_URL's role its rights.
import { getConfig, redactUrl } from "../config";
import { closeDb, getDbHandle } from "./client";
import { migrateDatabase, type MigrationResult } from "./migrate";
import { migrateAsOwner } from "./roles";
import { plural, pluralWord } from "../plural";

async function main(): Promise<void> {
  const { database, databaseMigrationUrl } = getConfig();
  const where = database.kind === "postgres" ? `PostgreSQL ${redactUrl(databaseMigrationUrl ?? database.url)}` : `PGlite in ${database.dir}`;
  console.log(`Migrating ${where}`);
  const started = Date.now();
  const log = (line: string) => console.log(`  ${line}`);
  let result: MigrationResult;
  if (databaseMigrationUrl && database.kind === "postgres") {
    const owned = await migrateAsOwner(databaseMigrationUrl, database.url, { log });
    if (owned.grantedTo) console.log(`  granted the runtime role "${owned.grantedTo}" its rights (README, "Database roles")`);
    result = owned;
  } else {
    result = await migrateDatabase(getDbHandle().db, { log });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.applied.length === 0) {
    console.log(`Up to date: ${plural(result.alreadyApplied, "migration")} already applied (${seconds} s).`);
  } else {
    console.log(
      `Applied ${plural(result.applied.length, "migration")} in ${seconds} s; ${result.alreadyApplied} ${pluralWord(result.alreadyApplied, "was", "were")} already applied.`,
    );
  }
}

main()
  .then(() => closeDb())
  .catch(async (error: unknown) => {
    console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
    await closeDb().catch(() => {});
    process.exitCode = 1;
  });
