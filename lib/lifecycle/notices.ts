// What the lifecycle tells people, in the notifications' words and channels (plain text and HTML,
// through the outbox, each person's preferences respected): the owner's warning with its "keep
// my desktop" link, the stop and the termination; a leaver's manager and the admins.

import type { Prisma } from "@/lib/db/generated/client";
import { notifyAdmins, notifyUsers, portalUrl, queueNotifications } from "@/lib/notifications/mutations";
import { render, type RenderedMessage } from "@/lib/notifications/templates";

type Tx = Prisma.TransactionClient;

const day = (d: Date) => d.toISOString().slice(0, 10);

export interface DesktopNoticeFacts {
  desktopId: string;
  workspaceId: string | null;
  userName: string;
  directoryName: string;
}

const label = (d: DesktopNoticeFacts) => `${d.userName}'s desktop${d.workspaceId ? ` ${d.workspaceId}` : ""} in ${d.directoryName}`;

/** The link in the warning: a page with one button (a link alone must not keep it: mail scanners follow links). */
export const keepUrl = (desktopId: string) => `${portalUrl()}/desktops/${desktopId}/keep`;

export function lifecycleWarningMessage(
  d: DesktopNoticeFacts & { neverUsed: boolean; inactiveDays: number; stopOn: Date | null; terminateOn: Date | null },
): RenderedMessage {
  const what = d.neverUsed ? `has not been used since it was created ${d.inactiveDays} days ago` : `has not been used for ${d.inactiveDays} days`;
  const steps = [
    ...(d.stopOn ? [`It will be stopped on ${day(d.stopOn)}.`] : []),
    ...(d.terminateOn ? [`It will be terminated on ${day(d.terminateOn)}, and everything on it deleted.`] : []),
  ];
  return render(`Your desktop is unused: keep it or lose it`, [
    `Your desktop ${label(d)} ${what}. Unused desktops cost money, so the portal cleans them up.`,
    ...(steps.length ? [steps.join(" ")] : []),
    "If you still need it, keep it with one click (you may be asked to sign in first):",
    { link: keepUrl(d.desktopId), label: "Keep my desktop" },
  ]);
}

export function lifecycleActionMessage(d: DesktopNoticeFacts & { action: "stopped" | "terminated"; terminateOn: Date | null }): RenderedMessage {
  return render(`Your unused desktop was ${d.action}`, [
    d.action === "stopped"
      ? `Your desktop ${label(d)} was stopped because nobody used it.${d.terminateOn ? ` It will be terminated on ${day(d.terminateOn)}.` : ""}`
      : `Your desktop ${label(d)} is being terminated because nobody used it after the warning.`,
    ...(d.action === "stopped" ? [{ link: keepUrl(d.desktopId), label: "Keep my desktop" }] : []),
  ]);
}

export interface LeaverNoticeFacts {
  leaverName: string;
  leaverEmail: string;
  reason: string;
  desktops: DesktopNoticeFacts[];
  step: "stopped" | "terminated";
  terminateOn: Date | null;
  /** At the stop: desktops AWS cannot stop (AlwaysOn), which stay on until they are terminated. */
  notStopped?: number;
}

export function leaverMessage(f: LeaverNoticeFacts, forManager: boolean): RenderedMessage {
  const count = f.desktops.length === 1 ? "1 desktop" : `${f.desktops.length} desktops`;
  return render(
    f.step === "stopped" ? `Leaver: ${f.leaverName}'s desktops ${f.notStopped ? "are being stopped" : "were stopped"}` : `Leaver: ${f.leaverName}'s desktops are being terminated`,
    [
      `${f.leaverName} (${f.leaverEmail}) is leaving: ${f.reason}.`,
      f.step === "stopped"
        ? `${stoppedSentence(f, count)}${f.terminateOn ? ` ${f.desktops.length === 1 ? "It" : "They"} will be terminated on ${day(f.terminateOn)}.` : ""} Until then an administrator can restore their access, which cancels the termination.`
        : `Their ${count} ${f.desktops.length === 1 ? "is" : "are"} being terminated.`,
      ...(f.desktops.length ? [{ facts: f.desktops.map((d): [string, string] => ["Desktop", label(d)]) }] : []),
      ...(forManager ? [] : [{ link: `${portalUrl()}/admin/lifecycle`, label: "Leavers in the portal" }]),
    ],
  );
}

// AWS stops only AutoStop desktops: say which stayed on rather than claim they all stopped.
function stoppedSentence(f: LeaverNoticeFacts, count: string): string {
  const left = f.notStopped ?? 0;
  if (left === 0) return `Their ${count} ${f.desktops.length === 1 ? "was" : "were"} stopped.`;
  const stayOn = `could not be stopped (AWS stops only AutoStop desktops) and ${left === 1 ? "stays" : "stay"} on until then.`;
  if (left === f.desktops.length) return `Their ${count} ${stayOn}`;
  const stopped = f.desktops.length - left;
  return `${stopped} of their ${count} ${stopped === 1 ? "was" : "were"} stopped; ${left} ${stayOn}`;
}

/** The manager (by the directory's or IdP's manager e-mail; a portal user's preferences are kept) and the admins. */
export async function notifyLeaverStep(tx: Tx, managerEmail: string | null, facts: LeaverNoticeFacts, now: Date) {
  if (managerEmail) {
    const manager = await tx.user.findUnique({ where: { email: managerEmail }, select: { id: true } });
    const message = leaverMessage(facts, true);
    if (manager) await notifyUsers(tx, "lifecycle.report_leaver", [{ userId: manager.id, message }], now);
    else await queueNotifications(tx, [{ kind: "lifecycle.report_leaver", channel: "EMAIL", recipient: managerEmail, message }], now);
  }
  await notifyAdmins(tx, "lifecycle.leaver", leaverMessage(facts, false), now);
}
