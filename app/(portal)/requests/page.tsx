import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { listRequestsOf } from "@/lib/requests/queries";
import { PageHeader } from "@/components/page-header";
import { StateBadge } from "@/components/state-badge";
import { EmptyState } from "@/components/empty-state";
import { buttonClass } from "@/components/button";
import { Time } from "@/components/time";

export const metadata = { title: "My requests" };

export default async function RequestsPage() {
  const user = await requireUser();
  const requests = await listRequestsOf(user.id);
  return (
    <div>
      <PageHeader
        title="My requests"
        actions={
          <Link href="/requests/new" className={buttonClass("primary")}>
            Request a desktop
          </Link>
        }
      />
      {requests.length === 0 ? (
        <EmptyState title="No requests yet">Request a desktop and follow its approval here.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          {requests.map((r) => (
            <li key={r.id}>
              <Link href={`/requests/${r.id}`} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 hover:bg-slate-50">
                <span>
                  <span className="block text-sm font-medium">{r.bundleName}</span>
                  <span className="block text-xs text-slate-500">
                    <Time iso={r.createdAt} /> · {r.runningMode === "AUTO_STOP" ? "AutoStop" : "AlwaysOn"}
                  </span>
                </span>
                <StateBadge state={r.status} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
