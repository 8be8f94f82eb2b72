"use client";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { DataTable } from "@/components/data-table";
import { inputClass } from "@/components/field";
import { plural } from "@/lib/plural";
import { confirmDirectoryUsersCsv, previewDirectoryUsersCsv, type UsersCsvPreview } from "../actions";

// Upload → preview of every row (good ones and bad ones with their problems) → confirm. Nothing is
// queued before confirming; confirming sends the same file again and the server checks it again.
export function UsersCsvImport({ directoryId }: { directoryId: string }) {
  const router = useRouter();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<UsersCsvPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const form = (extra: Record<string, string> = {}) => {
    const data = new FormData();
    data.set("file", file!);
    data.set("directoryId", directoryId);
    for (const [k, v] of Object.entries(extra)) data.set(k, v);
    return data;
  };
  const check = () => {
    if (!file) return setError("Choose a CSV file first.");
    startTransition(async () => {
      const result = await previewDirectoryUsersCsv(form());
      setPreview(result.ok ? result.preview : null);
      setError(result.ok ? null : (result.fieldErrors?.file ?? result.message));
    });
  };
  const confirm = () =>
    startTransition(async () => {
      if (!preview) return;
      const result = await confirmDirectoryUsersCsv(form({ sha256: preview.sha256, expectedRows: String(preview.ready) }));
      if (result.ok) return router.push(`/admin/directories/${directoryId}/users/import/${result.jobId}`);
      setError(result.message);
      if ("preview" in result && result.preview) setPreview(result.preview);
    });

  const bad = preview ? preview.rows.length - preview.ready : 0;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-800">
            CSV file
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            className={inputClass}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPreview(null);
              setError(null);
            }}
          />
        </div>
        <Button type="button" variant="secondary" pending={pending && !preview} onClick={check}>
          Check file
        </Button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
      {preview && (
        <section aria-labelledby={`${id}-preview`} className="space-y-3">
          <h2 id={`${id}-preview`} className="text-lg font-semibold">
            Check of {preview.fileName}
          </h2>
          <p role="status" data-testid="csv-summary">
            {plural(preview.ready, "user")} ready to create{bad > 0 ? `; ${plural(bad, "row")} with problems will be left out` : ""}.
          </p>
          <DataTable caption={`Rows of ${preview.fileName}`} columns={["Line", "User name", "Name", "Email", "Check"]}>
            {preview.rows.map((row) => (
              <tr key={row.line} data-testid="csv-row" data-ok={row.problems.length === 0 ? "yes" : "no"}>
                <td className="px-3 py-2">{row.line}</td>
                <td className="px-3 py-2 font-mono">{row.userName || "—"}</td>
                <td className="px-3 py-2">{`${row.givenName} ${row.surname}`.trim() || "—"}</td>
                <td className="px-3 py-2 break-all">{row.email ?? "—"}</td>
                <td className="px-3 py-2">
                  {row.problems.length === 0 ? (
                    <span className="text-emerald-700">Ready</span>
                  ) : (
                    <ul className="list-disc pl-4 text-red-700">
                      {row.problems.map((p) => (
                        <li key={p}>{p}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
          {preview.ready > 0 ? (
            <Button type="button" pending={pending} onClick={confirm}>
              Create {plural(preview.ready, "user")}
            </Button>
          ) : (
            <Alert tone="error">No row can be created. Correct the file and check it again.</Alert>
          )}
        </section>
      )}
    </div>
  );
}
