import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { CSV_COLUMNS, MAX_ROWS } from "@/lib/bulk/csv";
import { CsvUpload } from "@/lib/bulk/components/csv-upload";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";

export const metadata = { title: "Provision desktops from a CSV file" };

const COLUMN_HELP: Record<(typeof CSV_COLUMNS)[number], string> = {
  user_name: "The directory user the desktop is for. One desktop per user and directory.",
  directory_id: "A directory registered with WorkSpaces, e.g. d-9067000001.",
  bundle_id: "The bundle (desktop type), e.g. wsb-v7ko4r7f1.",
  running_mode: "AUTO_STOP (billed per hour) or ALWAYS_ON (billed per month).",
  autostop_timeout_hours: "AUTO_STOP only: idle hours before the desktop stops, a whole number from 1 to 48 (empty: 1). Empty for ALWAYS_ON.",
  tags: "Optional: key=value pairs separated by ; (e.g. CostCenter=1234;Department=Finance). Keys must not start with aws: or portal:.",
};

export default async function NewBulkJobPage() {
  const user = await requireUser();
  if (!can(user, "bulk.provision")) notFound();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Provision desktops from a CSV file"
        description={`Up to ${MAX_ROWS.toLocaleString("en")} desktops at once. Every row is checked before anything is created.`}
        actions={
          <a href="/admin/bulk/template.csv" download className="text-sm font-medium text-indigo-700 underline">
            Download the template
          </a>
        }
      />
      <CsvUpload />
      <Card title="The file">
        <p className="mb-3 text-sm text-slate-700">
          A header line with these columns (any order), then one desktop per line. Save it from your spreadsheet as <strong>CSV UTF-8</strong>. Lines
          starting with # are ignored.
        </p>
        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
          {CSV_COLUMNS.map((c) => (
            <div key={c} className="contents">
              <dt className="font-mono text-xs font-semibold">{c}</dt>
              <dd className="text-slate-700">{COLUMN_HELP[c]}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-sm text-slate-700">
          Each row becomes an approved request, filed under the portal account linked to that directory user (or under your name if there is none).
          The portal cannot list directory users, so an unknown user name is a warning: AWS checks it when it creates the desktop.
        </p>
      </Card>
    </div>
  );
}
