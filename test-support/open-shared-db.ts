// Spawned with another working folder, so the import is relative (tsconfig paths do not apply).
// Opens the configured database the way the app does (lib/db/client's shared `db`); used by the lock
// tests as "another process". With --hold it keeps the database open until killed.
import { closeDb, db } from "../lib/db/client";

try {
  await db.$queryRawUnsafe("SELECT 1");
  console.log(`opened by ${process.pid}`);
  if (process.argv.includes("--hold")) {
    setInterval(() => {}, 60_000);
  } else {
    await closeDb();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(3);
}
