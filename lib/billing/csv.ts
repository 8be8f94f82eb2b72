// CSV for the cost export. Security: cells that a spreadsheet would run as a formula (=, +, -, @,
// tab, carriage return at the start) are prefixed with an apostrophe; tag values and names come
// from AWS and from users, not from us.

import type { DesktopCostRow } from "./fleet-costs";
import { roundMoney } from "./price";

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export const COST_CSV_HEADER = [
  "month",
  "desktop_id",
  "workspace_id",
  "user_name",
  "owner_name",
  "owner_email",
  "bundle",
  "compute_type",
  "platform",
  "region",
  "billing_mode",
  "autostop_timeout_hours",
  "cost_centre",
  "department",
  "exempt",
  "currency",
  "cost_to_date",
  "cost_projected",
  "autostop_hours_billed",
  "connected_hours",
  "recommendation",
  "monthly_saving",
];

export function costRowsToCsv(monthKey: string, rows: DesktopCostRow[]): string {
  return toCsv(
    COST_CSV_HEADER,
    rows.map((r) => [
      monthKey,
      r.id,
      r.workspaceId,
      r.userName,
      r.ownerName,
      r.ownerEmail,
      r.bundleName,
      r.computeType,
      r.platform,
      r.region,
      r.mode,
      r.autoStopTimeoutHours,
      r.costCentre,
      r.department,
      r.exempt,
      r.currency,
      r.priced ? roundMoney(r.toDate) : null,
      r.priced ? roundMoney(r.projected) : null,
      r.billedHoursToDate,
      Math.round(r.connectedHoursToDate * 100) / 100,
      r.recommendation.action,
      r.recommendation.action === "KEEP" ? 0 : roundMoney(r.recommendation.monthlySaving),
    ]),
  );
}
