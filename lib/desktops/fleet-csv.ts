// The fleet list as CSV, through the formula-safe writer: user names, owners and tag values come
// from users and from AWS, and must not run as spreadsheet formulas (CSV injection). Pure.
import { writeCsv } from "@/lib/csv/write-csv";
import type { FleetExportRow } from "./queries";

export const FLEET_CSV_HEADER = [
  "desktop_id",
  "workspace_id",
  "user_name",
  "directory_id",
  "owner_name",
  "owner_email",
  "bundle",
  "compute_type",
  "platform",
  "billing_mode",
  "state",
  "state_changed_at",
  "created_at",
  "last_connected_at",
  "origin",
  "tags",
];

// In key order, as the bulk upload's tags column reads them (Key=Value;Key=Value).
const tagText = (tags: Record<string, string>) =>
  Object.keys(tags)
    .sort()
    .map((k) => `${k}=${tags[k]}`)
    .join(";");

export function fleetRowsToCsv(rows: FleetExportRow[]): string {
  return writeCsv(
    FLEET_CSV_HEADER,
    rows.map((r) => [
      r.id,
      r.workspaceId,
      r.userName,
      r.directoryId,
      r.ownerName,
      r.ownerEmail,
      r.bundleName,
      r.computeType,
      r.platform,
      r.runningMode,
      r.state,
      r.stateChangedAt,
      r.createdAt,
      r.lastConnectedAt,
      r.origin,
      tagText(r.tags),
    ]),
  );
}
