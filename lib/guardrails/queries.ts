import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { guardrailFromRow, type Guardrail } from "./rules";

type Reader = Pick<Prisma.TransactionClient, "directoryGuardrail">;

/** The directory's guardrails (none set: no rules). */
export async function loadGuardrail(directoryId: string, client: Reader = db): Promise<Guardrail> {
  return guardrailFromRow(await client.directoryGuardrail.findUnique({ where: { directoryId } }));
}

/** Guardrails of several directories at once, by directory id. */
export async function loadGuardrails(directoryIds: string[], client: Reader = db): Promise<Map<string, Guardrail>> {
  const rows = await client.directoryGuardrail.findMany({ where: { directoryId: { in: [...new Set(directoryIds)] } } });
  const map = new Map(directoryIds.map((id) => [id, guardrailFromRow(null)]));
  for (const row of rows) map.set(row.directoryId, guardrailFromRow(row));
  return map;
}

/** Desktops (not terminated) and open requests a person has, counted against a quota. */
export async function countHeldDesktops(userId: string, client: Pick<Prisma.TransactionClient, "desktop" | "desktopRequest"> = db): Promise<number> {
  const [desktops, open] = await Promise.all([
    client.desktop.count({ where: { ownerId: userId, terminatedAt: null, state: { notIn: ["TERMINATED", "TERMINATING"] } } }),
    client.desktopRequest.count({ where: { requesterId: userId, status: "SUBMITTED" } }),
  ]);
  return desktops + open;
}

export async function findDirectoryName(id: string) {
  return db.directory.findUnique({ where: { id }, select: { id: true, name: true } });
}

/** The guardrails of the directory this person's desktops are made in (none without one). */
export async function loadGuardrailForUser(userId: string): Promise<Guardrail> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { directoryId: true } });
  return user?.directoryId ? loadGuardrail(user.directoryId) : guardrailFromRow(null);
}
