import type { Prisma } from "@/lib/db/generated/client";
import { conflict, fail, type ActionFailure } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/mutations";
import { lockDesktop } from "@/lib/billing/mode-changes/mutations";
import { enqueueOperation } from "@/lib/operations/enqueue";
import { loadGuardrail } from "@/lib/guardrails/queries";
import { computeProblem } from "@/lib/guardrails/rules";
import { listMigrationTargets, loadMigrationFacts } from "./queries";
import { checkMigration } from "./rules";

type Tx = Prisma.TransactionClient;
type Actor = { id: string; email: string };

// Queues MigrateWorkspace; the worker sends it and moves the desktop row to the new WorkSpace id.
export async function queueMigration(
  tx: Tx,
  actor: Actor,
  desktop: { id: string; directoryId: string; requestId: string | null },
  bundleId: string,
  region: string,
) {
  const operation = await enqueueOperation(tx, {
    type: "MIGRATE",
    desktopId: desktop.id,
    requestId: desktop.requestId ?? undefined,
    region,
    directoryId: desktop.directoryId,
    payload: { bundleId },
    createdById: actor.id,
  });
  await recordAudit(tx, {
    actor,
    action: "desktop.migrate.request",
    targetType: "desktop",
    targetId: desktop.id,
    outcome: "SUCCESS",
    message: `migrate to bundle ${bundleId} queued`,
  });
  return operation;
}

/**
 * What every path checks before a migration is asked for or queued: AWS's rules now, the
 * directory's guardrail, and that the catalogue offers the bundle for this desktop (the dialog's
 * list is only a view). The bundle's offered name on success.
 */
async function migrationProblem(tx: Tx, desktopId: string, bundleId: string): Promise<{ ok: true; bundleName: string } | ActionFailure> {
  const facts = await loadMigrationFacts(desktopId, tx);
  if (!facts) return fail("NOT_FOUND", "The desktop was not found.");
  const verdict = checkMigration(facts);
  if (!verdict.allowed) return conflict(verdict.reason);
  if (bundleId === facts.bundleId) return conflict("The desktop already uses this bundle.");
  // Money: a bundle above the directory's largest compute type for the owner's role is refused on
  // every path, and says so (the dialog's list leaves it out already).
  const target = await tx.bundle.findUnique({ where: { id: bundleId }, select: { computeType: true } });
  const owner = facts.ownerId ? await tx.user.findUnique({ where: { id: facts.ownerId }, select: { role: true } }) : null;
  const tooBig = target && computeProblem(await loadGuardrail(facts.directoryId, tx), owner?.role ?? "EMPLOYEE", target.computeType);
  if (tooBig) return fail("CONFLICT", tooBig, { bundleId: `${tooBig} Choose a smaller bundle.` });
  const offered = (await listMigrationTargets(desktopId, tx)).find((b) => b.id === bundleId);
  if (!offered) return fail("INVALID_INPUT", "That bundle is not offered for this desktop.", { bundleId: "Choose a bundle from the list." });
  return { ok: true, bundleName: offered.name };
}

/** Queues the migration now: an admin's, or an owner's request an approver approved. */
export async function migrateNow(tx: Tx, actor: Actor, input: { desktopId: string; bundleId: string }, region?: string): Promise<{ ok: true; operationId: string } | ActionFailure> {
  await lockDesktop(tx, input.desktopId);
  const checked = await migrationProblem(tx, input.desktopId, input.bundleId);
  if (!checked.ok) return checked;
  const open = await tx.operation.count({ where: { desktopId: input.desktopId, status: { in: ["QUEUED", "RUNNING"] } } });
  if (open > 0) return conflict("Another action on this desktop is still in progress.");
  const desktop = await tx.desktop.findUniqueOrThrow({ where: { id: input.desktopId }, include: { directory: { select: { region: true } } } });
  const operation = await queueMigration(tx, actor, desktop, input.bundleId, region ?? desktop.directory.region);
  return { ok: true, operationId: operation.id };
}

/**
 * The owner asks to move their desktop to another bundle the catalogue offers them. It always goes
 * to an approver: the root volume is replaced and the price changes (either way), so someone else
 * decides (lib/desktops/resize decides it with the other change requests).
 */
export async function requestMigration(
  tx: Tx,
  actor: Actor,
  input: { desktopId: string; bundleId: string; reason: string },
  now = new Date(),
): Promise<{ ok: true; requestId: string } | ActionFailure> {
  await lockDesktop(tx, input.desktopId);
  const open = await tx.desktopChangeRequest.count({ where: { desktopId: input.desktopId, status: "SUBMITTED" } });
  if (open > 0) return conflict("A change request for this desktop is already waiting for a decision.");
  const checked = await migrationProblem(tx, input.desktopId, input.bundleId);
  if (!checked.ok) return checked;
  if (input.reason.length < 10) {
    const message = "Tell your approver in at least 10 characters why you need the change.";
    return fail("INVALID_INPUT", message, { reason: message });
  }
  const request = await tx.desktopChangeRequest.create({
    data: { desktopId: input.desktopId, requesterId: actor.id, toBundleId: input.bundleId, reason: input.reason, createdAt: now },
  });
  await recordAudit(tx, {
    actor,
    action: "desktop.resize.request",
    targetType: "desktop",
    targetId: input.desktopId,
    outcome: "SUCCESS",
    message: `Asked to migrate to the bundle ${checked.bundleName}`,
    details: { resizeRequestId: request.id, bundleId: input.bundleId },
  });
  return { ok: true, requestId: request.id };
}
