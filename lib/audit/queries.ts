import { z } from "zod";
import { listSearchParam, listPageParam } from "@/lib/list-params";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { bulkJobTitle } from "@/lib/bulk/action-labels";

export const AUDIT_PAGE_SIZE = 50;
/** The most rows one CSV export holds; narrow the filter for more. */
export const AUDIT_EXPORT_MAX = 50_000;

// A calendar day (UTC, as every time in the database); empty means no bound.
const dayParam = () =>
  z
    .string()
    .trim()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, "Use a date such as 2026-12-01.")
    .refine((s) => s === "" || !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "Use a real date.")
    .optional()
    .default("");

export const auditFilterSchema = z.object({
  q: listSearchParam(),
  action: z.string().trim().max(64).optional().default(""),
  outcome: z.enum(["", "SUCCESS", "FAILURE", "DENIED"]).optional().default(""),
  from: dayParam(),
  to: dayParam(),
  page: listPageParam(),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;

/** The filter as URL parameters (empty ones left out), for pagination and the export link. */
export function auditFilterParams(filter: AuditFilter): Record<string, string> {
  const { q, action, outcome, from, to } = filter;
  return Object.fromEntries(Object.entries({ q, action, outcome, from, to }).filter(([, v]) => v));
}

/** What an event acted on, by name, with a link to its page where it has one. */
export type AuditTarget = { type: string; id: string | null; label: string; href: string | null };

export type AuditRow = {
  id: string;
  at: string;
  actorEmail: string | null;
  /** For a sign-in: the e-mail address that was tried, whether or not an account has it. */
  triedEmail: string | null;
  action: string;
  target: AuditTarget | null;
  outcome: string;
  message: string | null;
  awsRequestId: string | null;
  ipAddress: string | null;
};

function auditWhere(filter: AuditFilter): Prisma.AuditEventWhereInput {
  const at: Prisma.DateTimeFilter = {};
  if (filter.from) at.gte = new Date(`${filter.from}T00:00:00Z`);
  // Inclusive: the whole of the last day.
  if (filter.to) at.lt = new Date(Date.parse(`${filter.to}T00:00:00Z`) + 24 * 3600_000);
  return {
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.from || filter.to ? { at } : {}),
    ...(filter.q
      ? {
          OR: [
            { actorEmail: { contains: filter.q, mode: "insensitive" } },
            // Sign-ins record the address tried (in lower case), also for e-mails no account has.
            { details: { path: ["email"], string_contains: filter.q.toLowerCase() } },
            { targetId: { contains: filter.q } },
            { message: { contains: filter.q, mode: "insensitive" } },
            { awsRequestId: { contains: filter.q } },
          ],
        }
      : {}),
  };
}

type EventRecord = Awaited<ReturnType<typeof db.auditEvent.findMany>>[number];

export async function listAuditEvents(filter: AuditFilter) {
  const where = auditWhere(filter);
  const [total, rows] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip: (filter.page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE }),
  ]);
  return {
    total,
    page: filter.page,
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    rows: await toAuditRows(rows),
  };
}

/** Every event the filter matches, newest first, up to AUDIT_EXPORT_MAX. */
export async function listAuditEventsForExport(filter: AuditFilter) {
  const where = auditWhere(filter);
  const [total, rows] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], take: AUDIT_EXPORT_MAX }),
  ]);
  return { total, rows: await toAuditRows(rows) };
}

async function toAuditRows(rows: EventRecord[]): Promise<AuditRow[]> {
  const targets = await nameTargets(rows);
  return rows.map((e) => {
    const details = e.details && typeof e.details === "object" && !Array.isArray(e.details) ? (e.details as Record<string, unknown>) : {};
    return {
      id: e.id,
      at: e.at.toISOString(),
      actorEmail: e.actorEmail,
      triedEmail: e.action.startsWith("auth.sign_in") && typeof details.email === "string" ? details.email : null,
      action: e.action,
      // A sign-in with an e-mail no account has names no object: the e-mail shows as who.
      target: e.targetType && e.targetId ? (targets.get(`${e.targetType}:${e.targetId}`) ?? fallbackTarget(e.targetType, e.targetId)) : null,
      outcome: e.outcome,
      message: e.message,
      awsRequestId: e.awsRequestId,
      ipAddress: e.ipAddress,
    };
  });
}

function fallbackTarget(type: string, id: string | null): AuditTarget {
  return { type, id, label: id ? `${type.replaceAll("_", " ")} ${id}` : type.replaceAll("_", " "), href: null };
}

// Names for the objects of a page of events, one query per kind of object.
async function nameTargets(rows: EventRecord[]): Promise<Map<string, AuditTarget>> {
  const ids = (type: string) => [...new Set(rows.filter((e) => e.targetType === type && e.targetId).map((e) => e.targetId!))];
  const [desktops, requests, jobs, users, prices] = await Promise.all([
    db.desktop.findMany({ where: { id: { in: ids("desktop") } }, select: { id: true, userName: true, workspaceId: true } }),
    db.desktopRequest.findMany({ where: { id: { in: ids("request") } }, select: { id: true, requester: { select: { name: true } } } }),
    db.bulkJob.findMany({ where: { id: { in: ids("bulk_job") } }, select: { id: true, kind: true, action: true, fileName: true } }),
    db.user.findMany({ where: { id: { in: ids("user") } }, select: { id: true, email: true } }),
    db.billingPrice.findMany({ where: { id: { in: ids("price") } }, select: { id: true, region: true, computeType: true, platform: true } }),
  ]);
  const named = new Map<string, AuditTarget>();
  for (const d of desktops)
    named.set(`desktop:${d.id}`, { type: "desktop", id: d.id, label: `Desktop of ${d.userName}${d.workspaceId ? ` (${d.workspaceId})` : ""}`, href: `/desktops/${d.id}` });
  for (const r of requests) named.set(`request:${r.id}`, { type: "request", id: r.id, label: `Request of ${r.requester.name}`, href: `/requests/${r.id}` });
  for (const j of jobs) named.set(`bulk_job:${j.id}`, { type: "bulk_job", id: j.id, label: bulkJobTitle(j), href: `/admin/bulk/${j.id}` });
  for (const u of users) named.set(`user:${u.id}`, { type: "user", id: u.id, label: `User ${u.email}`, href: `/admin/users/${u.id}` });
  for (const p of prices)
    named.set(`price:${p.id}`, { type: "price", id: p.id, label: `Price ${p.computeType} ${p.platform === "WINDOWS" ? "Windows" : "Linux"} ${p.region}`, href: "/admin/billing/prices" });
  return named;
}
