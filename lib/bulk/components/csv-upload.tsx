"use client";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DataTable } from "@/components/data-table";
import { inputClass } from "@/components/field";
import { checkFileName, fileTooLarge, MAX_FILE_BYTES } from "../csv";
import { confirmProvisioningCsv, previewProvisioningCsv } from "../actions";
import type { PreviewRow, ProvisioningPreview } from "../provisioning-check";
import { plural, pluralWord } from "@/lib/plural";
import { rowProblems, rowsForView, viewCounts, warningGroups, type PreviewView, type WarningGroup } from "../preview-rows";

const PAGE = 200;

// Upload → preview of every row with its problems → confirm. Nothing is created before confirming;
// confirming sends the same file again and the server checks it again.
export function CsvUpload() {
  const router = useRouter();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ProvisioningPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [show, setShow] = useState<PreviewView>("problems");
  const [limit, setLimit] = useState(PAGE);
  const [pending, startTransition] = useTransition();

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setPreview(null);
    setError(null);
    if (!chosen) return;
    // The server checks again; this only saves uploading a file that cannot pass.
    const problem = checkFileName(chosen.name) ?? (chosen.size > MAX_FILE_BYTES ? fileTooLarge(chosen.size) : null);
    if (problem) setError(problem.message);
  };

  const check = () => {
    if (!file) return setError("Choose a CSV file first.");
    startTransition(async () => {
      const form = new FormData();
      form.set("file", file);
      const result = await previewProvisioningCsv(form);
      if (!result.ok) {
        setPreview(null);
        setError(result.fieldErrors?.file ?? result.message);
        return;
      }
      setError(null);
      setPreview(result.preview);
      setShow(viewCounts(result.preview.rows).problems > 0 ? "problems" : "all");
      setLimit(PAGE);
    });
  };

  const confirm = async () => {
    if (!file || !preview) return { ok: false as const, message: "Check the file first." };
    const form = new FormData();
    form.set("file", file);
    form.set("sha256", preview.sha256);
    form.set("expectedRows", String(preview.counts.valid));
    const result = await confirmProvisioningCsv(form);
    if (result.ok) {
      router.push(`/admin/bulk/${result.jobId}`);
      return { ok: true as const };
    }
    if ("preview" in result && result.preview) setPreview(result.preview);
    return { ok: false as const, message: result.message };
  };

  const rows = preview ? rowsForView(preview.rows, show) : [];
  const counts = preview ? viewCounts(preview.rows) : null;
  const groups = preview ? warningGroups(preview.rows) : [];
  const views: [PreviewView, string][] = [
    ["errors", "Errors only"],
    ["problems", "Errors and warnings"],
    ["all", "All rows"],
  ];

  return (
    <div className="space-y-5">
      <form
        className="flex flex-col gap-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:flex-row sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          check();
        }}
      >
        <div className="flex-1 space-y-1">
          <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-800">
            CSV file
          </label>
          <input
            id={`${id}-file`}
            name="file"
            type="file"
            accept=".csv,text/csv"
            className={`${inputClass} file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1 file:text-sm`}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
            aria-invalid={Boolean(error)}
            onChange={(e) => choose(e.target.files?.[0] ?? null)}
          />
          <p id={`${id}-hint`} className="text-xs text-slate-500">
            UTF-8, comma separated, at most 2 MB and 5,000 rows. Nothing is created until you confirm.
          </p>
        </div>
        <Button type="submit" variant="secondary" pending={pending} disabled={!file}>
          Check file
        </Button>
      </form>

      {error && (
        <div id={`${id}-error`} data-testid="upload-error">
          <Alert tone="error">{error}</Alert>
        </div>
      )}

      {preview && (
        <section aria-labelledby={`${id}-preview`} className="space-y-4">
          <h2 id={`${id}-preview`} className="text-lg font-semibold">
            Check of {preview.fileName}
          </h2>
          <Alert tone={preview.counts.withErrors > 0 ? "warning" : "success"}>
            <span data-testid="preview-summary">
              {plural(preview.counts.total, "row")}: <strong>{preview.counts.valid} ready</strong> to create
              {preview.counts.withErrors > 0 && <>, <strong>{preview.counts.withErrors} with errors</strong> (skipped)</>}
              {preview.counts.withWarnings > 0 && <>, {preview.counts.withWarnings} with warnings</>}.
            </span>
          </Alert>
          {preview.fileWarnings.map((w) => (
            <Alert key={w} tone="warning">
              {w}
            </Alert>
          ))}
          {groups.map((g) => (
            <div key={g.kind} data-testid="warning-group" data-kind={g.kind}>
              <Alert tone="warning">{g.text}</Alert>
            </div>
          ))}

          <div className="flex flex-wrap items-center justify-between gap-3">
            <fieldset className="flex flex-wrap gap-3 text-sm">
              <legend className="sr-only">Rows shown</legend>
              {views.map(([view, label]) => (
                <label key={view} className="inline-flex items-center gap-1.5">
                  <input type="radio" name={`${id}-show`} checked={show === view} onChange={() => setShow(view)} />
                  {label} ({counts![view].toLocaleString()})
                </label>
              ))}
            </fieldset>
            <ConfirmDialog
              triggerLabel={`Create ${plural(preview.counts.valid, "desktop")}`}
              title={`Create ${plural(preview.counts.valid, "desktop")}?`}
              confirmLabel="Create desktops"
              variant="primary"
              disabled={preview.counts.valid === 0}
              disabledReason="No row can be created: fix the errors and check the file again."
              onConfirm={confirm}
            >
              <p>
                Each row becomes an approved request and is sent to AWS; AWS bills each desktop from the moment it exists.
                {preview.counts.withErrors > 0 && ` The ${plural(preview.counts.withErrors, "row")} with errors ${pluralWord(preview.counts.withErrors, "is", "are")} skipped.`}
              </p>
            </ConfirmDialog>
          </div>

          {rows.length === 0 ? (
            <p className="text-sm text-slate-600">{show === "errors" ? "No row has an error." : "No row has a problem."}</p>
          ) : (
            <PreviewTable rows={rows.slice(0, limit)} groups={groups} />
          )}
          {rows.length > limit && (
            <Button type="button" variant="secondary" onClick={() => setLimit((n) => n + PAGE)}>
              Show more ({rows.length - limit} more)
            </Button>
          )}
        </section>
      )}
    </div>
  );
}

function PreviewTable({ rows, groups }: { rows: PreviewRow[]; groups: WarningGroup[] }) {
  return (
    <DataTable caption="Rows of the file and their problems" columns={["Line", "User", "Directory", "Bundle", "Mode", "Tags", "Problems"]}>
      {rows.map((r) => (
        <tr key={r.line} data-line={r.line} data-valid={r.valid} className={r.valid ? undefined : "bg-red-50/60"}>
          <th scope="row" className="px-3 py-2 text-left font-mono text-xs font-normal text-slate-600" data-label="Line">
            {r.line}
          </th>
          <td className="px-3 py-2">
            <span className="block font-medium">{r.cells.user_name || "—"}</span>
            {r.requesterEmail && <span className="block text-xs text-slate-500">{r.requesterEmail}</span>}
          </td>
          <td className="px-3 py-2 text-xs" data-label="Directory">
            <span className="block font-mono">{r.cells.directory_id || "—"}</span>
            {r.directoryName && <span className="block text-slate-500">{r.directoryName}</span>}
          </td>
          <td className="px-3 py-2 text-xs" data-label="Bundle">
            <span className="block font-mono">{r.cells.bundle_id || "—"}</span>
            {r.bundleName && <span className="block text-slate-500">{r.bundleName}</span>}
          </td>
          <td className="whitespace-nowrap px-3 py-2 text-xs" data-label="Mode">
            {r.cells.running_mode || "—"}
            {r.cells.autostop_timeout_hours && ` ${r.cells.autostop_timeout_hours} h`}
          </td>
          <td className="max-w-40 break-words px-3 py-2 text-xs" data-label="Tags">{r.cells.tags || "—"}</td>
          <td className="min-w-56 px-3 py-2 text-xs" data-label="Problems">
            {r.problems.length === 0 ? (
              <span className="text-emerald-700">Ready</span>
            ) : (
              <ul className="space-y-1">
                {rowProblems(r, groups).map((p, i) => (
                  <li key={i} className={p.severity === "error" ? "text-red-700" : "text-amber-800"}>
                    <strong>{p.severity === "error" ? "Error" : "Warning"}:</strong> {p.message}
                  </li>
                ))}
              </ul>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
