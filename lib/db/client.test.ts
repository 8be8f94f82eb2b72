// The shared client: importing opens nothing, the first use opens the configured database once per
// process (kept on globalThis), ensureDatabase migrates once, closeDb releases the folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "../config";
import { lockFileFor } from "./pglite-lock";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "portal-client-test-"));
const pgliteDir = path.join(root, "pglite");
const saved = { ...process.env };

beforeAll(() => {
  process.env.PORTAL_DATA_DIR = root;
  delete process.env.DATABASE_URL;
  resetConfigForTests();
});
afterAll(async () => {
  const { closeDb } = await import("./client");
  await closeDb();
  process.env = saved;
  resetConfigForTests();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("shared db client", () => {
  it("opens nothing when imported, passed around or awaited", async () => {
    const { db } = await import("./client");
    expect(typeof db).toBe("object");
    // What bundlers, React and promise resolution may touch.
    expect(await Promise.resolve(db)).toBe(db);
    String(Object.prototype.toString.call(db));
    expect(fs.existsSync(pgliteDir)).toBe(false);
    expect(fs.existsSync(lockFileFor(pgliteDir))).toBe(false);
  });

  it("opens the configured PGlite folder on first use, once, shared through globalThis", async () => {
    const { db, getDbHandle } = await import("./client");
    const { ensureDatabase } = await import("./migrate");
    await Promise.all([ensureDatabase(), ensureDatabase()]);
    expect(ensureDatabase()).toBe(ensureDatabase());
    expect(fs.existsSync(pgliteDir)).toBe(true);
    expect(JSON.parse(fs.readFileSync(lockFileFor(pgliteDir), "utf8")).pid).toBe(process.pid);

    await db.user.create({ data: { email: "shared@example.com", name: "Shared" } });
    const state = (globalThis as Record<symbol, { handle?: { db: unknown } }>)[Symbol.for("workspaces-portal.db")];
    expect(state.handle?.db).toBe(getDbHandle().db);
    // A transaction through the proxy gets the real client's tx.
    const count = await db.$transaction(async (tx) => tx.user.count());
    expect(count).toBe(1);
  });

  it("closeDb releases the folder, and the next use opens it again with the data kept", async () => {
    const { db, closeDb } = await import("./client");
    await closeDb();
    expect(fs.existsSync(lockFileFor(pgliteDir))).toBe(false);
    expect(await db.user.findUnique({ where: { email: "shared@example.com" } })).toMatchObject({ name: "Shared" });
    expect(fs.existsSync(lockFileFor(pgliteDir))).toBe(true);
  });
});
