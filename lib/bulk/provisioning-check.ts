// Checks of CSV rows against what the portal knows: directories and bundles (cached from AWS),
// desktops that already exist, and portal accounts linked to directory users. Pure: the facts are
// loaded by queries.ts.
//
// Directory users: AWS has no call that lists a directory's users for every directory type (the
// Directory Service Data API is Managed AD only, and lib/aws does not wrap it). So a user name is
// "known" when a portal account is linked to it; any other name is a warning, not an error: AWS
// checks it when it creates the desktop and refuses the item with ResourceNotFound.User, which the
// job page then shows for that line.

import { findDuplicates, userKey, type ExistingForUsers } from "@/lib/desktops/one-desktop-per-user";
import { computeProblem, quotaProblem, resolveRequiredTags, type Guardrail, type GuardrailRole } from "@/lib/guardrails/rules";
import { CSV_COLUMNS, hasErrors, type CsvColumn, type Problem, type ProvisioningRow } from "./csv";

export type DirectoryFact = { id: string; name: string; region: string; registered: boolean; stage: string };
export type BundleFact = { id: string; name: string; region: string; available: boolean; computeType?: string };
export type LinkedUser = { id: string; email: string; name: string; role?: GuardrailRole };

export type PortalFacts = {
  directories: Map<string, DirectoryFact>;
  bundles: Map<string, BundleFact>;
  /** Portal accounts linked to a directory user, by userKey. */
  linkedUsers: Map<string, LinkedUser>;
  /** Desktops and requests awaiting a decision of the directories' users (lib/desktops/one-desktop-per-user). */
  existing: ExistingForUsers;
  /** The directories' guardrails (lib/guardrails): required tags, the largest compute type per role
   *  and the desktops-per-person quota are checked per row. */
  guardrails?: Map<string, Guardrail>;
  /** Desktops and open requests each linked portal user holds now, by user id (for the quota). */
  heldByUser?: Map<string, number>;
};

export type CheckedRow = ProvisioningRow & { requester: LinkedUser | null; directoryName: string | null; bundleName: string | null };

const columnHasError = (row: ProvisioningRow, column: CsvColumn) => row.problems.some((p) => p.severity === "error" && p.column === column);

export function checkRowsAgainstPortal(rows: ProvisioningRow[], facts: PortalFacts): CheckedRow[] {
  const heldInFile = new Map<string, number>();
  return rows.map((row) => {
    const problems: Problem[] = [...row.problems];
    const error = (column: CsvColumn, message: string) => problems.push({ severity: "error", column, message });
    const warning = (column: CsvColumn, message: string, kind?: Problem["kind"]) => problems.push({ severity: "warning", column, message, ...(kind ? { kind } : {}) });

    const directory = columnHasError(row, "directory_id") ? undefined : facts.directories.get(row.directoryId);
    if (row.directoryId && !columnHasError(row, "directory_id")) {
      if (!directory) error("directory_id", `Directory ${row.directoryId} is unknown to the portal.`);
      else if (!directory.registered) error("directory_id", `Directory ${directory.name} (${directory.id}) is not registered with WorkSpaces.`);
      else if (directory.stage !== "Active") error("directory_id", `Directory ${directory.name} is ${directory.stage}, not Active.`);
    }

    const bundle = columnHasError(row, "bundle_id") ? undefined : facts.bundles.get(row.bundleId);
    if (row.bundleId && !columnHasError(row, "bundle_id")) {
      if (!bundle || !bundle.available) error("bundle_id", `Bundle ${row.bundleId} is not in the portal's catalogue.`);
      else if (directory && bundle.region !== directory.region) {
        error("bundle_id", `Bundle ${bundle.name} is in ${bundle.region}, the directory in ${directory.region}.`);
      }
    }

    let requester: LinkedUser | null = null;
    if (directory && row.userName && !columnHasError(row, "user_name")) {
      const key = userKey(directory.id, row.userName);
      const duplicates = findDuplicates(facts.existing, { directoryId: directory.id, directoryName: directory.name, userName: row.userName });
      if (duplicates.desktop) error("user_name", duplicates.desktop.message);
      if (duplicates.request) warning("user_name", duplicates.request.message);
      requester = facts.linkedUsers.get(key) ?? null;
      if (!requester) {
        warning(
          "user_name",
          `${row.userName} is not a portal user of ${directory.name}. AWS checks the name when it creates the desktop; the request is filed under your name.`,
          "UNKNOWN_USER",
        );
      }
    }

    const guardrail = directory ? facts.guardrails?.get(directory.id) : undefined;
    if (guardrail && bundle?.computeType && !columnHasError(row, "bundle_id")) {
      // The person the desktop is for: a directory user without a portal account counts as an employee.
      const tooBig = computeProblem(guardrail, requester?.role ?? "EMPLOYEE", bundle.computeType);
      if (tooBig) error("bundle_id", `${bundle.name} is too large for ${row.userName}: ${tooBig}`);
    }
    if (guardrail && requester) {
      // What the person holds now, plus the rows above for them in this file.
      const held = (facts.heldByUser?.get(requester.id) ?? 0) + (heldInFile.get(requester.id) ?? 0);
      const overQuota = quotaProblem(guardrail, held);
      if (overQuota) error("user_name", `${requester.email}: ${overQuota}`);
      heldInFile.set(requester.id, (heldInFile.get(requester.id) ?? 0) + 1);
    }

    // The directory's required tags: a missing one takes its default, a value not allowed is an error.
    let tags = row.tags;
    if (guardrail && guardrail.requiredTags.length > 0 && !columnHasError(row, "tags")) {
      const resolved = resolveRequiredTags(guardrail.requiredTags, row.tags);
      for (const message of Object.values(resolved.problems)) error("tags", `${message} (required in ${directory!.name})`);
      tags = { ...row.tags, ...resolved.tags };
    }

    return { ...row, tags, problems, requester, directoryName: directory?.name ?? null, bundleName: bundle?.name ?? null };
  });
}

// ---------------------------------------------------------------------------------------------
// The preview the upload form shows: plain data.

export type PreviewRow = {
  line: number;
  cells: Record<CsvColumn, string>;
  directoryName: string | null;
  bundleName: string | null;
  requesterEmail: string | null;
  problems: Problem[];
  valid: boolean;
};

export type ProvisioningPreview = {
  fileName: string;
  sha256: string;
  fileWarnings: string[];
  counts: { total: number; valid: number; withErrors: number; withWarnings: number };
  rows: PreviewRow[];
};

export function toPreview(input: { fileName: string; sha256: string; fileWarnings: string[]; rows: CheckedRow[] }): ProvisioningPreview {
  const rows = input.rows.map((r) => ({
    line: r.line,
    cells: Object.fromEntries(CSV_COLUMNS.map((c) => [c, r.raw[c]])) as Record<CsvColumn, string>,
    directoryName: r.directoryName,
    bundleName: r.bundleName,
    requesterEmail: r.requester?.email ?? null,
    problems: r.problems,
    valid: !hasErrors(r),
  }));
  return {
    fileName: input.fileName,
    sha256: input.sha256,
    fileWarnings: input.fileWarnings,
    counts: {
      total: rows.length,
      valid: rows.filter((r) => r.valid).length,
      withErrors: rows.filter((r) => !r.valid).length,
      withWarnings: rows.filter((r) => r.valid && r.problems.some((p) => p.severity === "warning")).length,
    },
    rows,
  };
}
