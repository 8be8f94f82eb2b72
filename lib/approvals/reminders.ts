// Requests waiting too long at their approval level: a reminder to that level's approvers after
// PORTAL_APPROVAL_REMINDER_HOURS, then an escalation (admins and the escalation group, who may then
// decide it) PORTAL_APPROVAL_ESCALATION_HOURS later. Each is sent once per level: the mark is set
// by a conditional update in the notice's own transaction (outbox), so passes of several workers,
// or a pass repeated after a crash, never send it twice.

import type { PrismaClient } from "@/lib/db/generated/client";
import type { ApprovalsConfig } from "@/lib/config";
import { recordAudit } from "@/lib/audit/mutations";
import { notifyRequestSubmitted } from "@/lib/notifications/events";
import { recordRequestEvents } from "@/lib/requests/request-status";
import { log } from "@/lib/observability/logger";
import { runEvery } from "@/lib/jobs/periodic";

const HOUR_MS = 3_600_000;

export async function remindAndEscalate(db: PrismaClient, settings: ApprovalsConfig, now = new Date()): Promise<{ reminded: number; escalated: number }> {
  const remindBefore = new Date(now.getTime() - settings.reminderHours * HOUR_MS);
  const escalateBefore = new Date(now.getTime() - settings.escalationHours * HOUR_MS);
  const [toRemind, toEscalate] = await Promise.all([
    db.desktopRequest.findMany({ where: { status: "SUBMITTED", remindedAt: null, levelSince: { lte: remindBefore } }, select: { id: true, approvalLevel: true }, take: 500 }),
    db.desktopRequest.findMany({ where: { status: "SUBMITTED", escalatedAt: null, remindedAt: { lte: escalateBefore } }, select: { id: true, approvalLevel: true }, take: 500 }),
  ]);
  let reminded = 0;
  let escalated = 0;
  for (const r of toRemind) {
    const sent = await db.$transaction(async (tx) => {
      const marked = await tx.desktopRequest.updateMany({ where: { id: r.id, status: "SUBMITTED", remindedAt: null, approvalLevel: r.approvalLevel }, data: { remindedAt: now } });
      if (marked.count === 0) return false;
      await notifyRequestSubmitted(tx, r.id, now, "reminder");
      return true;
    });
    if (sent) reminded++;
  }
  for (const r of toEscalate) {
    const sent = await db.$transaction(async (tx) => {
      const marked = await tx.desktopRequest.updateMany({ where: { id: r.id, status: "SUBMITTED", escalatedAt: null, approvalLevel: r.approvalLevel }, data: { escalatedAt: now } });
      if (marked.count === 0) return false;
      const who = settings.escalationGroup ? `the admins and the group ${settings.escalationGroup}` : "the admins";
      await recordRequestEvents(tx, [{ requestId: r.id, status: "SUBMITTED", at: now, message: `Not decided in time: escalated to ${who}.` }]);
      await recordAudit(tx, { actor: null, action: "request.escalate", targetType: "request", targetId: r.id, outcome: "SUCCESS", details: { level: r.approvalLevel, escalationGroup: settings.escalationGroup } });
      await notifyRequestSubmitted(tx, r.id, now, "escalation");
      return true;
    });
    if (sent) escalated++;
  }
  return { reminded, escalated };
}

/** The periodic pass, where the scheduler runs (lib/jobs/background.ts). */
export function startApprovalReminders(options: { db: PrismaClient; settings: ApprovalsConfig; intervalMs?: number; clock?: () => Date }) {
  const run = async () => {
    try {
      await remindAndEscalate(options.db, options.settings, options.clock?.() ?? new Date());
    } catch (error) {
      log("approvals").error({ err: error }, "reminders failed");
    }
  };
  return runEvery(options.intervalMs ?? 5 * 60_000, run, { unref: true, firstAfterTick: true });
}
