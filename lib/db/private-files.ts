// The embedded database holds password hashes and the audit trail: only the portal's own OS user
// may read it. PGlite unpacks its initial cluster with every file at mode 0666, and the files
// Postgres creates later follow the process umask, so neither the umask alone nor a one-time chmod
// is enough: both are applied when a folder is opened.
import fs from "node:fs";
import path from "node:path";
import { isMainThread } from "node:worker_threads";

const PRIVATE_UMASK = 0o077;

/** Makes `dataDir` and its parent 0700 and every file under it 0600, and keeps new files private. */
export function keepDatabaseFilesPrivate(dataDir: string): void {
  // Worker threads cannot set the umask; the portal opens its database on the main thread.
  if (isMainThread) process.umask(PRIVATE_UMASK);
  for (const dir of [path.dirname(dataDir), dataDir]) {
    if (fs.existsSync(dir)) fs.chmodSync(dir, 0o700);
  }
  if (fs.existsSync(dataDir)) restrictTree(dataDir);
}

function restrictTree(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      fs.chmodSync(full, 0o700);
      restrictTree(full);
    } else if (entry.isFile()) {
      fs.chmodSync(full, 0o600);
    }
  }
}
