import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { listFleet } from "@/lib/desktops/queries";
import { fleetFilterSchema } from "@/lib/desktops/schema";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { Pagination } from "@/components/pagination";
import { inputClass } from "@/components/field";
import { buttonClass } from "@/components/button";
import { AutoRefresh } from "@/components/auto-refresh";
import { FleetTable } from "@/lib/bulk/components/fleet-table";

export const metadata = { title: "Fleet" };

const STATES = ["REQUESTED", "PENDING", "AVAILABLE", "STOPPED", "REBOOTING", "REBUILDING", "STARTING", "STOPPING", "TERMINATING", "TERMINATED", "ERROR", "UNHEALTHY"];

export default async function FleetPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  if (!can(user, "fleet.read")) notFound();
  const parsed = fleetFilterSchema.safeParse(await searchParams);
  const filter = parsed.success ? parsed.data : fleetFilterSchema.parse({});
  const fleet = await listFleet(filter);
  const selectionFilter = { q: filter.q, state: filter.state, runningMode: filter.runningMode };
  const params = Object.fromEntries(Object.entries({ q: filter.q, state: filter.state, runningMode: filter.runningMode }).filter(([, v]) => v));

  return (
    <div className="space-y-4">
      <AutoRefresh intervalMs={3000} />
      <PageHeader title="Fleet" description={`${fleet.total.toLocaleString()} desktop(s). States update live.${can(user, "fleet.manage") ? " Select desktops to act on many at once." : ""}`} />
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
        // Keyed by the filter: a new filter starts a new selection.
        <FleetTable key={JSON.stringify(selectionFilter)} rows={fleet.rows} total={fleet.total} filter={selectionFilter} manage={can(user, "fleet.manage")} />
      )}
      <Pagination page={fleet.page} pages={fleet.pages} params={params} basePath="/admin/fleet" />
    </div>
  );
}
