import { z } from "zod";
import { listSearchParam, listPageParam } from "@/lib/list-params";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

export const AUDIT_PAGE_SIZE = 50;

export const auditFilterSchema = z.object({
  q: listSearchParam(),
  action: z.string().trim().max(64).optional().default(""),
  outcome: z.enum(["", "SUCCESS", "FAILURE", "DENIED"]).optional().default(""),
  page: listPageParam(),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;

export type AuditRow = {
  id: string;
  at: string;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  message: string | null;
  awsRequestId: string | null;
  ipAddress: string | null;
};

export async function listAuditEvents(filter: AuditFilter) {
  const where: Prisma.AuditEventWhereInput = {
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.q
      ? {
          OR: [
            { actorEmail: { contains: filter.q, mode: "insensitive" } },
            { targetId: { contains: filter.q } },
            { message: { contains: filter.q, mode: "insensitive" } },
            { awsRequestId: { contains: filter.q } },
          ],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip: (filter.page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE }),
  ]);
  return {
    total,
    page: filter.page,
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    rows: rows.map(
      (e): AuditRow => ({
        id: e.id,
        at: e.at.toISOString(),
        actorEmail: e.actorEmail,
        action: e.action,
        targetType: e.targetType,
        targetId: e.targetId,
        outcome: e.outcome,
        message: e.message,
        awsRequestId: e.awsRequestId,
        ipAddress: e.ipAddress,
      }),
    ),
  };
}
