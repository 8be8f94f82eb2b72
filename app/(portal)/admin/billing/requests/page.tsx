import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { listBillingRequests } from "@/lib/billing/mode-requests/queries";
import { BillingNav } from "@/lib/billing/components/billing-nav";
import { DecideRequestControls } from "@/lib/billing/components/billing-request-controls";
import { modeText } from "@/lib/billing/components/mode-label";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { StateBadge } from "@/components/state-badge";
import { Time } from "@/components/time";

export const metadata = { title: "Billing requests" };

export default async function BillingRequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  if (!can(user, "billing.review")) notFound();
  const all = (await searchParams).status === "ALL";
  const rows = await listBillingRequests(all ? "ALL" : "SUBMITTED");
  return (
    <div>
      <PageHeader title="Billing-mode requests" description="Employees ask to switch their desktop's billing mode; approve or reject here." />
      <BillingNav current="requests" showAdmin={can(user, "billing.manage")} />
      <p className="mb-3 text-sm">
        {all ? (
          <Link href="/admin/billing/requests" className="text-indigo-700 underline">
            Show only open requests
          </Link>
        ) : (
          <Link href="/admin/billing/requests?status=ALL" className="text-indigo-700 underline">
            Show decided requests too
          </Link>
        )}
      </p>
      {rows.length === 0 ? (
        <EmptyState title={all ? "No billing-mode requests yet" : "No open billing-mode requests"} />
      ) : (
        <ul className="space-y-3">
          {rows.map((r) => (
            <li key={r.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-billing-request-id={r.id}>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <StateBadge state={r.status} />
                <strong>{r.requesterName}</strong>
                <span className="text-slate-600">({r.requesterEmail})</span>
                <span>
                  asks to switch{" "}
                  <Link href={`/desktops/${r.desktopId}`} className="text-indigo-700 underline">
                    {r.userName}
                  </Link>{" "}
                  ({r.bundleName}) from {modeText(r.fromMode)} to <strong>{modeText(r.toMode, r.autoStopTimeoutHours)}</strong>
                </span>
                <span className="text-xs text-slate-500">
                  <Time iso={r.createdAt} relative />
                </span>
              </div>
              <p className="mt-1 text-sm text-slate-700">“{r.reason}”</p>
              {r.status !== "SUBMITTED" && r.deciderName && (
                <p className="mt-1 text-xs text-slate-500">
                  Decided by {r.deciderName}
                  {r.decisionReason ? `: ${r.decisionReason}` : ""}
                </p>
              )}
              {r.status === "SUBMITTED" && can(user, "billing.request.decide", { requesterId: r.requesterId, status: "SUBMITTED" }) && (
                <div className="mt-3 max-w-md">
                  <DecideRequestControls requestId={r.id} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
