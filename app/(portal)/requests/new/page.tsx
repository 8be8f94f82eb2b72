import { requireUser } from "@/lib/auth/session";
import { requestDirectoryOf } from "@/lib/requests/queries";
import { getConfig } from "@/lib/config";
import { listRequestableBundles } from "@/lib/catalog/queries";
import { listBundlePrices } from "@/lib/billing/prices/queries";
import { RequestForm } from "@/lib/requests/components/request-form";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { loadGuardrailForUser } from "@/lib/guardrails/queries";
import { computeProblem } from "@/lib/guardrails/rules";

export const metadata = { title: "Request a desktop" };

export default async function NewRequestPage() {
  const user = await requireUser();
  const [offered, prices, guardrail, account] = await Promise.all([
    listRequestableBundles(user.id),
    listBundlePrices(),
    loadGuardrailForUser(user.id),
    requestDirectoryOf(user.id),
  ]);
  // Bundles larger than the directory allows this role are not offered (the server refuses them too).
  const bundles = offered.filter((b) => !computeProblem(guardrail, user.role, b.computeType));
  return (
    <div className="max-w-3xl">
      <PageHeader title="Request a desktop" description="An approver reviews your request; you can follow it here and will see how to connect once it is ready." />
      {/* The desktop goes to the directory the person's account is in: say which, before they fill anything in. */}
      {account && (
        <p className="mb-4 text-sm text-slate-700" data-testid="request-directory">
          Your desktop will be in the directory <span className="font-medium">{account.directoryName}</span>, for your directory user{" "}
          <span className="font-medium">{account.userName}</span>.
        </p>
      )}
      {bundles.length === 0 ? (
        <EmptyState title="No desktop types are offered to you right now">The catalogue is being refreshed from AWS, or no desktop type is offered to you yet. Try again in a minute, or ask an administrator.</EmptyState>
      ) : (
        <RequestForm bundles={bundles} defaultTimeoutHours={getConfig().defaultAutoStopHours} prices={prices} requiredTags={guardrail.requiredTags} />
      )}
    </div>
  );
}
