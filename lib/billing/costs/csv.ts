// The cost export's columns, written by the one formula-safe CSV writer (lib/csv/write-csv.ts).

import { writeCsv } from "@/lib/csv/write-csv";
import type { DesktopCostRow } from "./fleet-costs";
import { roundMoney } from "../prices/price";

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

/** `groupByTag`: the dashboard's grouping, one of the directories' required tag keys: its value
 *  gets a column (tag:<key>) and the rows are ordered by it, as the dashboard groups them. */
export function costRowsToCsv(monthKey: string, rows: DesktopCostRow[], groupByTag?: string): string {
  const tagOf = (r: DesktopCostRow) => (groupByTag ? r.tags[groupByTag]?.trim() || "" : "");
  const ordered = groupByTag ? [...rows].sort((a, b) => (tagOf(a) === tagOf(b) ? 0 : !tagOf(a) ? 1 : !tagOf(b) ? -1 : tagOf(a).localeCompare(tagOf(b)))) : rows;
  return writeCsv(
    groupByTag ? [...COST_CSV_HEADER, `tag:${groupByTag}`] : COST_CSV_HEADER,
    ordered.map((r) => [
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
      ...(groupByTag ? [tagOf(r) || null] : []),
    ]),
  );
}
