// The audit trail as a CSV file. Security: messages, e-mails tried at sign-in and object names come
// from users and AWS; writeCsv prefixes anything a spreadsheet would run as a formula.
import { writeCsv } from "@/lib/csv/write-csv";
import type { AuditRow } from "./queries";

export const AUDIT_CSV_HEADER = ["at_utc", "actor_email", "tried_email", "action", "object_type", "object_id", "object_name", "outcome", "message", "aws_request_id", "ip_address"];

export function auditRowsToCsv(rows: AuditRow[]): string {
  return writeCsv(
    AUDIT_CSV_HEADER,
    rows.map((e) => [e.at, e.actorEmail, e.triedEmail, e.action, e.target?.type, e.target?.id, e.target?.label, e.outcome, e.message, e.awsRequestId, e.ipAddress]),
  );
}
