import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";
import { AutoRefresh } from "@/components/auto-refresh";
import { StepChecklist } from "@/lib/directories/components/step-checklist";
import { loadCleanUp } from "@/lib/directories/clean-up/queries";
import { RetryCleanUpButton } from "@/lib/directories/clean-up/components/retry-clean-up-button";

export const metadata = { title: "Clean-up progress" };
export const dynamic = "force-dynamic";

export default async function CleanUpProgressPage({ params }: { params: Promise<{ operationId: string }> }) {
  const { operationId } = await params;
  const user = await requireUser(`/admin/directories/clean-up/${operationId}`);
  if (!can(user, "directory.manage")) notFound();
  const view = await loadCleanUp(operationId);
  if (!view) notFound();
  const running = view.status === "QUEUED" || view.status === "RUNNING";
  return (
    <div className="space-y-6">
      {running && <AutoRefresh intervalMs={2000} />}
      <PageHeader title={`Clean-up of ${view.directoryName}`} description={running ? "Running. This page refreshes by itself." : view.status === "SUCCEEDED" ? "Done: nothing of it is left." : "Stopped at a failed step."} />
      <Card title="Progress">
        <StepChecklist steps={view.steps} testId="clean-up-progress" />
      </Card>
      {view.status === "FAILED" && <RetryCleanUpButton operationId={view.id} />}
      <Link href="/admin/directories" className="text-sm font-medium text-indigo-700 underline">
        All directories
      </Link>
    </div>
  );
}
