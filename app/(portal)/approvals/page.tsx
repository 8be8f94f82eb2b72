import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { listApprovalQueue } from "@/lib/requests/queries";
import { approvalQueueFilterSchema } from "@/lib/requests/schema";
import { ApprovalQueue } from "@/lib/requests/components/approval-queue";
import { PageHeader } from "@/components/page-header";
import { inputClass } from "@/components/field";
import { buttonClass } from "@/components/button";
import { AutoRefresh } from "@/components/auto-refresh";

export const metadata = { title: "Approvals" };

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  if (!can(user, "request.review")) notFound();
  const parsed = approvalQueueFilterSchema.safeParse(await searchParams);
  const filter = parsed.success ? parsed.data : approvalQueueFilterSchema.parse({});
  const requests = await listApprovalQueue(filter);

  return (
    <div className="space-y-4">
      <AutoRefresh intervalMs={10000} />
      <PageHeader title="Approvals" description="Requests waiting for a decision. Approved desktops are created in the background." />
      <form method="get" className="flex flex-wrap items-end gap-2" role="search">
        <div>
          <label htmlFor="q" className="block text-xs font-medium text-slate-600">
            Search
          </label>
          <input id="q" name="q" defaultValue={filter.q} placeholder="Name, e-mail, text" className={inputClass} />
        </div>
        <div>
          <label htmlFor="status" className="block text-xs font-medium text-slate-600">
            Status
          </label>
          <select id="status" name="status" defaultValue={filter.status} className={inputClass}>
            <option value="SUBMITTED">Awaiting decision</option>
            <option value="APPROVED">Approved</option>
            <option value="REJECTED">Rejected</option>
            <option value="ALL">All</option>
          </select>
        </div>
        <div>
          <label htmlFor="sort" className="block text-xs font-medium text-slate-600">
            Sort
          </label>
          <select id="sort" name="sort" defaultValue={filter.sort} className={inputClass}>
            <option value="oldest">Oldest first</option>
            <option value="newest">Newest first</option>
            <option value="requester">Requester</option>
          </select>
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          Apply
        </button>
      </form>
      <ApprovalQueue
        requests={requests}
        currentUserEmail={user.email}
        emptyTitle={filter.status === "SUBMITTED" ? "Nothing is waiting for a decision" : "No requests match"}
      />
    </div>
  );
}
