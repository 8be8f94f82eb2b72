// Writes of IP access control groups: queueing a change to a group for the worker, with its audit
// event. Associations are directory changes (lib/directories/mutations.ts).

import type { Prisma } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { enqueueOperation } from "@/lib/operations/enqueue";
import type { OperationPayloadInput } from "@/lib/operations/payloads";

type Tx = Prisma.TransactionClient;
type Actor = { id: string; email: string };

export const IP_GROUP_OPERATIONS = {
  IP_GROUP_CREATE: "ip-group.create",
  IP_GROUP_RULES: "ip-group.rules.change",
  IP_GROUP_DELETE: "ip-group.delete",
} as const;
export type IpGroupOperationType = keyof typeof IP_GROUP_OPERATIONS;

const OPEN = { in: ["QUEUED", "RUNNING"] as ("QUEUED" | "RUNNING")[] };

/** Open operations on groups (and associations), for the pages and the one-change-at-a-time rule. */
export const IP_GROUP_OPERATION_TYPES = ["IP_GROUP_CREATE", "IP_GROUP_RULES", "IP_GROUP_DELETE", "IP_GROUP_ASSOCIATION"] as const;

/**
 * Queues a change to one group. One change at a time per group (by name, which AWS keeps unique):
 * two edits of its rules queued at once would race.
 */
export async function queueIpGroupChange<T extends IpGroupOperationType>(
  tx: Tx,
  actor: Actor,
  input: { type: T; region: string; groupName: string; payload: OperationPayloadInput<T> },
): Promise<{ ok: true; operationId: string } | { ok: false; code: "CONFLICT"; message: string }> {
  const open = await tx.operation.findMany({ where: { type: { in: [...IP_GROUP_OPERATION_TYPES] }, status: OPEN }, select: { payload: true } });
  const named = (p: unknown) => {
    const o = p as { groupName?: unknown; name?: unknown };
    return o.groupName === input.groupName || o.name === input.groupName;
  };
  if (open.some((o) => named(o.payload))) {
    return { ok: false, code: "CONFLICT", message: `A change to the group ${input.groupName} is still being applied. Wait until it is done.` };
  }
  const op = await enqueueOperation(tx, { type: input.type, region: input.region, payload: input.payload, createdById: actor.id });
  await recordAudit(tx, {
    actor,
    action: `${IP_GROUP_OPERATIONS[input.type]}.request`,
    targetType: "ip-group",
    targetId: input.groupName,
    outcome: "SUCCESS",
    details: input.payload as Prisma.InputJsonValue,
  });
  return { ok: true, operationId: op.id };
}
