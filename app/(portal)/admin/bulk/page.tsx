import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { listBulkJobs } from "@/lib/bulk/queries";
import { jobListSchema } from "@/lib/bulk/schema";
import { bulkJobTitle } from "@/lib/bulk/action-labels";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { Pagination } from "@/components/pagination";
import { DataTable } from "@/components/data-table";
import { StateBadge } from "@/components/state-badge";
import { AutoRefresh } from "@/components/auto-refresh";
import { buttonClass } from "@/components/button";
import { Time } from "@/components/time";
import { percentWidthClass } from "@/components/percent-width";

export const metadata = { title: "Bulk jobs" };

export default async function BulkJobsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  if (!can(user, "bulk.provision") && !can(user, "fleet.manage")) notFound();
  const parsed = jobListSchema.safeParse(await searchParams);
  const { page } = parsed.success ? parsed.data : jobListSchema.parse({});
  const list = await listBulkJobs(user, page);

  return (
    <div className="space-y-4">
      {list.jobs.some((j) => j.state === "RUNNING") && <AutoRefresh intervalMs={3000} />}
      <PageHeader
        title="Bulk jobs"
        description="Desktops provisioned from a CSV file, and actions run on many desktops of the fleet at once."
        actions={
          can(user, "bulk.provision") ? (
            <Link href="/admin/bulk/new" className={buttonClass()}>
              Provision from CSV
            </Link>
          ) : undefined
        }
      />
      {list.jobs.length === 0 ? (
        <EmptyState title="No bulk jobs yet">
          Provision desktops from a CSV file, or select desktops on the <Link href="/admin/fleet" className="text-indigo-700 underline">fleet page</Link> to act on many at once.
        </EmptyState>
      ) : (
        <DataTable caption="Bulk jobs" columns={["Job", "Started", "Progress", "State"]}>
          {list.jobs.map((job) => (
            <tr key={job.id} data-job-id={job.id}>
              <td className="px-3 py-2">
                <Link href={`/admin/bulk/${job.id}`} className="font-medium text-indigo-700 underline">
                  {bulkJobTitle(job)}
                </Link>
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-slate-600">
                <Time iso={job.createdAt} relative />
                <span className="block text-xs">{job.createdByEmail ?? "—"}</span>
              </td>
              <td className="min-w-40 px-3 py-2">
                <span className="text-xs text-slate-600">
                  {job.finished.toLocaleString()} of {job.total.toLocaleString()} finished
                  {job.failed > 0 && <span className="text-red-700">, {job.failed.toLocaleString()} failed</span>}
                </span>
                <span aria-hidden className="mt-1 block h-1.5 w-full overflow-hidden rounded-full bg-slate-200">
                  <span className={`block h-full bg-emerald-500 ${job.total ? percentWidthClass(job.finished, job.total) : "w-full"}`} />
                </span>
              </td>
              <td className="px-3 py-2">
                <StateBadge state={job.state} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination page={list.page} pages={list.pages} params={{}} basePath="/admin/bulk" />
    </div>
  );
}
