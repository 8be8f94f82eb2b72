// Exporting the audit trail is itself recorded: who took a copy of which events, and from where.
import { db } from "@/lib/db/client";
import { plural } from "@/lib/plural";
import { auditRowsToCsv } from "./audit-csv";
import { recordAudit } from "./mutations";
import { auditFilterParams, listAuditEventsForExport, type AuditFilter } from "./queries";

export async function exportAuditEvents(actor: { id: string; email: string }, filter: AuditFilter, ipAddress: string | null): Promise<string> {
  const { total, rows } = await listAuditEventsForExport(filter);
  const params = auditFilterParams(filter);
  const filterText = Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  await recordAudit(db, {
    actor,
    action: "audit.export",
    outcome: "SUCCESS",
    message: `Exported ${plural(rows.length, "event")}${rows.length < total ? ` of ${total.toLocaleString("en-US")}` : ""} as CSV${filterText ? ` (${filterText})` : ""}`,
    details: { filter: params, rows: rows.length, total },
    ipAddress,
  });
  return auditRowsToCsv(rows);
}
