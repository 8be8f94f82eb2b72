// /readyz on real databases and a real worker: ready when migrated and passing; 503 with the failed
// check named (and nothing more) when the database is unreachable, a shipped migration is missing,
// or the worker's last pass is too old.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { readMigrations } from "@/lib/db/migrate";
import { startWorker } from "@/lib/jobs/worker";
import { createTestDb, type TestDb } from "@/test-support/test-db";
import { silentLogger } from "@/test-support/worker-harness";
import { freePort } from "@/test-support/free-port";
import { startHealthServer, type HealthServer } from "./health-server";
import { checkReadiness, type Readiness } from "./readiness";
import { workerHeartbeat } from "./worker-heartbeat";

let testDb: TestDb;
beforeAll(async () => {
  testDb = await createTestDb();
  await testDb.db.$queryRaw`SELECT 1`; // opened before the checks' 2-second timeout starts counting
});
afterAll(async () => {
  await testDb?.close();
});

/** /readyz of a worker-style health server over `readiness`, as an operator's probe sees it. */
async function probe(readiness: () => Promise<Readiness>): Promise<{ status: number; body: unknown; cache: string | null; health: number }> {
  const server: HealthServer = await startHealthServer({ port: 0, host: "127.0.0.1", readiness });
  try {
    const ready = await fetch(`${server.url}/readyz`);
    const alive = await fetch(`${server.url}/healthz`);
    return { status: ready.status, body: await ready.json(), cache: ready.headers.get("cache-control"), health: alive.status };
  } finally {
    await server.close();
  }
}

describe("/readyz", () => {
  it("is ready on a migrated database that answers", async () => {
    const answer = await probe(() => checkReadiness({ db: testDb.db }));
    expect(answer).toEqual({ status: 200, body: { status: "ready", checks: { database: "ok", migrations: "ok" } }, cache: "no-store", health: 200 });
  });

  it("answers 503 \"database unreachable\" when nothing listens at the database's address", async () => {
    const closedPort = await freePort();
    const handle = createDb({ databaseUrl: `postgres://portal:secret-password@127.0.0.1:${closedPort}/portal` });
    try {
      const answer = await probe(() => checkReadiness({ db: handle.db }));
      expect(answer.status).toBe(503);
      expect(answer.health).toBe(200); // the process itself is alive
      // Nothing about the connection: no address, user, password or driver message.
      expect(answer.body).toEqual({ status: "not ready", checks: { database: "unreachable" } });
    } finally {
      await handle.close();
    }
  });

  it("answers 503 within its timeout when the database accepts connections but never answers", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => void sockets.push(socket)); // holds every connection open, says nothing
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const handle = createDb({ databaseUrl: `postgres://portal@127.0.0.1:${port}/portal` });
    try {
      const started = Date.now();
      const readiness = await checkReadiness({ db: handle.db, timeoutMs: 300 });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(readiness).toEqual({ ready: false, checks: { database: "unreachable" } });
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
      await handle.close().catch(() => {});
    }
  });

  it("answers 503 \"migrations pending\" when a migration this build ships is not applied", async () => {
    const shipped = readMigrations().map((m) => m.name);
    const last = shipped.at(-1)!;
    const row = await testDb.db.$queryRaw<{ id: string }[]>`SELECT id FROM _prisma_migrations WHERE migration_name = ${last}`;
    await testDb.db.$executeRaw`DELETE FROM _prisma_migrations WHERE migration_name = ${last}`;
    try {
      const answer = await probe(() => checkReadiness({ db: testDb.db }));
      expect(answer.status).toBe(503);
      // Which one is not said: migration names tell the release.
      expect(answer.body).toEqual({ status: "not ready", checks: { database: "ok", migrations: "pending" } });
    } finally {
      await testDb.db.$executeRaw`INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
        VALUES (${row[0].id}, 'restored', now(), ${last}, now(), 1)`;
    }
    expect((await checkReadiness({ db: testDb.db })).ready).toBe(true);
  });

  it("answers 503 on a database never migrated (no migrations table)", async () => {
    await testDb.db.$executeRawUnsafe("ALTER TABLE _prisma_migrations RENAME TO _prisma_migrations_away");
    try {
      expect(await checkReadiness({ db: testDb.db })).toEqual({ ready: false, checks: { database: "ok", migrations: "pending" } });
    } finally {
      await testDb.db.$executeRawUnsafe("ALTER TABLE _prisma_migrations_away RENAME TO _prisma_migrations");
    }
  });
});

describe("a worker's /readyz", () => {
  it("is ready while the worker finishes passes, and goes stale when its passes stop succeeding", async () => {
    const leaseMs = 600;
    const pollMs = 50;
    const worker = startWorker({ db: testDb.db, aws: {} as never, workerId: "readiness-worker", pollMs, leaseMs, reconcileMs: 60_000, sweepMs: 0, logger: silentLogger });
    const heartbeat = workerHeartbeat(worker.lastPassAt, leaseMs + pollMs);
    const readiness = () => checkReadiness({ db: testDb.db, worker: heartbeat });
    try {
      await expect.poll(async () => (await probe(readiness)).status, { timeout: 10_000 }).toBe(200);
      expect((await probe(readiness)).body).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok", worker: "ok" } });

      // Passes now fail (the operations table is gone from under the worker): no new heartbeat.
      await testDb.db.$executeRawUnsafe(`ALTER TABLE "Operation" RENAME TO "OperationAway"`);
      try {
        await expect.poll(async () => (await probe(readiness)).status, { timeout: 10_000 }).toBe(503);
        expect((await probe(readiness)).body).toEqual({ status: "not ready", checks: { database: "ok", migrations: "ok", worker: "stale" } });
      } finally {
        await testDb.db.$executeRawUnsafe(`ALTER TABLE "OperationAway" RENAME TO "Operation"`);
      }
      // Passing again: ready again.
      await expect.poll(async () => (await probe(readiness)).status, { timeout: 10_000 }).toBe(200);
    } finally {
      await worker.stop();
    }
  });

  it("is not ready before the first pass, nor once passes are older than the limit", () => {
    let last: Date | null = null;
    const heartbeat = workerHeartbeat(() => last, 1_000);
    const now = new Date("2026-12-03T12:00:00Z");
    expect(heartbeat.isFresh(now)).toBe(false);
    last = new Date(now.getTime() - 1_000);
    expect(heartbeat.isFresh(now)).toBe(true);
    last = new Date(now.getTime() - 1_001);
    expect(heartbeat.isFresh(now)).toBe(false);
  });
});
