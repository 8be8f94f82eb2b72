import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/db/generated/client";
import { recordAudit, recordAuditMany } from "@/lib/audit/mutations";
import { insertMany } from "@/lib/db/insert-many";
import { enqueueOperations } from "@/lib/operations/enqueue";
import type { OperationPayloadInput } from "@/lib/operations/payloads";
import { conflict, type ActionFailure } from "@/lib/action-result";
import { findDuplicates, loadExistingForUsers, lockDirectoryUsers, noteQueuedDesktop, userKey } from "@/lib/desktops/one-desktop-per-user";
import type { RunningMode } from "@/lib/db/generated/enums";
import { notifyRequestSubmitted, notifyRequestsDecided } from "@/lib/notifications/events";
import { moveRequest, recordRequestEvents } from "./request-status";
import { countHeldDesktops, loadGuardrails } from "@/lib/guardrails/queries";
import { computeProblem, encryptionKeyFor, quotaProblem, resolveRequiredTags, type Guardrail } from "@/lib/guardrails/rules";
import { getConfig } from "@/lib/config";
import { loadApprovalRules, policyRequestFor } from "@/lib/approvals/queries";
import { describeLevel, evaluateApprovalPolicy, levelOf, mayDecideLevel, type ApprovalRoute, type RuleRef } from "@/lib/approvals/rules";

export type Actor = { id: string; email: string };

export async function createDesktopRequest(
  tx: Prisma.TransactionClient,
  actor: Actor,
  input: {
    directoryId: string;
    userName: string;
    bundleId: string;
    runningMode: RunningMode;
    autoStopTimeoutMinutes: number | null;
    justification: string;
    hoursPerWeek?: number;
    /** The directory's required tags, resolved (lib/guardrails). */
    tags?: Record<string, string>;
  },
  env: { region: string; volumeEncryptionKey?: string | null } = { region: getConfig().awsRegion, volumeEncryptionKey: getConfig().volumeEncryptionKey },
  now = new Date(),
) {
  // The approval policy decides the route (lib/approvals), on what the requester holds before this request.
  const route = evaluateApprovalPolicy(
    await loadApprovalRules(tx),
    await policyRequestFor(tx, { requesterId: actor.id, directoryId: input.directoryId, bundleId: input.bundleId, runningMode: input.runningMode, hoursPerWeek: input.hoursPerWeek ?? null, autoStopTimeoutMinutes: input.autoStopTimeoutMinutes }),
  );
  const levels = route.kind === "levels" ? route.levels : [];
  const request = await tx.desktopRequest.create({
    data: {
      requesterId: actor.id,
      directoryId: input.directoryId,
      userName: input.userName,
      bundleId: input.bundleId,
      runningMode: input.runningMode,
      autoStopTimeoutMinutes: input.autoStopTimeoutMinutes,
      justification: input.justification,
      hoursPerWeek: input.hoursPerWeek ?? null,
      tags: input.tags ?? {},
      approvalRuleId: route.rule?.id ?? null,
      approvalLevels: Math.max(1, levels.length),
      approvalLevel: 1,
      level1ManagerEmail: levels[0]?.managerEmail ?? null,
      level1Group: levels[0]?.group ?? null,
      level2Group: levels[1]?.group ?? null,
      levelSince: now,
      createdAt: now,
      events: { create: { actorId: actor.id, status: "SUBMITTED", message: submittedMessage(route), at: now } },
    },
  });
  await recordAudit(tx, {
    actor,
    action: "request.create",
    targetType: "request",
    targetId: request.id,
    outcome: "SUCCESS",
    details: {
      bundleId: input.bundleId,
      runningMode: input.runningMode,
      autoStopTimeoutMinutes: input.autoStopTimeoutMinutes,
      tags: input.tags ?? {},
      approvalRule: route.rule ? { id: route.rule.id, number: route.rule.number, name: route.rule.name } : null,
    },
  });
  if (route.kind === "levels") {
    await notifyRequestSubmitted(tx, request.id, now);
    return request;
  }
  // An automatic decision goes the way an approver's does (guardrails, desktop row, CREATE
  // operation, notices), audited with the rule that made it.
  const outcome = await decideRequests(
    tx,
    actor,
    { requestIds: [request.id], decision: route.kind === "auto" ? "APPROVE" : "REJECT", reason: route.kind === "reject" ? route.reason : "" },
    env,
    now,
    route.rule,
  );
  const refused = outcome.skipped[0];
  if (refused) {
    // The rule would approve, but a guardrail refuses now: a person looks at it instead.
    await recordRequestEvents(tx, [{ requestId: request.id, status: "SUBMITTED", at: now, message: `Not approved automatically (${refused.message}) It waits for an approver.` }]);
    await notifyRequestSubmitted(tx, request.id, now);
  }
  return tx.desktopRequest.findUniqueOrThrow({ where: { id: request.id } });
}

function submittedMessage(route: ApprovalRoute): string {
  if (route.kind !== "levels") return "Request submitted.";
  if (route.levels.length === 1) return "Request submitted. It waits for approval.";
  return `Request submitted. It needs two approvals: first ${describeLevel(route.levels[0])}, then ${describeLevel(route.levels[1])}.`;
}

// Conditional update: a request decided meanwhile is not cancelled.
export async function cancelDesktopRequest(tx: Prisma.TransactionClient, actor: Actor, requestId: string): Promise<{ ok: true } | ActionFailure> {
  const moved = await moveRequest(tx, {
    requestId,
    to: "CANCELLED",
    from: ["SUBMITTED"],
    actorId: actor.id,
    at: new Date(),
    message: "Cancelled by the requester.",
  });
  if (!moved) return conflict("The request was decided meanwhile and can no longer be cancelled.");
  await recordAudit(tx, { actor, action: "request.cancel", targetType: "request", targetId: requestId, outcome: "SUCCESS" });
  return { ok: true as const };
}

/** A request left out of a decision, and why (the same codes as an action's failure). */
export type SkippedRequest = { id: string } & Pick<ActionFailure, "code" | "message">;
export type DecisionOutcome = { decided: string[]; skipped: SkippedRequest[] };

const policyName = (rule: RuleRef) => `the approval policy (rule ${rule.number}: ${rule.name})`;

// Approval writes the decision, the desktop row and its create operation in one transaction:
// the worker, not the web request, calls AWS (outbox pattern).
export async function decideRequests(
  tx: Prisma.TransactionClient,
  actor: Actor,
  input: { requestIds: string[]; decision: "APPROVE" | "REJECT"; reason: string },
  env: { region: string; volumeEncryptionKey?: string | null },
  now = new Date(),
  /** Set when a policy rule decides at submission (no person: the requester's own request). */
  automatic?: RuleRef,
): Promise<DecisionOutcome> {
  const status = input.decision === "APPROVE" ? "APPROVED" : "REJECTED";
  // Who decides each level (lib/approvals): the level's manager or group; admins always.
  const person = automatic ? null : await tx.user.findUnique({ where: { id: actor.id }, select: { role: true, email: true, groups: true, name: true } });
  const escalationGroup = getConfig().approvals.escalationGroup;
  const passedLevel: string[] = [];
  const requests = await tx.desktopRequest.findMany({
    where: { id: { in: input.requestIds } },
    include: { directory: { select: { name: true } }, requester: { select: { role: true } }, bundle: { select: { computeType: true } } },
  });
  const outcome: DecisionOutcome = { decided: [], skipped: [] };
  const approved: DesktopToCreate[] = [];
  // One desktop per directory user (AWS): an approval that would duplicate one is refused, also
  // when an earlier request of this batch has just queued it.
  const approving = input.decision === "APPROVE";
  if (approving) await lockDirectoryUsers(tx, requests.map((r) => userKey(r.directoryId, r.userName)));
  // The directories' guardrails, checked again at approval: they may have changed since the request.
  const guardrails = approving ? await loadGuardrails(requests.map((r) => r.directoryId), tx) : new Map<string, Guardrail>();
  const approvedFor = new Map<string, number>();
  const existing = approving
    ? await loadExistingForUsers(tx, { directoryIds: [...new Set(requests.map((r) => r.directoryId))], userNames: requests.map((r) => r.userName) })
    : null;

  for (const id of input.requestIds) {
    const request = requests.find((r) => r.id === id);
    if (!request) {
      outcome.skipped.push({ id, code: "NOT_FOUND", message: "Request not found." });
      continue;
    }
    if (!automatic && request.requesterId === actor.id) {
      outcome.skipped.push({ id, code: "FORBIDDEN", message: "You cannot decide your own request." });
      continue;
    }
    if (!automatic && request.status === "SUBMITTED" && !(person && mayDecideLevel(person, request, escalationGroup))) {
      const level = request.approvalLevels > 1 ? `level ${request.approvalLevel} of ${request.approvalLevels}` : "approval";
      outcome.skipped.push({ id, code: "FORBIDDEN", message: `Only ${describeLevel(levelOf(request))} (or an admin) can decide this request's ${level}.` });
      continue;
    }
    if (approving && !automatic && request.status === "SUBMITTED" && request.approvalLevel < request.approvalLevels) {
      // A level before the last: the request moves on to the next level's approvers.
      const passed = await tx.desktopRequest.updateMany({
        where: { id, status: "SUBMITTED", approvalLevel: request.approvalLevel },
        data: { approvalLevel: request.approvalLevel + 1, levelSince: now, remindedAt: null, escalatedAt: null },
      });
      if (passed.count === 0) {
        outcome.skipped.push({ id, code: "CONFLICT", message: "Decided meanwhile." });
        continue;
      }
      const next = levelOf({ ...request, approvalLevel: request.approvalLevel + 1 });
      await recordRequestEvents(tx, [
        {
          requestId: id,
          status: "SUBMITTED",
          actorId: actor.id,
          at: now,
          message: `Level ${request.approvalLevel} approved by ${person?.name ?? actor.email}${input.reason ? `: ${input.reason}` : "."} It now waits for ${describeLevel(next)}.`,
        },
      ]);
      await recordAudit(tx, { actor, action: "request.approve_level", targetType: "request", targetId: id, outcome: "SUCCESS", message: input.reason || undefined, details: { level: request.approvalLevel, of: request.approvalLevels } });
      passedLevel.push(id);
      outcome.decided.push(id);
      continue;
    }
    const duplicate = existing && request.status === "SUBMITTED"
      ? findDuplicates(existing, { directoryId: request.directoryId, directoryName: request.directory.name, userName: request.userName }).desktop
      : null;
    if (duplicate) {
      outcome.skipped.push({ id, code: "CONFLICT", message: `Not approved: ${duplicate.message}` });
      continue;
    }
    let tags: Record<string, string> = {};
    if (approving && request.status === "SUBMITTED") {
      const guardrail = guardrails.get(request.directoryId)!;
      const resolved = resolveRequiredTags(guardrail.requiredTags, request.tags as Record<string, string>);
      // This request is open, so it counts among what its requester holds; so do approvals of this batch.
      const held = (await countHeldDesktops(request.requesterId, tx)) - 1 + (approvedFor.get(request.requesterId) ?? 0);
      const problem =
        computeProblem(guardrail, request.requester.role, request.bundle.computeType) ??
        quotaProblem(guardrail, held) ??
        Object.values(resolved.problems)[0] ??
        null;
      if (problem) {
        outcome.skipped.push({ id, code: "CONFLICT", message: `Not approved: ${problem}` });
        continue;
      }
      tags = resolved.tags;
    }
    const moved = await moveRequest(tx, {
      requestId: id,
      to: status,
      from: ["SUBMITTED"],
      data: { deciderId: automatic ? null : actor.id, decidedAt: now, decisionReason: input.reason || null },
      actorId: automatic ? null : actor.id,
      at: now,
      message:
        input.decision === "APPROVE"
          ? `Approved${automatic ? ` automatically by ${policyName(automatic)}.` : input.reason ? `: ${input.reason}` : "."} Your desktop is queued for creation.`
          : `Rejected${automatic ? ` by ${policyName(automatic)}` : ""}: ${input.reason}`,
    });
    if (!moved) {
      outcome.skipped.push({ id, code: "CONFLICT", message: `Already ${request.status.toLowerCase()}.` });
      continue;
    }

    if (existing) {
      // Not the real desktop id yet (queueDesktopCreates makes it); enough to refuse a second one.
      noteQueuedDesktop(existing, { directoryId: request.directoryId, userName: request.userName, desktopId: `request:${id}` });
      approvedFor.set(request.requesterId, (approvedFor.get(request.requesterId) ?? 0) + 1);
      approved.push({
        requestId: id,
        requesterId: request.requesterId,
        ownerId: request.requesterId,
        directoryId: request.directoryId,
        userName: request.userName,
        bundleId: request.bundleId,
        runningMode: request.runningMode,
        autoStopTimeoutMinutes: request.autoStopTimeoutMinutes,
        ...(Object.keys(tags).length > 0 ? { payload: { tags } } : {}),
      });
    }
    outcome.decided.push(id);
  }
  await queueDesktopCreates(tx, approved, { ...env, actorId: actor.id, now });
  const final = outcome.decided.filter((id) => !passedLevel.includes(id));
  const deciderName = automatic ? `The approval policy (rule ${automatic.number}: ${automatic.name})` : (person?.name ?? actor.email);
  await notifyRequestsDecided(tx, final, { approved: approving, reason: input.reason || null, deciderName }, now);
  for (const id of passedLevel) await notifyRequestSubmitted(tx, id, now);

  await recordAuditMany(
    tx,
    final.map((id) => ({
      // An automatic decision has no person behind it: the rule that made it is named instead.
      actor: automatic ? null : actor,
      action: automatic ? (approving ? "request.auto_approve" : "request.auto_reject") : approving ? "request.approve" : "request.reject",
      targetType: "request",
      targetId: id,
      outcome: "SUCCESS" as const,
      message: automatic ? `${approving ? "Approved" : "Rejected"} by rule ${automatic.number} (${automatic.name})${input.reason ? `: ${input.reason}` : ""}` : input.reason || undefined,
      details: automatic ? { rule: { id: automatic.id, number: automatic.number, name: automatic.name } } : undefined,
    })),
  );
  return outcome;
}

/** An approved request whose desktop is to be created. */
export type DesktopToCreate = {
  requestId: string;
  requesterId: string;
  /** Null for a desktop of a directory user who has no portal account (bulk provisioning). */
  ownerId: string | null;
  directoryId: string;
  userName: string;
  bundleId: string;
  runningMode: RunningMode;
  autoStopTimeoutMinutes: number | null;
  /** Carried to the worker on the CREATE operation (bulk provisioning: the CSV row's tags). */
  payload?: OperationPayloadInput<"CREATE">;
};

export type QueuedCreate = { requestId: string; desktopId: string; operationId: string };

/**
 * What an approval writes besides the decision: per request the desktop row (REQUESTED until AWS
 * answers, with the first entry of its billing history) and the CREATE operation the worker sends
 * (outbox pattern). Three statements whatever the count (insertMany): bulk jobs of thousands of rows must fit in
 * one short transaction (PGlite runs one at a time).
 */
export async function queueDesktopCreates(
  tx: Prisma.TransactionClient,
  creates: DesktopToCreate[],
  env: { region: string; volumeEncryptionKey?: string | null; actorId: string; now: Date },
): Promise<QueuedCreate[]> {
  if (creates.length === 0) return [];
  // The directory's key where it requires encryption, else the portal-wide default (lib/guardrails).
  const guardrails = await loadGuardrails(creates.map((c) => c.directoryId), tx);
  const queued = creates.map((c) => ({
    ...c,
    desktopId: randomUUID(),
    operationId: randomUUID(),
    volumeEncryptionKey: encryptionKeyFor(guardrails.get(c.directoryId)!, env.volumeEncryptionKey),
  }));
  await insertMany(
    tx,
    "Desktop",
    {
      id: "text",
      requestId: "text",
      ownerId: "text",
      directoryId: "text",
      userName: "text",
      bundleId: "text",
      runningMode: { enum: "RunningMode" },
      autoStopTimeoutMinutes: "int",
      rootVolumeEncrypted: "boolean",
      userVolumeEncrypted: "boolean",
      volumeEncryptionKey: "text",
      stateChangedAt: "timestamptz",
      createdAt: "timestamptz",
      updatedAt: "timestamptz",
    },
    queued.map((c) => ({
      id: c.desktopId,
      requestId: c.requestId,
      ownerId: c.ownerId,
      directoryId: c.directoryId,
      userName: c.userName,
      bundleId: c.bundleId,
      runningMode: c.runningMode,
      autoStopTimeoutMinutes: c.autoStopTimeoutMinutes,
      rootVolumeEncrypted: Boolean(c.volumeEncryptionKey),
      userVolumeEncrypted: Boolean(c.volumeEncryptionKey),
      volumeEncryptionKey: c.volumeEncryptionKey,
      stateChangedAt: env.now,
      createdAt: env.now,
      updatedAt: env.now,
    })),
  );
  await insertMany(
    tx,
    "BillingModeChange",
    {
      id: "text",
      desktopId: "text",
      toMode: { enum: "RunningMode" },
      autoStopTimeoutMinutes: "int",
      status: { enum: "BillingChangeStatus" },
      effectiveAt: "timestamptz",
      requestedById: "text",
      createdAt: "timestamptz",
    },
    queued.map((c) => ({
      id: randomUUID(),
      desktopId: c.desktopId,
      toMode: c.runningMode,
      autoStopTimeoutMinutes: c.autoStopTimeoutMinutes,
      status: "APPLIED",
      effectiveAt: env.now,
      requestedById: c.requesterId,
      createdAt: env.now,
    })),
  );
  await enqueueOperations(
    tx,
    queued.map((c) => ({
      id: c.operationId,
      type: "CREATE" as const,
      desktopId: c.desktopId,
      requestId: c.requestId,
      region: env.region,
      directoryId: c.directoryId,
      payload: c.payload ?? {},
      createdById: env.actorId,
    })),
  );
  return queued.map(({ requestId, desktopId, operationId }) => ({ requestId, desktopId, operationId }));
}
