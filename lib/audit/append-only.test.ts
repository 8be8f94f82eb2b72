import { afterAll, beforeAll, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { createTestDb } from "@/test-support/test-db";
import { recordAudit } from "./mutations";

let db: PrismaClient;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, close } = await createTestDb());
});
afterAll(async () => close?.());

it("keeps audit rows: the database refuses updates and deletes", async () => {
  await db.$transaction((tx) => recordAudit(tx, { actor: null, action: "test.event", outcome: "SUCCESS", message: "original" }));
  const row = await db.auditEvent.findFirstOrThrow({ where: { action: "test.event" } });
  await expect(db.auditEvent.update({ where: { id: row.id }, data: { message: "rewritten" } })).rejects.toThrow(/append-only/);
  await expect(db.auditEvent.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
  await expect(db.auditEvent.deleteMany()).rejects.toThrow(/append-only/);
  expect(await db.auditEvent.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ message: "original" });
});
