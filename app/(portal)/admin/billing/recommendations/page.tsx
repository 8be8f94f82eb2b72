import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { listRecommendations } from "@/lib/billing/costs/queries";
import { recommendationFilterSchema } from "@/lib/billing/costs/schema";
import { formatMoney } from "@/lib/billing/prices/price";
import { BillingNav } from "@/lib/billing/components/billing-nav";
import { RecommendationTable } from "@/lib/billing/costs/components/recommendation-table";
import { CostPolicyPanel } from "@/lib/billing/costs/components/cost-policy-panel";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";
import { Time } from "@/components/time";
import { Pagination } from "@/components/pagination";
import { FilterForm, FilterInput, FilterSelect } from "@/components/filter-form";

export const metadata = { title: "Recommendations" };

const SHOW = [
  ["all", "All desktops"],
  ["switch", "Ready to switch"],
  ["blocked", "Switch waiting"],
  ["keep", "Keep as is"],
] as const;

export default async function RecommendationsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  if (!can(user, "billing.manage")) notFound();
  const parsed = recommendationFilterSchema.safeParse(await searchParams);
  const filter = parsed.success ? parsed.data : recommendationFilterSchema.parse({});
  const list = await listRecommendations(filter);
  const { counts, policy, lastSampleAt } = list;
  const params = Object.fromEntries(Object.entries({ q: filter.q, show: filter.show === "all" ? "" : filter.show }).filter(([, v]) => v));
  const filtered = filter.q !== "" || filter.show !== "all";

  return (
    <div className="space-y-6">
      <div>
        <PageHeader
          title="Recommendations"
          description="Projected hours this month against each bundle's break-even. AutoStop → AlwaysOn takes effect at once; AlwaysOn → AutoStop from 00:00 UTC on the 1st of next month."
        />
        <BillingNav current="recommendations" showAdmin />
        <p className="mb-3 text-sm text-slate-700" data-testid="recommendation-counts">
          <strong>{counts.switch.toLocaleString()}</strong> ready to switch
          {counts.switch > 0 && <> (saving {formatMoney(counts.monthlySaving, counts.currency)} a month)</>}, <strong>{counts.blocked.toLocaleString()}</strong> switch(es) waiting,{" "}
          <strong>{counts.keep.toLocaleString()}</strong> to keep as they are.
        </p>
        <p className="mb-3 text-xs text-slate-500">
          Usage last sampled {lastSampleAt ? <Time iso={lastSampleAt} relative /> : "never"}.
          {policy.lastAutoRunAt && (
            <>
              {" "}
              The policy last ran <Time iso={policy.lastAutoRunAt} relative />.
            </>
          )}
        </p>
        <div className="mb-3">
          <FilterForm label="Filter recommendations">
            <FilterInput id="q" label="Search" defaultValue={filter.q} placeholder="User, owner, ws-id" />
            <FilterSelect id="show" label="Show" defaultValue={filter.show} options={SHOW} />
          </FilterForm>
        </div>
        <RecommendationTable rows={list.rows} emptyTitle={filtered ? "No desktops match" : "No desktops to look at yet"} />
        <div className="mt-3">
          <Pagination page={list.page} pages={list.pages} params={params} basePath="/admin/billing/recommendations" />
        </div>
      </div>
      <Card title="Cost policy">
        <CostPolicyPanel policy={policy} />
      </Card>
    </div>
  );
}
