// Claiming from the outbox on a real test database.
import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/test-support/test-db";
import { claimOperations, extendLeases, releaseClaims } from "@/lib/operations/claim";
import { approveRequest, seedPortal } from "@/test-support/worker-harness";

let t: TestDb;
let people: { requesterId: string; approverId: string };

beforeEach(async () => {
  t = await createTestDb();
  people = await seedPortal(t.db);
});
afterEach(async () => {
  await t?.close();
});

it("claims due QUEUED operations once, with a lease, counting the attempt", async () => {
  const a = await approveRequest(t.db, people, { userName: "alice" });
  const b = await approveRequest(t.db, people, { userName: "bob" });
  const now = new Date();
  await t.db.operation.update({ where: { id: b.operationId }, data: { nextAttemptAt: new Date(now.getTime() + 60_000) } });

  const first = await claimOperations(t.db, { workerId: "w1", limit: 10, leaseMs: 30_000, now });
  expect(first.map((o) => o.id)).toEqual([a.operationId]);
  expect(first[0]).toMatchObject({ type: "CREATE", attempts: 1, takenOver: false, outcomeUnknown: false, requestId: a.requestId });
  const row = await t.db.operation.findUniqueOrThrow({ where: { id: a.operationId } });
  expect(row).toMatchObject({ status: "RUNNING", lockedBy: "w1", attempts: 1 });
  expect(row.lockedUntil?.getTime()).toBe(now.getTime() + 30_000);

  // Nobody else gets it while the lease holds; the future one is not due.
  expect(await claimOperations(t.db, { workerId: "w2", limit: 10, leaseMs: 30_000, now })).toEqual([]);
});

it("a claim handed back is not counted; a claim that only looks in AWS never was", async () => {
  const a = await approveRequest(t.db, people, { userName: "alice" });
  const b = await approveRequest(t.db, people, { userName: "bob" });
  await t.db.operation.update({ where: { id: b.operationId }, data: { outcomeUnknown: true, attempts: 1 } });
  const now = new Date();
  const claimed = await claimOperations(t.db, { workerId: "w1", limit: 10, leaseMs: 30_000, now });
  expect(claimed.map((o) => [o.id, o.attempts])).toEqual([
    [a.operationId, 1],
    [b.operationId, 1],
  ]);
  expect(await releaseClaims(t.db, { workerId: "w2", operationIds: [a.operationId] })).toBe(0);
  expect(await releaseClaims(t.db, { workerId: "w1", operationIds: [a.operationId, b.operationId] })).toBe(2);
  const rows = await t.db.operation.findMany({ where: { id: { in: [a.operationId, b.operationId] } }, orderBy: { createdAt: "asc" } });
  expect(rows.map((r) => [r.status, r.attempts, r.lockedBy])).toEqual([
    ["QUEUED", 0, null],
    ["QUEUED", 1, null],
  ]);
});

it("respects the limit, oldest due first", async () => {
  const ids = [];
  for (const userName of ["alice", "bob", "carol"]) ids.push((await approveRequest(t.db, people, { userName })).operationId);
  const claimed = await claimOperations(t.db, { workerId: "w1", limit: 2, leaseMs: 30_000, now: new Date() });
  expect(claimed.map((o) => o.id)).toEqual(ids.slice(0, 2));
});

it("takes over an expired lease and marks the outcome unknown; the old holder cannot extend it", async () => {
  const a = await approveRequest(t.db, people, { userName: "alice" });
  const now = new Date();
  await claimOperations(t.db, { workerId: "dead", limit: 10, leaseMs: 1_000, now });
  const later = new Date(now.getTime() + 5_000);
  const [taken] = await claimOperations(t.db, { workerId: "w2", limit: 10, leaseMs: 30_000, now: later });
  // The taker only looks in AWS first: its claim is not a second send.
  expect(taken).toMatchObject({ id: a.operationId, attempts: 1, takenOver: true, outcomeUnknown: true });
  expect(await extendLeases(t.db, { workerId: "dead", operationIds: [a.operationId], leaseUntil: new Date(later.getTime() + 60_000) })).toBe(0);
  expect(await extendLeases(t.db, { workerId: "w2", operationIds: [a.operationId], leaseUntil: new Date(later.getTime() + 60_000) })).toBe(1);
  const row = await t.db.operation.findUniqueOrThrow({ where: { id: a.operationId } });
  expect(row.lockedUntil?.getTime()).toBe(later.getTime() + 60_000);
});
