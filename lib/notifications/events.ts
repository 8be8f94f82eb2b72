// Who is told what, when something happens: called in the transaction of the event itself (the
// request state machine, the worker's outcome recorders, billing), so the notice is queued if and
// only if the event is written. Messages are rendered here, in lib/notifications/templates.ts' words.

import type { Prisma } from "@/lib/db/generated/client";
import { getConfig } from "@/lib/config";
import { approverIdsOfLevel } from "@/lib/approvals/queries";
import { notifyAdmins, notifyUsers, portalUrl } from "./mutations";
import {
  billingModeChangeMessage,
  desktopFailedMessage,
  desktopReadyMessage,
  requestDecidedMessage,
  requestSubmittedMessage,
  type ApprovalStage,
  type RequestFacts,
} from "./templates";

type Tx = Prisma.TransactionClient;

const requestInclude = {
  requester: { select: { name: true } },
  directory: { select: { name: true, registrationCode: true, webAccess: true } },
  bundle: { select: { name: true } },
  desktop: { select: { id: true, ownerId: true, workspaceId: true } },
  bulkItem: { select: { id: true } },
} as const;

function loadRequests(tx: Tx, ids: string[]) {
  return tx.desktopRequest.findMany({ where: { id: { in: ids } }, include: requestInclude });
}

type LoadedRequest = Awaited<ReturnType<typeof loadRequests>>[number];

function facts(r: LoadedRequest): RequestFacts {
  return { requestId: r.id, requesterName: r.requester.name, userName: r.userName, directoryName: r.directory.name, bundleName: r.bundle.name, runningMode: r.runningMode };
}

/**
 * A request waits at a level (new, passed level 1, or reminded or escalated): the people who may
 * decide that level (lib/approvals), never the requester. A level that names nobody: every
 * approver and admin.
 */
export async function notifyRequestSubmitted(tx: Tx, requestId: string, now = new Date(), why?: ApprovalStage["why"]) {
  const [r] = await loadRequests(tx, [requestId]);
  if (!r) return;
  const recipients = await approverIdsOfLevel(tx, r, getConfig().approvals.escalationGroup);
  const stage: ApprovalStage = { level: r.approvalLevel, levels: r.approvalLevels, why, waitingSince: why ? r.levelSince : undefined };
  const message = requestSubmittedMessage(portalUrl(), { ...facts(r), justification: r.justification, stage });
  await notifyUsers(tx, "request.submitted", recipients.map((userId) => ({ userId, message })), now);
}

/** Approved or rejected: the requester, with the reason. */
export async function notifyRequestsDecided(tx: Tx, requestIds: string[], decision: { approved: boolean; reason: string | null; deciderName: string }, now = new Date()) {
  if (requestIds.length === 0) return;
  const requests = await loadRequests(tx, requestIds);
  const url = portalUrl();
  await notifyUsers(
    tx,
    "request.decided",
    requests.map((r) => ({ userId: r.requesterId, message: requestDecidedMessage(url, { ...facts(r), ...decision }) })),
    now,
  );
}

/** AVAILABLE: the desktop's owner learns how to connect. A bulk job's desktops without an owner tell nobody. */
export async function notifyDesktopReady(tx: Tx, requestId: string, now = new Date()) {
  const [r] = await loadRequests(tx, [requestId]);
  if (!r?.desktop?.ownerId) return;
  const message = desktopReadyMessage(portalUrl(), {
    requestId: r.id,
    desktopId: r.desktop.id,
    userName: r.userName,
    directoryName: r.directory.name,
    registrationCode: r.directory.registrationCode,
    webAccess: r.directory.webAccess,
  });
  await notifyUsers(tx, "desktop.ready", [{ userId: r.desktop.ownerId, message }], now);
}

/** A desktop could not be created: admins, with AWS's code and message. A bulk job's items are
 *  reported on the job's own page instead (a job of thousands must not send thousands of mails). */
export async function notifyCreateFailed(tx: Tx, requestId: string, failure: { code: string; message: string }, now = new Date()) {
  const [r] = await loadRequests(tx, [requestId]);
  if (!r || r.bulkItem) return;
  const message = desktopFailedMessage(portalUrl(), {
    what: "Desktop creation",
    desktopLabel: `${r.userName} in ${r.directory.name} (requested by ${r.requester.name})`,
    code: failure.code,
    message: failure.message,
    link: `/requests/${r.id}`,
  });
  // Tied to the request, so that its page says whether the admins were told (requestFailureNotice).
  await notifyAdmins(tx, "desktop.failed", message, now, { requestId: r.id });
}

async function loadDesktop(tx: Tx, desktopId: string) {
  return tx.desktop.findUnique({ where: { id: desktopId }, select: { id: true, ownerId: true, userName: true, workspaceId: true, directory: { select: { name: true } } } });
}

const desktopLabel = (d: { userName: string; workspaceId: string | null; directory: { name: string } }) =>
  `${d.userName}'s desktop${d.workspaceId ? ` ${d.workspaceId}` : ""} in ${d.directory.name}`;

/** AWS refused an action on a desktop (reboot, stop, running mode, ...): admins, with AWS's words. */
export async function notifyActionFailed(tx: Tx, input: { desktopId: string; action: string; code: string; message: string }, now = new Date()) {
  const d = await loadDesktop(tx, input.desktopId);
  if (!d) return;
  const what = `${input.action.charAt(0).toUpperCase()}${input.action.slice(1)}`;
  await notifyAdmins(
    tx,
    "desktop.failed",
    desktopFailedMessage(portalUrl(), { what, desktopLabel: desktopLabel(d), code: input.code, message: input.message, link: `/desktops/${d.id}` }),
    now,
  );
}

/** A billing-mode change scheduled (AlwaysOn → AutoStop on the 1st) or applied in AWS: the desktop's owner. */
export async function notifyBillingModeChange(tx: Tx, input: { desktopId: string; to: string; applied: boolean; effectiveAt: Date }, now = new Date()) {
  const d = await loadDesktop(tx, input.desktopId);
  if (!d?.ownerId) return;
  const message = billingModeChangeMessage(portalUrl(), { desktopId: d.id, desktopLabel: desktopLabel(d), to: input.to, applied: input.applied, effectiveAt: input.effectiveAt });
  await notifyUsers(tx, "billing.mode_change", [{ userId: d.ownerId, message }], now);
}
