import type { Prisma } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { enqueueDesktopOperation } from "@/lib/provisioning/mutations";
import type { DesktopAction } from "./rules";

/** The outbox operation each desktop action becomes. */
export const operationType = {
  reboot: "REBOOT",
  start: "START",
  stop: "STOP",
  rebuild: "REBUILD",
  terminate: "TERMINATE",
} as const satisfies Record<DesktopAction, string>;

// Queues the AWS call; the worker executes it and records AWS's answer.
export async function queueDesktopAction(
  tx: Prisma.TransactionClient,
  actor: { id: string; email: string },
  desktop: { id: string; directoryId: string; requestId: string | null },
  action: DesktopAction,
  region: string,
) {
  const operation = await enqueueDesktopOperation(tx, {
    type: operationType[action],
    desktopId: desktop.id,
    requestId: desktop.requestId ?? undefined,
    region,
    directoryId: desktop.directoryId,
    payload: {},
    createdById: actor.id,
  });
  await recordAudit(tx, {
    actor,
    action: `desktop.${action}.request`,
    targetType: "desktop",
    targetId: desktop.id,
    outcome: "SUCCESS",
    message: `${action} queued`,
  });
  return operation;
}

/**
 * Records when each desktop's user last connected (the fleet's "last connection"), from one round
 * of connection samples: AWS's last known connection time, or now for a desktop connected now.
 * Never moves a desktop's time backwards. One statement for the whole round (10,000 desktops).
 */
export async function recordLastConnections(
  db: Pick<Prisma.TransactionClient, "$executeRaw">,
  now: Date,
  observations: { desktopId: string; state: string; lastConnectedAt?: Date }[],
): Promise<number> {
  const seen = observations
    .map((o) => ({ id: o.desktopId, at: o.state === "CONNECTED" ? now : o.lastConnectedAt && o.lastConnectedAt <= now ? o.lastConnectedAt : undefined }))
    .filter((o): o is { id: string; at: Date } => o.at !== undefined);
  if (seen.length === 0) return 0;
  return db.$executeRaw`
    UPDATE "Desktop" AS d SET "lastConnectedAt" = v.at
    FROM (SELECT unnest(${seen.map((o) => o.id)}::text[]) AS id, unnest(${seen.map((o) => o.at.toISOString())}::text[])::timestamptz AS at) AS v
    WHERE d."id" = v.id AND (d."lastConnectedAt" IS NULL OR d."lastConnectedAt" < v.at)`;
}
