// What the preview of a checked CSV shows: errors before warnings, an errors-only view, and a
// warning that many rows share (users the portal does not know yet) said once with its count
// instead of fifty times, so four real errors are not buried under fifty warnings. Pure.
import { plural } from "@/lib/plural";
import type { Problem } from "./csv";
import type { PreviewRow } from "./provisioning-check";

export type PreviewView = "errors" | "problems" | "all";

/** A kind of warning shared by at least this many rows is shown once, above the rows. */
export const GROUP_FROM_ROWS = 2;

export type WarningGroup = { kind: NonNullable<Problem["kind"]>; count: number; lines: number[]; text: string };

const NAMES_SHOWN = 5;

const GROUP_TEXT: Record<WarningGroup["kind"], (rows: PreviewRow[]) => string> = {
  UNKNOWN_USER: (rows) => {
    const names = rows.map((r) => r.cells.user_name);
    const more = names.length > NAMES_SHOWN ? ` and ${names.length - NAMES_SHOWN} more` : "";
    return (
      `${plural(rows.length, "row")} name users who are not portal users yet: ${names.slice(0, NAMES_SHOWN).join(", ")}${more}. ` +
      "AWS checks each name when it creates the desktop; those requests are filed under your name."
    );
  },
};

/** Per-row short text for a warning shown in a group above the table. */
export const GROUPED_ROW_TEXT: Record<WarningGroup["kind"], string> = {
  UNKNOWN_USER: "Not a portal user yet (see above).",
};

export function warningGroups(rows: PreviewRow[]): WarningGroup[] {
  const byKind = new Map<WarningGroup["kind"], PreviewRow[]>();
  for (const row of rows) {
    const kinds = new Set(row.problems.flatMap((p) => (p.severity === "warning" && p.kind ? [p.kind] : [])));
    for (const kind of kinds) byKind.set(kind, [...(byKind.get(kind) ?? []), row]);
  }
  return [...byKind]
    .filter(([, members]) => members.length >= GROUP_FROM_ROWS)
    .map(([kind, members]) => ({ kind, count: members.length, lines: members.map((r) => r.line), text: GROUP_TEXT[kind](members) }));
}

const hasError = (row: PreviewRow) => row.problems.some((p) => p.severity === "error");

/** The rows a view shows: errors only; errors then warnings; or every row in file order. */
export function rowsForView(rows: PreviewRow[], view: PreviewView): PreviewRow[] {
  if (view === "all") return rows;
  const errors = rows.filter(hasError);
  if (view === "errors") return errors;
  return [...errors, ...rows.filter((r) => !hasError(r) && r.problems.length > 0)];
}

export function viewCounts(rows: PreviewRow[]): Record<PreviewView, number> {
  return { errors: rows.filter(hasError).length, problems: rows.filter((r) => r.problems.length > 0).length, all: rows.length };
}

/** A row's problems as listed in its cell: errors first; grouped warnings as a short pointer. */
export function rowProblems(row: PreviewRow, groups: WarningGroup[]): Problem[] {
  const grouped = new Set(groups.map((g) => g.kind));
  const shown = row.problems.map((p) => (p.severity === "warning" && p.kind && grouped.has(p.kind) ? { ...p, message: GROUPED_ROW_TEXT[p.kind] } : p));
  return [...shown.filter((p) => p.severity === "error"), ...shown.filter((p) => p.severity !== "error")];
}
