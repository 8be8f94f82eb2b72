import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { bulkJobTitle } from "@/lib/bulk/action-labels";
import { getBulkJob, listBulkJobItems, loadBulkJobForPolicy } from "@/lib/bulk/queries";
import { jobItemsFilterSchema } from "@/lib/bulk/schema";
import { ITEM_STATUS_LABEL, ITEM_STATUSES } from "@/lib/bulk/item-status";
import { JobControls } from "@/lib/bulk/components/job-controls";
import { JobItemsTable } from "@/lib/bulk/components/job-items-table";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";
import { ProgressBar } from "@/components/progress-bar";
import { StateBadge } from "@/components/state-badge";
import { AutoRefresh } from "@/components/auto-refresh";
import { EmptyState } from "@/components/empty-state";
import { Pagination } from "@/components/pagination";
import { FilterForm, FilterSelect } from "@/components/filter-form";
import { Time } from "@/components/time";
import { plural } from "@/lib/plural";

export const metadata = { title: "Bulk job" };

export default async function BulkJobPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  const { id } = await params;
  const policyView = await loadBulkJobForPolicy(id);
  if (!policyView || !can(user, "bulk.job.read", policyView)) notFound();
  const job = (await getBulkJob(id))!;
  const parsed = jobItemsFilterSchema.safeParse(await searchParams);
  const filter = parsed.success ? parsed.data : jobItemsFilterSchema.parse({});
  const [items, failed] = await Promise.all([
    listBulkJobItems(job.id, filter, job.counts),
    job.failed > 0 ? listBulkJobItems(job.id, { status: "FAILED", page: 1 }, job.counts) : null,
  ]);
  const c = job.counts;
  const provisioning = job.kind === "PROVISION";

  return (
    <div className="space-y-6">
      {job.state === "RUNNING" && <AutoRefresh intervalMs={2000} />}
      <PageHeader
        title={bulkJobTitle(job)}
        description={`${plural(job.total, "item")}, started by ${job.createdByEmail ?? "unknown"}.`}
        actions={
          <a href={`/admin/bulk/${job.id}/results.csv`} download className="text-sm font-medium text-indigo-700 underline">
            Download results (CSV)
          </a>
        }
      />

      <Card title="Progress">
        <div className="space-y-4" aria-live="polite">
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <StateBadge state={job.state} />
            <span data-testid="job-progress">
              {job.finished.toLocaleString()} of {job.total.toLocaleString()} finished
            </span>
            <span className="text-slate-500">
              started <Time iso={job.createdAt} relative />
            </span>
          </div>
          <ProgressBar
            label="Job progress"
            total={job.total}
            segments={[
              { label: provisioning ? "Available" : "Done", value: c.AVAILABLE + c.DONE + c.CHANGED_SINCE, tone: "success" },
              { label: "Failed", value: c.FAILED, tone: "danger" },
              { label: "Skipped", value: c.SKIPPED, tone: "muted" },
              { label: "Cancelled", value: c.CANCELLED, tone: "muted" },
              { label: "Queued", value: c.QUEUED, tone: "active" },
              { label: provisioning ? "Creating" : "Sending", value: c.CREATING + c.SENDING, tone: "active" },
              { label: provisioning ? "Pending" : "In progress", value: c.PENDING + c.IN_PROGRESS, tone: "active" },
            ]}
          />
          <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4" data-testid="job-counts">
            {ITEM_STATUSES.filter((s) => c[s] > 0 || (provisioning ? ["QUEUED", "CREATING", "PENDING", "AVAILABLE", "FAILED"] : ["QUEUED", "IN_PROGRESS", "DONE", "FAILED"]).includes(s)).map((s) => (
              <div key={s} className="rounded-md bg-slate-50 px-3 py-2" data-status={s}>
                <dt className="text-xs text-slate-500">{ITEM_STATUS_LABEL[s]}</dt>
                <dd className="text-lg font-semibold">{c[s].toLocaleString()}</dd>
              </div>
            ))}
          </dl>
          <JobControls jobId={job.id} failed={c.FAILED} queued={c.QUEUED} />
        </div>
      </Card>

      {failed && failed.items.length > 0 && (
        <section aria-labelledby="failed-title" className="space-y-2">
          <h2 id="failed-title" className="text-base font-semibold">
            Failed items ({job.failed.toLocaleString()})
          </h2>
          <JobItemsTable kind={job.kind} items={failed.items} caption="Failed items with AWS's error" />
          {job.failed > failed.items.length && (
            <Link href={`/admin/bulk/${job.id}?status=FAILED`} className="text-sm text-indigo-700 underline">
              All {job.failed.toLocaleString()} failed items
            </Link>
          )}
        </section>
      )}

      <section aria-labelledby="items-title" className="space-y-3">
        <h2 id="items-title" className="text-base font-semibold">
          Items
        </h2>
        <FilterForm>
          <FilterSelect
            id="status"
            label="Status"
            defaultValue={filter.status}
            options={[["", `All (${job.total})`], ...ITEM_STATUSES.filter((s) => c[s] > 0).map((s) => [s, `${ITEM_STATUS_LABEL[s]} (${c[s]})`] as const)]}
          />
        </FilterForm>
        {items.items.length === 0 ? (
          <EmptyState title="No items match" />
        ) : (
          <JobItemsTable kind={job.kind} items={items.items} caption="Items of the job" />
        )}
        <Pagination page={items.page} pages={items.pages} params={filter.status ? { status: filter.status } : {}} basePath={`/admin/bulk/${job.id}`} />
      </section>
    </div>
  );
}
