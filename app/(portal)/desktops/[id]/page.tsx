import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { getDesktopView, loadDesktopForPolicy } from "@/lib/desktops/queries";
import { volumeEncryptionText } from "@/lib/desktops/volume-encryption";
import { DesktopActions } from "@/lib/desktops/components/desktop-actions";
import { ConnectInstructions } from "@/lib/desktops/components/connect-instructions";
import { getDesktopBillingView } from "@/lib/billing/queries";
import { BillingCard } from "@/lib/billing/components/billing-card";
import { CHANGING_STATES, DESKTOP_ACTIONS, type DesktopAction } from "@/lib/desktops/desktop-state";
import { getResizeView } from "@/lib/desktops/resize/queries";
import { ResizeCard } from "@/lib/desktops/resize/components/resize-card";
import { RESIZE_OPERATION_TYPES } from "@/lib/desktops/resize/operation-types";
import { PageHeader } from "@/components/page-header";
import { DesktopStateBadge } from "@/lib/desktops/components/desktop-state-badge";
import { Card } from "@/components/card";
import { Alert } from "@/components/alert";
import { AutoRefresh } from "@/components/auto-refresh";
import { Time } from "@/components/time";
import { listMigrationTargets, loadMigrationFacts } from "@/lib/desktops/migrate/queries";
import { checkMigration } from "@/lib/desktops/migrate/rules";
import { MigrateDesktop } from "@/lib/desktops/migrate/components/migrate-desktop";
import { checkRestore } from "@/lib/desktops/restore/rules";
import { lastRestoreSnapshot } from "@/lib/desktops/restore/queries";
import { RestoreDesktop } from "@/lib/desktops/restore/components/restore-desktop";

export const metadata = { title: "Desktop" };

const CHANGING: readonly string[] = [...CHANGING_STATES, "REQUESTED"];

export default async function DesktopPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const policyView = await loadDesktopForPolicy(id);
  // Someone else's desktop is reported as not found, so ids cannot be probed.
  if (!policyView || !can(user, "desktop.read", policyView)) notFound();
  const desktop = (await getDesktopView(id))!;
  const permitted = Object.fromEntries(DESKTOP_ACTIONS.map((a) => [a, can(user, `desktop.${a}`, policyView)])) as Record<DesktopAction, boolean>;
  const isAdminView = can(user, "fleet.read");
  const failedCreatePermitted = { retry: can(user, "desktop.retry", policyView), remove: can(user, "desktop.remove", policyView) };
  const billing = await getDesktopBillingView(id);
  // AWS suspends a desktop while it makes an image from it: no actions are offered until it is back.
  const imaging = desktop.state === "SUSPENDED";
  // An admin migrates; the owner asks an approver (the same dialog, with the month's cost change).
  const migratePurpose = can(user, "desktop.migrate", policyView) ? "change" : can(user, "desktop.migrate.request", policyView) ? "request" : null;
  const restore = can(user, "desktop.restore", policyView) ? await restoreView(desktop) : null;
  const billingPermitted = {
    change: !imaging && can(user, "desktop.billing.change", policyView),
    request: !imaging && can(user, "desktop.billing.request", policyView),
    decide: billing?.openRequest ? can(user, "billing.request.decide", { requesterId: billing.openRequest.requesterId, status: "SUBMITTED" }) : false,
    seeAwsErrors: isAdminView,
  };
  const resize = await getResizeView(id);
  const resizePurpose = can(user, "desktop.resize.change", policyView) ? "change" : can(user, "desktop.resize.request", policyView) ? "request" : null;
  const migration = migratePurpose ? await migrationView(id, desktop.pendingAction, migratePurpose === "request" && Boolean(resize?.openRequest)) : null;
  const resizeDecide = resize?.openRequest ? can(user, "resize.request.decide", { requesterId: resize.openRequest.requesterId, status: "SUBMITTED" }) : false;
  // A refused compute or volume change is explained in the Size card, in plain words.
  const lastFailure = desktop.lastFailure && !(RESIZE_OPERATION_TYPES as readonly string[]).includes(desktop.lastFailure.action) ? desktop.lastFailure : null;

  return (
    <div className="space-y-6">
      <AutoRefresh intervalMs={desktop.pendingAction || CHANGING.includes(desktop.state) ? 1000 : 5000} />
      <PageHeader
        title={`${desktop.bundleName}`}
        description={`${desktop.platform === "WINDOWS" ? "Windows" : "Linux"} · ${desktop.computeType.toLowerCase()} · ${
          desktop.runningMode === "AUTO_STOP" ? `AutoStop after ${desktop.autoStopTimeoutHours} h idle` : "AlwaysOn"
        }`}
      />
      <Card title="Status">
        <div className="flex flex-wrap items-center gap-3" aria-live="polite">
          <DesktopStateBadge state={desktop.state} />
          {desktop.pendingAction && <span className="text-sm text-slate-600">{desktop.pendingAction.toLowerCase().replaceAll("_", " ")} in progress…</span>}
          <span className="text-xs text-slate-500">
            since <Time iso={desktop.stateChangedAt} relative />
          </span>
        </div>
        {desktop.state === "REQUESTED" && <p className="mt-3 text-sm text-slate-600">Approved; waiting for AWS to start creating the desktop.</p>}
        {desktop.state === "PENDING" && <p className="mt-3 text-sm text-slate-600">AWS is creating your desktop. This usually takes up to 20 minutes.</p>}
        {imaging && (
          <p className="mt-3 text-sm text-slate-600" data-testid="imaging-note">
            AWS is making an image from this desktop. It is unavailable meanwhile, which can take up to 45 minutes; it comes back by itself
            and nothing can be done to it until then.
          </p>
        )}
        {desktop.state === "ERROR" &&
          (desktop.failedCreate ? (
            <Alert tone="error">
              This desktop could not be created, so it does not exist in AWS.{" "}
              {failedCreatePermitted.retry ? "Retry the create (once its cause is fixed) or remove it." : "An administrator can retry the create or remove it."}
            </Alert>
          ) : (
            <Alert tone="error">
              AWS reports this desktop is in error.{" "}
              {permitted.terminate
                ? "You can rebuild or terminate it."
                : permitted.rebuild
                  ? "You can rebuild it; an administrator can also terminate it."
                  : "An administrator can rebuild or terminate it."}
            </Alert>
          ))}
        {lastFailure && (
          <div className="mt-3">
            <Alert tone="error">
              The last {lastFailure.action.toLowerCase()} failed
              {isAdminView && lastFailure.code ? `: ${lastFailure.code} — ${lastFailure.message}` : "."}
            </Alert>
          </div>
        )}
        {!imaging && (
        <div className="mt-4">
          <DesktopActions
            desktopId={desktop.id}
            userName={desktop.userName}
            verdicts={desktop.verdicts}
            permitted={permitted}
            busy={Boolean(desktop.pendingAction) || CHANGING.includes(desktop.state)}
            failedCreate={desktop.failedCreate && { verdict: desktop.failedCreate, permitted: failedCreatePermitted }}
          />
        </div>
        )}
        {migration && !desktop.failedCreate && !imaging && (
          <div className="mt-4 border-t border-slate-100 pt-4">
            <MigrateDesktop desktopId={desktop.id} choices={migration.choices} verdict={migration.verdict} purpose={migratePurpose ?? "change"} />
          </div>
        )}
        {restore && !desktop.failedCreate && !imaging && (
          <div className="mt-4 border-t border-slate-100 pt-4">
            <RestoreDesktop desktopId={desktop.id} verdict={restore.verdict} snapshot={restore.snapshot} />
          </div>
        )}
      </Card>

      {desktop.state === "AVAILABLE" || desktop.state === "STOPPED" || desktop.state === "REBOOTING" || desktop.state === "STARTING" ? (
        <Card title="How to connect">
          <ConnectInstructions registrationCode={desktop.registrationCode} userName={desktop.userName} webAccess={desktop.webAccess} computeType={desktop.computeType} />
        </Card>
      ) : null}

      {resize && <ResizeCard view={resize} purpose={resizePurpose} canDecide={resizeDecide} showAwsErrors={isAdminView} />}

      {billing && <BillingCard view={billing} permitted={billingPermitted} currentUserId={user.id} />}

      <Card title="Details">
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <Detail label="WorkSpace id" value={desktop.workspaceId ?? "not created yet"} />
          <Detail label="Directory" value={desktop.directoryName} />
          <Detail label="User name" value={desktop.userName} />
          {isAdminView && <Detail label="Owner" value={desktop.ownerEmail ?? "not linked"} />}
          <Detail label="Computer name" value={desktop.computerName ?? "—"} />
          <Detail label="IP address" value={desktop.ipAddress ?? "—"} />
          <Detail label="Volume encryption" value={volumeEncryptionText(desktop.encryption)} />
        </dl>
        {desktop.requestId && (
          <Link href={`/requests/${desktop.requestId}`} className="mt-4 inline-block text-sm font-medium text-indigo-700 underline">
            View the request and its history
          </Link>
        )}
      </Card>
    </div>
  );
}

async function migrationView(desktopId: string, pendingAction: string | null, openRequest: boolean) {
  const facts = await loadMigrationFacts(desktopId);
  if (!facts) return null;
  const verdict = pendingAction
    ? inProgress(pendingAction)
    : openRequest
      ? { allowed: false as const, reason: "A change request for this desktop is already waiting for a decision." }
      : checkMigration(facts);
  return { verdict, choices: verdict.allowed ? await listMigrationTargets(desktopId) : [] };
}

const inProgress = (pendingAction: string) => ({ allowed: false as const, reason: `A ${pendingAction.toLowerCase().replaceAll("_", " ")} is already in progress.` });

// The snapshot time is read from AWS only when a restore is possible now.
async function restoreView(desktop: { state: string; workspaceId: string | null; pendingAction: string | null }) {
  const verdict = desktop.pendingAction ? inProgress(desktop.pendingAction) : checkRestore(desktop);
  const snapshot = verdict.allowed && desktop.workspaceId ? await lastRestoreSnapshot(desktop.workspaceId) : ({ kind: "unknown" } as const);
  return { verdict, snapshot };
}

function Detail({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex justify-between gap-4 border-b border-slate-100 py-1 sm:block">
      <dt className="text-slate-500">{label}</dt>
      <dd className="font-medium break-all">{value}</dd>
    </div>
  );
}
