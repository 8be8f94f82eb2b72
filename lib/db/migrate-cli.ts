// npm run db:migrate: applies pending migrations to the configured database and says what it did.
import { getConfig, redactUrl } from "../config";
import { closeDb, getDbHandle } from "./client";
import { migrateDatabase } from "./migrate";
import { plural, pluralWord } from "../plural";

async function main(): Promise<void> {
  const { database } = getConfig();
  const where = database.kind === "postgres" ? `PostgreSQL ${redactUrl(database.url)}` : `PGlite in ${database.dir}`;
  console.log(`Migrating ${where}`);
  const started = Date.now();
  const result = await migrateDatabase(getDbHandle().db, { log: (line) => console.log(`  ${line}`) });
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
