import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/card";
import { Alert } from "@/components/alert";
import { AutoRefresh } from "@/components/auto-refresh";
import { StateBadge } from "@/components/state-badge";
import { buttonClass } from "@/components/button";
import { loadDirectoryCreation } from "@/lib/directories/create/queries";

export const metadata = { title: "Directory creation" };
export const dynamic = "force-dynamic";

const STEP_LABEL: Record<string, string> = { QUEUED: "Waiting to be sent to AWS", RUNNING: "Being sent to AWS", SUCCEEDED: "Accepted by AWS", FAILED: "Refused by AWS" };

export default async function DirectoryCreationPage({ params }: { params: Promise<{ operationId: string }> }) {
  const { operationId } = await params;
  const user = await requireUser(`/admin/directories/new/${operationId}`);
  if (!can(user, "directory.create")) notFound();
  const view = await loadDirectoryCreation(operationId);
  if (!view) notFound();

  const settled = view.operationStatus === "FAILED" || (view.stage !== undefined && !["Requested", "Creating"].includes(view.stage));
  return (
    <div className="space-y-6">
      {!settled && <AutoRefresh intervalMs={2000} />}
      <PageHeader title={view.name} description={`${view.typeLabel}${view.directoryId ? ` · ${view.directoryId}` : ""}`} />
      <Card title="State">
        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="font-medium">Request</dt>
          <dd>{STEP_LABEL[view.operationStatus] ?? view.operationStatus}</dd>
          <dt className="font-medium">Directory</dt>
          <dd aria-live="polite" data-testid="directory-stage">
            {view.stage ? <StateBadge state={view.stage.toUpperCase()} label={view.stage} /> : "Not created yet"}
          </dd>
        </dl>
      </Card>
      {view.failure && (
        <Alert tone="error">
          AWS refused the directory: {view.failure.code}: {view.failure.message}
        </Alert>
      )}
      {view.stage === "Failed" && (
        <Alert tone="error">
          The directory failed{view.stageReason ? `: ${view.stageReason}` : "."} Delete it in AWS or fix the cause and create it again.
        </Alert>
      )}
      {view.readError && <Alert tone="warning">Directory Service could not be read: {view.readError}</Alert>}
      {view.stage === "Active" && view.directoryId && (
        <Alert tone="success">
          <span className="block">The directory is Active. Register it with WorkSpaces so that desktops can be created in it.</span>
          <Link href={`/admin/directories/${view.directoryId}`} className={buttonClass("primary", "mt-2")}>
            Register it with WorkSpaces
          </Link>
        </Alert>
      )}
      {!settled && <p className="text-sm text-slate-600">This page refreshes by itself. Simple AD and AD Connector take minutes, Managed AD longer.</p>}
      <Link href="/admin/directories/new" className="text-sm font-medium text-indigo-700 underline">
        Create another directory
      </Link>
    </div>
  );
}
