// The embedded database's folder is 0700 and its files 0600 whatever the umask: PGlite unpacks its
// cluster at 0666, and the WAL written later holds the password hashes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "./client";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "portal-private-files-"));
const savedUmask = process.umask();
afterAll(() => {
  process.umask(savedUmask);
  fs.rmSync(root, { recursive: true, force: true });
});

function modes(dir: string): { files: Set<string>; dirs: Set<string> } {
  const files = new Set<string>();
  const dirs = new Set<string>([(fs.statSync(dir).mode & 0o777).toString(8)]);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const mode = (fs.statSync(path.join(entry.parentPath, entry.name)).mode & 0o777).toString(8);
    (entry.isDirectory() ? dirs : files).add(mode);
  }
  return { files, dirs };
}

describe("embedded database files", () => {
  it("are readable by the portal's user only, for the initial cluster and for files written later", async () => {
    process.umask(0); // the worst case: a umask that keeps every permission bit
    const dataDir = path.join(root, "data");
    const handle = createDb({ pgliteDir: path.join(dataDir, "pglite") });
    await handle.db.$executeRawUnsafe("create table filler (x int)");
    await handle.db.$executeRawUnsafe("insert into filler select generate_series(1, 50000)");
    await handle.db.$executeRawUnsafe("checkpoint");
    await handle.close();

    expect((fs.statSync(dataDir).mode & 0o777).toString(8)).toBe("700");
    const { files, dirs } = modes(path.join(dataDir, "pglite"));
    expect([...dirs]).toEqual(["700"]);
    expect([...files]).toEqual(["600"]);
  });
});
