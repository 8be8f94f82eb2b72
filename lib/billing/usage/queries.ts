// Reads of what the usage sampler recorded.

import type { Prisma, PrismaClient } from "@/lib/db/generated/client";

type Client = PrismaClient | Prisma.TransactionClient;

/** When usage is known from: the first sampler run (demo seeds record one for their data). */
export async function usageKnownFrom(client: Client): Promise<{ from: Date | null; lastSampleAt: Date | null }> {
  const [first, last] = await Promise.all([
    client.usageSampleRun.findFirst({ orderBy: { at: "asc" }, select: { at: true } }),
    client.usageSampleRun.findFirst({ where: { desktops: { gt: 0 } }, orderBy: { at: "desc" }, select: { at: true } }),
  ]);
  return { from: first?.at ?? null, lastSampleAt: last?.at ?? null };
}
