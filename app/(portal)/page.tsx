import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { listDesktopsOf } from "@/lib/desktops/queries";
import { listRequestsOf } from "@/lib/requests/queries";
import { PageHeader } from "@/components/page-header";
import { StateBadge } from "@/components/state-badge";
import { EmptyState } from "@/components/empty-state";
import { buttonClass } from "@/components/button";
import { AutoRefresh } from "@/components/auto-refresh";

export const metadata = { title: "My desktops" };

export default async function HomePage() {
  const user = await requireUser();
  const [desktops, requests] = await Promise.all([listDesktopsOf(user.id), listRequestsOf(user.id)]);
  const open = requests.filter((r) => r.status === "SUBMITTED" || r.status === "APPROVED" || r.status === "PROVISIONING");
  const changing = desktops.some((d) => d.state !== "AVAILABLE" && d.state !== "STOPPED") || open.length > 0;

  return (
    <div className="space-y-8">
      {changing && <AutoRefresh intervalMs={3000} />}
      <PageHeader
        title="My desktops"
        description="Your cloud desktops on Amazon WorkSpaces."
        actions={
          <Link href="/requests/new" className={buttonClass("primary")}>
            Request a desktop
          </Link>
        }
      />
      {desktops.length === 0 ? (
        <EmptyState title="You have no desktop yet">
          {open.length > 0 ? "Your request is on its way; it appears here once approved." : "Request one and it appears here once approved and created."}
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {desktops.map((d) => (
            <li key={d.id}>
              <Link href={`/desktops/${d.id}`} className="block rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-indigo-300">
                <div className="flex items-start justify-between gap-3">
                  <div>
                    <p className="font-medium">{d.bundleName}</p>
                    <p className="text-sm text-slate-600">
                      {d.platform === "WINDOWS" ? "Windows" : "Linux"} · {d.runningMode === "AUTO_STOP" ? "AutoStop" : "AlwaysOn"}
                    </p>
                  </div>
                  <StateBadge state={d.state} />
                </div>
                <p className="mt-3 text-sm text-indigo-700">{d.state === "AVAILABLE" ? "How to connect →" : "Details →"}</p>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {open.length > 0 && (
        <section aria-labelledby="open-requests">
          <h2 id="open-requests" className="mb-3 text-lg font-semibold">
            Requests in progress
          </h2>
          <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
            {open.map((r) => (
              <li key={r.id}>
                <Link href={`/requests/${r.id}`} className="flex items-center justify-between gap-3 px-4 py-3 hover:bg-slate-50">
                  <span className="text-sm">{r.bundleName}</span>
                  <StateBadge state={r.status} />
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
