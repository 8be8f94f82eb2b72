// What became of a CREATE: AWS accepted the desktop (or the worker found it after a lost answer),
// or the create failed for good. Called by the worker, each in one short transaction, outside any
// AWS call; the operation is closed under its lease (lib/operations/outcomes).

import type { PrismaClient } from "@/lib/db/generated/client";
import { toDesktopState } from "@/lib/desktops/desktop-state";
import { warnUnknownState } from "@/lib/desktops/observations";
import { closeOperation, type OperationClaim } from "@/lib/operations/outcomes";
import { failRequestCreate, moveRequests, settleRequest } from "@/lib/requests/request-status";

export interface AcceptedCreate {
  operationId: string;
  desktopId: string;
  requestId: string | null;
  workspaceId: string;
  state: string;
  /** Found in AWS by its tag after a lost answer, rather than answered by this call. */
  adopted?: boolean;
  /** The key the desktop was created with, if its volumes were encrypted. */
  volumeEncryptionKey?: string | null;
}

/** CreateWorkspaces accepted the desktop (or the worker found it in AWS after a lost answer). */
export async function recordCreateAccepted(
  db: PrismaClient,
  input: OperationClaim & Omit<AcceptedCreate, "operationId"> & { awsRequestId?: string | null; now?: Date },
): Promise<boolean> {
  const closed = await recordCreatesAccepted(db, {
    workerId: input.workerId,
    awsRequestId: input.awsRequestId,
    now: input.now,
    items: [input],
  });
  return closed > 0;
}

/**
 * A batch of accepted creates in one short transaction (a CreateWorkspaces call answers for up to
 * 25): per item the operation and the desktop row, then the requests in two statements. Returns how
 * many operations this worker still held and closed.
 */
export async function recordCreatesAccepted(
  db: PrismaClient,
  input: { workerId: string; items: AcceptedCreate[]; awsRequestId?: string | null; now?: Date },
): Promise<number> {
  if (input.items.length === 0) return 0;
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    let closed = 0;
    for (const item of input.items) {
      const held = await closeOperation(
        tx,
        { operationId: item.operationId, workerId: input.workerId },
        {
          now,
          awsRequestId: item.adopted ? null : (input.awsRequestId ?? null),
          result: { workspaceId: item.workspaceId, adopted: Boolean(item.adopted) },
        },
      );
      if (held) closed++;
      const encryption = item.volumeEncryptionKey
        ? { rootVolumeEncrypted: true, userVolumeEncrypted: true, volumeEncryptionKey: item.volumeEncryptionKey }
        : {};
      // The desktop exists in AWS whatever happened to our lease: record its id if nobody has.
      await tx.desktop.updateMany({
        where: { id: item.desktopId, workspaceId: null },
        data: { workspaceId: item.workspaceId, state: toDesktopState(item.state, warnUnknownState), stateChangedAt: now, ...encryption },
      });
    }
    const requests = new Map(input.items.filter((i) => i.requestId).map((i) => [i.requestId!, i]));
    if (requests.size > 0) {
      await moveRequests(tx, {
        requestIds: [...requests.keys()],
        to: "PROVISIONING",
        from: ["APPROVED"],
        at: now,
        message: (id) => {
          const item = requests.get(id)!;
          return item.adopted
            ? `Your desktop is being created (${item.workspaceId}).`
            : `AWS accepted the desktop (${item.workspaceId}); it is being created.`;
        },
      });
      // Adopted after a lost answer, it may already have settled: reconcile only follows
      // changing states, so its request moves on here.
      for (const item of requests.values()) {
        if (item.state === "AVAILABLE" || item.state === "ERROR") await settleRequest(tx, item.requestId!, { state: item.state }, now);
      }
    }
    return closed;
  });
}

/**
 * The create failed for good (AWS refused the item, or retries ran out). The desktop row stays
 * (it holds the billing history written at approval) with state ERROR and no workspaceId: it never
 * existed in AWS. The request carries AWS's code and message for the admin.
 */
export async function recordCreateFailed(
  db: PrismaClient,
  input: OperationClaim & {
    desktopId: string;
    requestId: string | null;
    code: string;
    message: string;
    awsRequestId?: string | null;
    now?: Date;
  },
): Promise<boolean> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const held = await closeOperation(tx, input, { now, failure: { code: input.code, message: input.message }, awsRequestId: input.awsRequestId });
    if (!held) return false;
    await tx.desktop.updateMany({
      where: { id: input.desktopId, workspaceId: null },
      data: { state: "ERROR", stateChangedAt: now },
    });
    if (input.requestId) await failRequestCreate(tx, input.requestId, { code: input.code, message: input.message, now });
    return true;
  });
}
