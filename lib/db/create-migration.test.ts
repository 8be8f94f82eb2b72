// scripts/create-migration.ts: the offline diff (Prisma 6 CLI + in-memory PGlite shadow database)
// sees a schema change as exactly the SQL for it, and the committed migrations as up to date.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diffSchemaAgainstMigrations } from "../../scripts/create-migration";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "portal-create-migration-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("create-migration diff", () => {
  it("finds nothing to do for the committed schema and migrations", () => {
    expect(diffSchemaAgainstMigrations()).toMatchObject({ changed: false });
  });

  it("turns a schema change into just that change's SQL", () => {
    const migrationsDir = path.join(work, "migrations");
    fs.cpSync(path.resolve("prisma/migrations"), migrationsDir, { recursive: true });
    const schemaPath = path.join(work, "schema.prisma");
    const schema = fs.readFileSync(path.resolve("prisma/schema.prisma"), "utf8");
    const changed = schema.replace(/model User \{\n/, "model User {\n  nickname String?\n");
    expect(changed).not.toBe(schema);
    fs.writeFileSync(schemaPath, changed);

    const diff = diffSchemaAgainstMigrations({ schemaPath, migrationsDir });
    expect(diff.changed).toBe(true);
    expect(diff.sql.trim()).toBe('-- AlterTable\nALTER TABLE "User" ADD COLUMN     "nickname" TEXT;');
  });
});
