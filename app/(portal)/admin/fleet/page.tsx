import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { listFleet } from "@/lib/desktops/queries";
import { fleetFilterSchema } from "@/lib/desktops/schema";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { Pagination } from "@/components/pagination";
import { FilterForm, FilterInput, FilterSelect } from "@/components/filter-form";
import { AutoRefresh } from "@/components/auto-refresh";
import { FleetTable } from "@/lib/desktops/components/fleet-table";

export const metadata = { title: "Fleet" };

const STATES = ["REQUESTED", "PENDING", "AVAILABLE", "STOPPED", "REBOOTING", "REBUILDING", "STARTING", "STOPPING", "TERMINATING", "TERMINATED", "ERROR", "UNHEALTHY"];
const STATE_OPTIONS = [["", "All but terminated"], ...STATES.map((s) => [s, s.toLowerCase()] as const)] as const;
const MODE_OPTIONS = [
  ["", "All"],
  ["AUTO_STOP", "AutoStop"],
  ["ALWAYS_ON", "AlwaysOn"],
] as const;

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
      <FilterForm label="Filter the fleet">
        <FilterInput id="q" label="Search" defaultValue={filter.q} placeholder="User, owner, ws-id" />
        <FilterSelect id="state" label="State" defaultValue={filter.state} options={STATE_OPTIONS} />
        <FilterSelect id="runningMode" label="Billing mode" defaultValue={filter.runningMode} options={MODE_OPTIONS} />
      </FilterForm>
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
