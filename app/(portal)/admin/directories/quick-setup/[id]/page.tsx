import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";
import { Alert } from "@/components/alert";
import { AutoRefresh } from "@/components/auto-refresh";
import { StepChecklist } from "@/lib/directories/components/step-checklist";
import { StateBadge } from "@/components/state-badge";
import { loadQuickSetup } from "@/lib/directories/quick-setup/queries";
import { RetryStepForm } from "@/lib/directories/quick-setup/components/retry-step-form";

export const metadata = { title: "Quick set-up checklist" };
export const dynamic = "force-dynamic";

export default async function QuickSetupChecklistPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/admin/directories/quick-setup/${id}`);
  if (!can(user, "directory.create")) notFound();
  const view = await loadQuickSetup(id);
  if (!view) notFound();
  const running = view.status === "QUEUED" || view.status === "RUNNING";
  return (
    <div className="space-y-6">
      {running && <AutoRefresh intervalMs={2000} />}
      <PageHeader title={`Quick set-up: ${view.directoryName}`} description={running ? "Running. This page refreshes by itself." : view.status === "SUCCEEDED" ? "Done." : "Stopped at a failed step."} />
      <Card title="Checklist">
        <StepChecklist steps={view.steps} testId="quick-setup-checklist" />
      </Card>
      {view.users.length > 0 && (
        <Alert tone="info">
          The users {view.users.join(", ")} get the initial passwords shown once when the set-up was confirmed (or retried); each chooses their own at the first sign-in.
        </Alert>
      )}
      {view.desktops.length > 0 && (
        <Card title="First desktops">
          <ul className="space-y-1 text-sm">
            {view.desktops.map((d) => (
              <li key={d.id}>
                {d.userName}: <StateBadge state={d.state} /> {d.workspaceId && <span className="font-mono">{d.workspaceId}</span>}
                {d.failure && <span className="block text-red-700">{d.failure}</span>}
              </li>
            ))}
          </ul>
        </Card>
      )}
      {view.status === "FAILED" && (
        <Card title="Retry">
          <RetryStepForm setupId={view.id} needsPassword={view.needsPassword} />
        </Card>
      )}
      {view.directoryId && (
        <p className="flex flex-wrap gap-4 text-sm">
          <Link href={`/admin/directories/${view.directoryId}`} className="font-medium text-indigo-700 underline">
            The directory
          </Link>
          <Link href={`/admin/directories/${view.directoryId}/clean-up`} className="font-medium text-indigo-700 underline">
            Clean up this set-up
          </Link>
        </p>
      )}
    </div>
  );
}
