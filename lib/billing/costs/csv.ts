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

export function costRowsToCsv(monthKey: string, rows: DesktopCostRow[]): string {
  return writeCsv(
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
