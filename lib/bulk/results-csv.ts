// A job's results as a CSV file: one line per item with its outcome and AWS's error, for the admin
// to fix and upload the failed rows again. Pure.

import { writeCsv } from "@/lib/csv/write-csv";
import type { BulkItemView } from "./queries";

const PROVISION_COLUMNS = [
  "line",
  "user_name",
  "directory_id",
  "bundle_id",
  "running_mode",
  "autostop_timeout_hours",
  "tags",
  "status",
  "workspace_id",
  "desktop_state",
  "error_code",
  "error_message",
] as const;
const ACTION_COLUMNS = ["user_name", "directory_id", "workspace_id", "action", "status", "desktop_state", "error_code", "error_message"] as const;

// In key order: the database (jsonb) does not keep the order the file gave.
const tagText = (tags: Record<string, string>) =>
  Object.entries(tags)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(";");

export function toResultsCsv(job: { kind: "PROVISION" | "ACTION"; action: string | null }, items: BulkItemView[]): string {
  const data =
    job.kind === "PROVISION"
      ? items.map((i) => [
          i.line ?? "",
          i.userName ?? "",
          i.directoryId ?? "",
          i.bundleId ?? "",
          i.runningMode ?? "",
          i.autoStopTimeoutHours ?? "",
          tagText(i.tags),
          i.status,
          i.workspaceId ?? "",
          i.desktopState ?? "",
          i.errorCode ?? "",
          i.errorMessage ?? "",
        ])
      : items.map((i) => [i.userName ?? "", i.directoryId ?? "", i.workspaceId ?? "", job.action ?? "", i.status, i.desktopState ?? "", i.errorCode ?? "", i.errorMessage ?? ""]);
  const fields = job.kind === "PROVISION" ? [...PROVISION_COLUMNS] : [...ACTION_COLUMNS];
  // Values from an uploaded file (user names, tags, AWS messages): the writer defuses formulas.
  return writeCsv(fields, data, { byteOrderMark: true });
}
