import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { getConfig } from "@/lib/config";
import { listPriceRows } from "@/lib/billing/prices/queries";
import { BillingNav } from "@/lib/billing/components/billing-nav";
import { PriceTable } from "@/lib/billing/prices/components/price-table";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/alert";

export const metadata = { title: "Prices" };

export default async function PricesPage() {
  const user = await requireUser();
  if (!can(user, "billing.manage")) notFound();
  const { rows, unpricedBundles } = await listPriceRows();
  return (
    <div>
      <PageHeader
        title="Prices"
        description="List prices per region, compute type and platform. Break-even: hours a month above which AlwaysOn is cheaper, (AlwaysOn − AutoStop monthly) ÷ hourly."
      />
      <BillingNav current="prices" showAdmin />
      {unpricedBundles.length > 0 && (
        <div className="mb-4">
          <Alert tone="warning">
            No price for: {unpricedBundles.map((b) => `${b.name} (${b.computeType}, ${b.platform.toLowerCase()}, ${b.region})`).join("; ")}.
          </Alert>
        </div>
      )}
      <PriceTable rows={rows} defaultRegion={getConfig().awsRegion} />
    </div>
  );
}
