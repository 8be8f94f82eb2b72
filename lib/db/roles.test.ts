// The owner and runtime roles on a real PostgreSQL server (TEST_DATABASE_URL; CI starts one): the
// portal running as its runtime role can do its work but cannot rewrite or hide the audit trail.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "./client";
import { defaultMigrationsDir, migrateDatabase } from "./migrate";
import { migrateAsOwner, runtimeGrants, urlUser } from "./roles";

describe("runtime grants", () => {
  it("give the audit table only INSERT and SELECT, and refuse a role name that is not one", () => {
    const statements = runtimeGrants("portal_app").join("\n");
    expect(statements).toContain('REVOKE UPDATE, DELETE ON "AuditEvent" FROM "portal_app"');
    expect(statements).not.toMatch(/TRUNCATE|TRIGGER|REFERENCES|ALL PRIVILEGES/);
    expect(() => runtimeGrants('app"; DROP TABLE "User')).toThrow(/not a PostgreSQL role name/);
    expect(urlUser("postgresql://portal%5Fapp:secret@db:5432/portal")).toBe("portal_app");
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("owner and runtime roles on PostgreSQL", () => {
  const suffix = randomBytes(4).toString("hex");
  const owner = `portal_owner_${suffix}`;
  const runtime = `portal_app_${suffix}`;
  const database = `portal_roles_${suffix}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  let runtimeDb: DbHandle;
  let runtimePool: pg.Pool;

  function urlFor(user: string): string {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.username = user;
    url.password = "";
    url.pathname = `/${database}`;
    return url.toString();
  }

  async function asRuntime(sql: string): Promise<string> {
    try {
      await runtimePool.query(sql);
      return "allowed";
    } catch (error) {
      return (error as Error).message;
    }
  }

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE ROLE ${owner} LOGIN`);
    await admin.query(`CREATE ROLE ${runtime} LOGIN`);
    await admin.query(`CREATE DATABASE ${database} OWNER ${owner}`);
    // PostgreSQL 15 gives public to the database owner; older servers to the superuser.
    const schemaAdmin = new pg.Client({ connectionString: urlFor(new URL(process.env.TEST_DATABASE_URL!).username || "postgres") });
    await schemaAdmin.connect();
    await schemaAdmin.query(`ALTER SCHEMA public OWNER TO ${owner}`);
    await schemaAdmin.end();

    const result = await migrateAsOwner(urlFor(owner), urlFor(runtime));
    expect(result.applied.length).toBeGreaterThan(10);
    expect(result.grantedTo).toBe(runtime);
    runtimeDb = createDb({ databaseUrl: urlFor(runtime) });
    runtimePool = new pg.Pool({ connectionString: urlFor(runtime), max: 1 });
  }, 120_000);

  afterAll(async () => {
    await runtimePool?.end();
    await runtimeDb?.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${runtime}`);
    await admin.query(`DROP ROLE IF EXISTS ${owner}`);
    await admin.end();
  });

  it("the runtime role owns nothing, and the portal's start-up check passes as it", async () => {
    const { rows } = await admin.query(
      `SELECT count(*)::int AS n FROM pg_tables t JOIN pg_roles r ON r.rolname = t.tableowner WHERE r.rolname = $1`,
      [runtime],
    );
    expect(rows[0].n).toBe(0);
    const check = await migrateDatabase(runtimeDb.db);
    expect(check.applied).toEqual([]);
  });

  it("the runtime role does the portal's work: users, requests' rows, audit events added and read", async () => {
    const user = await runtimeDb.db.user.create({ data: { email: `roles-${suffix}@example.com`, name: "Role Test" } });
    await runtimeDb.db.user.update({ where: { id: user.id }, data: { name: "Role Test Renamed" } });
    await runtimeDb.db.auditEvent.create({ data: { action: "test.roles", outcome: "SUCCESS", actorId: user.id } });
    expect(await runtimeDb.db.auditEvent.count({ where: { action: "test.roles" } })).toBe(1);
  });

  it("the runtime role cannot update, delete, truncate or disable the audit trail's triggers", async () => {
    expect(await asRuntime(`UPDATE "AuditEvent" SET message = 'rewritten'`)).toMatch(/permission denied/);
    expect(await asRuntime(`DELETE FROM "AuditEvent"`)).toMatch(/permission denied/);
    expect(await asRuntime(`TRUNCATE "AuditEvent"`)).toMatch(/permission denied/);
    expect(await asRuntime(`ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL`)).toMatch(/must be owner/);
    expect(await asRuntime(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"`)).toMatch(/must be owner/);
    expect(await asRuntime(`DROP TABLE "AuditEvent"`)).toMatch(/must be owner/);
    expect(await asRuntime(`CREATE TABLE shadow (id int)`)).toMatch(/permission denied/);
    expect(await asRuntime(`DELETE FROM _prisma_migrations`)).toMatch(/permission denied/);
    // The trail is intact.
    expect(await runtimeDb.db.auditEvent.count({ where: { action: "test.roles" } })).toBe(1);
  });

  it("a new migration is refused as the runtime role with what to run instead, and applied by the owner", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-roles-migrations-"));
    try {
      fs.cpSync(defaultMigrationsDir(), dir, { recursive: true });
      fs.mkdirSync(path.join(dir, "99990101000000_roles_test"));
      fs.writeFileSync(path.join(dir, "99990101000000_roles_test", "migration.sql"), 'CREATE TABLE "RolesTest" (id int);\n');
      await expect(migrateDatabase(runtimeDb.db, { migrationsDir: dir })).rejects.toThrow(
        /1 migration is not applied yet \(99990101000000_roles_test\), and the role "portal_app_\w+" may not change the schema.*DATABASE_MIGRATION_URL/,
      );
      const result = await migrateAsOwner(urlFor(owner), urlFor(runtime), { migrationsDir: dir });
      expect(result.applied).toEqual(["99990101000000_roles_test"]);
      // The new table got the runtime grants too.
      expect(await asRuntime(`INSERT INTO "RolesTest" VALUES (1)`)).toBe("allowed");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
