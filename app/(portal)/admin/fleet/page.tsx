import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { fleetDirectoryOptions, fleetPageJson, listFleet } from "@/lib/desktops/queries";
import { fleetFilterSchema, fleetSearchParams, fleetSortLinks } from "@/lib/desktops/schema";
import { FLEET_FILTER_STATES } from "@/lib/desktops/desktop-state";
import { PageHeader } from "@/components/page-header";
import { buttonClass } from "@/components/button";
import { Pagination } from "@/components/pagination";
import { FilterForm, FilterInput, FilterSelect } from "@/components/filter-form";
import { LiveFleet } from "@/lib/desktops/components/live-fleet";

export const metadata = { title: "Fleet" };

const STATE_OPTIONS = [["", "All but terminated"], ...FLEET_FILTER_STATES.map((s) => [s, s.toLowerCase()] as const)] as const;
const MODE_OPTIONS = [
  ["", "All"],
  ["AUTO_STOP", "AutoStop"],
  ["ALWAYS_ON", "AlwaysOn"],
] as const;
const SORT_OPTIONS = [
  ["created", "Created"],
  ["lastConnection", "Last connection"],
  ["user", "User"],
  ["owner", "Owner"],
  ["bundle", "Bundle"],
  ["state", "State"],
  ["mode", "Billing mode"],
] as const;

export default async function FleetPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  if (!can(user, "fleet.read")) notFound();
  const parsed = fleetFilterSchema.safeParse(await searchParams);
  const filter = parsed.success ? parsed.data : fleetFilterSchema.parse({});
  const [fleet, directories] = await Promise.all([listFleet(filter), fleetDirectoryOptions()]);
  const directoryOptions = [["", "All directories"], ...directories.map((d) => [d.id, `${d.name} (${d.id})`] as const)] as const;
  const query = fleetSearchParams(filter).toString();
  const selectionFilter = { q: filter.q, state: filter.state, runningMode: filter.runningMode, directoryId: filter.directoryId };
  const params = Object.fromEntries(fleetSearchParams(filter, ["page"]));
  const exportQuery = fleetSearchParams(filter, ["page"]).toString();

  return (
    <div className="space-y-4">
      <PageHeader
        title="Fleet"
        description={`States update live.${can(user, "fleet.manage") ? " Select desktops to act on many at once." : ""}`}
        actions={
          // A plain link: the file is made when asked for, never prefetched.
          <a href={`/admin/fleet/export.csv${exportQuery ? `?${exportQuery}` : ""}`} className={buttonClass("secondary")} download>
            Download CSV
          </a>
        }
      />
      {/* Keyed by the list: after a header link changes the order, the fields show the new URL. */}
      <FilterForm key={`filter?${query}`} label="Filter the fleet">
        <FilterInput id="q" label="Search" defaultValue={filter.q} placeholder="User, owner, ws-id, bundle, tag" />
        <FilterSelect id="state" label="State" defaultValue={filter.state} options={STATE_OPTIONS} />
        <FilterSelect id="runningMode" label="Billing mode" defaultValue={filter.runningMode} options={MODE_OPTIONS} />
        <FilterSelect id="directoryId" label="Directory" defaultValue={filter.directoryId} options={directoryOptions} />
        <FilterSelect id="sort" label="Sort by" defaultValue={filter.sort} options={SORT_OPTIONS} />
        {/* The direction last chosen with a column header (empty: the column's own). */}
        {filter.dir && <input type="hidden" name="dir" value={filter.dir} />}
      </FilterForm>
      {/* Keyed by the list asked for: another filter, page or order starts from the server's rows. */}
      <LiveFleet
        key={`list?${query}`}
        initial={fleet}
        version={fleetPageJson(fleet).etag}
        query={query}
        filter={selectionFilter}
        manage={can(user, "fleet.manage")}
        sortLinks={fleetSortLinks(filter)}
      />
      <Pagination page={fleet.page} pages={fleet.pages} params={params} basePath="/admin/fleet" />
    </div>
  );
}
