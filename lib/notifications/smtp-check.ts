// The SMTP settings are checked when a process that sends mail starts: connect, set up TLS and sign
// in (lib/notifications/delivery.ts verifySmtp). A failure does not stop the start: mail stays
// queued and is retried, as when the server fails later. It is logged in one line and stored, one
// row per server and account (SmtpCheck), for Admin → Notifications.

import type { SmtpConfig } from "@/lib/config";
import type { PrismaClient } from "@/lib/db/generated/client";
import { log } from "@/lib/observability/logger";
import { verifySmtp, type Delivery } from "./delivery";

/** What identifies a configuration on the page: the server and the account, never the password. */
export function smtpTarget(smtp: Pick<SmtpConfig, "host" | "port" | "user">): string {
  return `${smtp.host}:${smtp.port}${smtp.user !== undefined ? ` as ${smtp.user}` : ""}`;
}

export async function checkSmtpAtStart(options: { db: Pick<PrismaClient, "smtpCheck">; smtp: SmtpConfig; instance: string; now?: () => Date }): Promise<Delivery> {
  const { db, smtp, instance } = options;
  const target = smtpTarget(smtp);
  const result = await verifySmtp(smtp);
  if (result.ok) log("notifications").info({ smtp: target }, `SMTP settings checked: ${result.detail}`);
  else log("notifications").error({ smtp: target, code: result.code }, `SMTP settings do not work, mail stays queued and is retried: ${result.message}`);
  const row = { ok: result.ok, code: result.ok ? null : result.code, message: result.ok ? result.detail : result.message, instance, checkedAt: (options.now ?? (() => new Date()))() };
  try {
    await db.smtpCheck.upsert({ where: { target }, create: { target, ...row }, update: row });
  } catch (error) {
    log("notifications").error({ err: error }, "could not store the SMTP check");
  }
  return result;
}

export interface SmtpCheckView {
  target: string;
  ok: boolean;
  code: string | null;
  message: string;
  instance: string;
  checkedAt: Date;
}

/** The last check of these settings, or null before any process checked them. */
export async function lastSmtpCheck(db: Pick<PrismaClient, "smtpCheck">, smtp: Pick<SmtpConfig, "host" | "port" | "user">): Promise<SmtpCheckView | null> {
  return db.smtpCheck.findUnique({ where: { target: smtpTarget(smtp) } });
}
