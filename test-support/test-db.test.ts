// createTestDb: each call is a fresh, migrated, isolated database; fast after the first.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { createTestDb } from "./test-db";

describe("createTestDb", () => {
  it("gives fresh, migrated, isolated databases and removes them on close", async () => {
    const t0 = performance.now();
    const a = await createTestDb();
    const t1 = performance.now();
    const b = await createTestDb();
    const t2 = performance.now();
    console.log(
      `createTestDb on ${a.kind}: first ${Math.round(t1 - t0)} ms (may build the template), next ${Math.round(t2 - t1)} ms`,
    );
    try {
      await a.db.user.create({ data: { email: "only-in-a@example.com", name: "A" } });
      expect(await a.db.user.count()).toBe(1);
      expect(await b.db.user.count()).toBe(0);
      const migrations = await b.db.$queryRawUnsafe<Array<{ n: number }>>(
        "SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL",
      );
      expect(migrations[0].n).toBeGreaterThan(0);
    } finally {
      await a.close();
      await b.close();
    }
    if (a.driver.kind === "pglite") expect(fs.existsSync(a.driver.dir)).toBe(false);
  });
});
