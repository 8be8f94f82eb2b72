import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { listRecommendations } from "@/lib/billing/queries";
import { BillingNav } from "@/lib/billing/components/billing-nav";
import { RecommendationTable } from "@/lib/billing/components/recommendation-table";
import { CostPolicyPanel } from "@/lib/billing/components/cost-policy-panel";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";
import { Time } from "@/components/time";

export const metadata = { title: "Recommendations" };

export default async function RecommendationsPage() {
  const user = await requireUser();
  if (!can(user, "billing.manage")) notFound();
  const { rows, policy, lastSampleAt } = await listRecommendations();
  return (
    <div className="space-y-6">
      <div>
        <PageHeader
          title="Recommendations"
          description="Projected hours this month against each bundle's break-even. AutoStop → AlwaysOn takes effect at once; AlwaysOn → AutoStop from 00:00 UTC on the 1st of next month."
        />
        <BillingNav current="recommendations" showAdmin />
        <p className="mb-3 text-xs text-slate-500">
          Usage last sampled {lastSampleAt ? <Time iso={lastSampleAt} relative /> : "never"}.
          {policy.lastAutoRunAt && (
            <>
              {" "}
              The policy last ran <Time iso={policy.lastAutoRunAt} relative />.
            </>
          )}
        </p>
        <RecommendationTable rows={rows} />
      </div>
      <Card title="Cost policy">
        <CostPolicyPanel policy={policy} />
      </Card>
    </div>
  );
}
