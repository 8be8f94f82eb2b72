import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { listFleet } from "@/lib/desktops/queries";
import { fleetFilterSchema } from "@/lib/desktops/schema";
import { PageHeader } from "@/components/page-header";
import { StateBadge } from "@/components/state-badge";
import { EmptyState } from "@/components/empty-state";
import { Pagination } from "@/components/pagination";
import { inputClass } from "@/components/field";
import { buttonClass } from "@/components/button";
import { AutoRefresh } from "@/components/auto-refresh";

export const metadata = { title: "Fleet" };

const STATES = ["REQUESTED", "PENDING", "AVAILABLE", "STOPPED", "REBOOTING", "REBUILDING", "STARTING", "STOPPING", "TERMINATING", "TERMINATED", "ERROR", "UNHEALTHY"];

export default async function FleetPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  if (!can(user, "fleet.read")) notFound();
  const parsed = fleetFilterSchema.safeParse(await searchParams);
  const filter = parsed.success ? parsed.data : fleetFilterSchema.parse({});
  const fleet = await listFleet(filter);
  const params = Object.fromEntries(Object.entries({ q: filter.q, state: filter.state, runningMode: filter.runningMode }).filter(([, v]) => v));

  return (
    <div className="space-y-4">
      <AutoRefresh intervalMs={3000} />
      <PageHeader title="Fleet" description={`${fleet.total.toLocaleString()} desktop(s). States update live.`} />
      <form method="get" role="search" className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="q" className="block text-xs font-medium text-slate-600">
            Search
          </label>
          <input id="q" name="q" defaultValue={filter.q} placeholder="User, owner, ws-id" className={inputClass} />
        </div>
        <div>
          <label htmlFor="state" className="block text-xs font-medium text-slate-600">
            State
          </label>
          <select id="state" name="state" defaultValue={filter.state} className={inputClass}>
            <option value="">All but terminated</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="runningMode" className="block text-xs font-medium text-slate-600">
            Billing mode
          </label>
          <select id="runningMode" name="runningMode" defaultValue={filter.runningMode} className={inputClass}>
            <option value="">All</option>
            <option value="AUTO_STOP">AutoStop</option>
            <option value="ALWAYS_ON">AlwaysOn</option>
          </select>
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          Apply
        </button>
      </form>
      {fleet.rows.length === 0 ? (
        <EmptyState title="No desktops match" />
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Desktops</caption>
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2">User</th>
                <th scope="col" className="px-3 py-2">Owner</th>
                <th scope="col" className="px-3 py-2">Bundle</th>
                <th scope="col" className="px-3 py-2">Billing</th>
                <th scope="col" className="px-3 py-2">State</th>
                <th scope="col" className="px-3 py-2">WorkSpace</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {fleet.rows.map((d) => (
                <tr key={d.id} data-desktop-id={d.id}>
                  <td className="px-3 py-2">
                    <Link href={`/desktops/${d.id}`} className="font-medium text-indigo-700 underline">
                      {d.userName}
                    </Link>
                    {d.origin !== "PORTAL" && <span className="ml-2 text-xs text-amber-700">{d.origin.toLowerCase()}</span>}
                  </td>
                  <td className="px-3 py-2 text-slate-600">{d.ownerEmail ?? "—"}</td>
                  <td className="px-3 py-2">{d.bundleName}</td>
                  <td className="px-3 py-2">{d.runningMode === "AUTO_STOP" ? "AutoStop" : "AlwaysOn"}</td>
                  <td className="px-3 py-2">
                    <StateBadge state={d.state} />
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{d.workspaceId ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={fleet.page} pages={fleet.pages} params={params} basePath="/admin/fleet" />
    </div>
  );
}
