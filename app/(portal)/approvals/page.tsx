import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { countManagedQueue, listApprovalQueue, managesAnyone } from "@/lib/requests/queries";
import { approvalQueueFilterSchema } from "@/lib/requests/schema";
import { ApprovalQueue } from "@/lib/requests/components/approval-queue";
import { PageHeader } from "@/components/page-header";
import { FilterForm, FilterInput, FilterSelect } from "@/components/filter-form";
import { AutoRefresh } from "@/components/auto-refresh";
import { listOpenResizeRequests } from "@/lib/desktops/resize/queries";
import { ResizeRequestQueue } from "@/lib/desktops/resize/components/resize-request-queue";

export const metadata = { title: "Approvals" };

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  // Approvers see everyone's requests; anyone else only what waits for them as someone's manager.
  const staff = can(user, "request.review");
  if (!staff && !(can(user, "request.queue") && ((await countManagedQueue(user)) > 0 || (await managesAnyone(user.email))))) notFound();
  const parsed = approvalQueueFilterSchema.safeParse(await searchParams);
  const filter = parsed.success ? parsed.data : approvalQueueFilterSchema.parse({});
  const requests = await listApprovalQueue(filter, { ...user, managedOnly: !staff });
  const resizeRequests = can(user, "resize.review") ? await listOpenResizeRequests() : [];

  return (
    <div className="space-y-4">
      <AutoRefresh intervalMs={10000} />
      <PageHeader
        title="Approvals"
        description={
          staff
            ? "Requests waiting for a decision. Approved desktops are created in the background."
            : "Requests from the people you manage, waiting for your decision. Approved desktops are created in the background."
        }
      />
      <FilterForm>
        <FilterInput id="q" label="Search" defaultValue={filter.q} placeholder="Name, e-mail, text" />
        {staff && (
          <FilterSelect
            id="status"
            label="Status"
            defaultValue={filter.status}
            options={[["SUBMITTED", "Awaiting decision"], ["APPROVED", "Approved"], ["REJECTED", "Rejected"], ["ALL", "All"]]}
          />
        )}
        <FilterSelect id="sort" label="Sort" defaultValue={filter.sort} options={[["oldest", "Oldest first"], ["newest", "Newest first"], ["requester", "Requester"]]} />
      </FilterForm>
      <ApprovalQueue
        requests={requests}
        currentUserEmail={user.email}
        emptyTitle={filter.status === "SUBMITTED" || !staff ? "Nothing is waiting for a decision" : "No requests match"}
      />
      {resizeRequests.length > 0 && (
        <ResizeRequestQueue requests={resizeRequests.map((r) => ({ ...r, mine: r.requesterId === user.id }))} />
      )}
    </div>
  );
}
