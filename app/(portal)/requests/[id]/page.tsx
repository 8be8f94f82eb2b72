import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { getRequestDetail, loadRequestForPolicy } from "@/lib/requests/queries";
import { requestFailureNotice } from "@/lib/notifications/queries";
import { failureNoticeWords } from "@/lib/notifications/failure-notice-words";
import { CancelRequestButton } from "@/lib/requests/components/cancel-request-button";
import { PageHeader } from "@/components/page-header";
import { StateBadge } from "@/components/state-badge";
import { Card } from "@/components/card";
import { Alert } from "@/components/alert";
import { AutoRefresh } from "@/components/auto-refresh";
import { Time } from "@/components/time";
import { plural } from "@/lib/plural";

export const metadata = { title: "Request" };

const IN_FLIGHT = ["SUBMITTED", "APPROVED", "PROVISIONING"];

export default async function RequestPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ submitted?: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const { submitted } = await searchParams;
  const policyView = await loadRequestForPolicy(id);
  if (!policyView || !can(user, "request.read", policyView)) notFound();
  const request = (await getRequestDetail(id))!;
  const isApproverView = can(user, "request.review");
  const showsAwsReason = isApproverView && request.failureCode !== null;
  const notice = request.status === "FAILED" ? await requestFailureNotice(request.id) : null;
  // A notice about to be sent changes the page's words in a moment; one being retried does not.
  const noticeDue = notice?.state === "queued" && !notice.retrying;

  return (
    <div className="max-w-3xl space-y-6">
      {(IN_FLIGHT.includes(request.status) || noticeDue) && <AutoRefresh intervalMs={1500} />}
      <PageHeader
        title={request.bundleName}
        description={`Requested by ${request.requesterName}`}
        actions={can(user, "request.cancel", policyView) ? <CancelRequestButton requestId={request.id} /> : undefined}
      />
      {submitted && request.status === "SUBMITTED" && <Alert tone="success">Your request was submitted. An approver will review it.</Alert>}

      <Card title="Status">
        <div className="flex flex-wrap items-center gap-3" aria-live="polite">
          <StateBadge state={request.status} />
          {request.desktopState && request.desktopId && (
            <Link href={`/desktops/${request.desktopId}`} className="text-sm font-medium text-indigo-700 underline">
              Desktop: {request.desktopState.toLowerCase()} →
            </Link>
          )}
        </div>
        {request.provisioning && request.provisioning.attempts > 0 && request.provisioning.lastError && (
          <div className="mt-3">
            <Alert tone="warning">
              AWS has not accepted the desktop yet; the portal keeps trying (attempt {request.provisioning.attempts}, next{" "}
              <Time iso={request.provisioning.nextAttemptAt} relative />).
              {isApproverView && ` Last answer: ${request.provisioning.lastErrorCode ?? "error"} — ${request.provisioning.lastError}`}
            </Alert>
          </div>
        )}
        {request.status === "REJECTED" && (
          <div className="mt-3">
            <Alert tone="error">
              Rejected by {request.deciderName ?? "an approver"}: <span data-testid="decision-reason">{request.decisionReason}</span>
            </Alert>
          </div>
        )}
        {notice && (
          <div className="mt-3">
            <Alert tone="error">
              The desktop could not be created.
              {showsAwsReason && ` AWS said ${request.failureCode}: ${(request.failureMessage ?? "").replace(/\.?$/, ".")}`}{" "}
              <span data-testid="admin-notice">{failureNoticeWords(notice, { isAdmin: can(user, "notification.manage"), asksServiceDesk: !showsAwsReason })}</span>
            </Alert>
          </div>
        )}
      </Card>

      <Card title="Request">
        <dl className="space-y-2 text-sm">
          <div>
            <dt className="text-slate-500">Billing mode</dt>
            <dd className="font-medium">
              {request.runningMode === "AUTO_STOP" ? `AutoStop, stops after ${plural(request.autoStopTimeoutHours ?? 1, "idle hour")}` : "AlwaysOn"}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Directory user</dt>
            <dd className="font-medium">
              {request.userName} ({request.directoryName})
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Justification</dt>
            <dd data-testid="justification" className="whitespace-pre-wrap break-words">
              {request.justification}
            </dd>
          </div>
        </dl>
      </Card>

      <Card title="History">
        <ol className="space-y-3 border-l-2 border-slate-200 pl-4">
          {request.events.map((e) => (
            <li key={e.id} className="text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <StateBadge state={e.status} />
                <span className="text-xs text-slate-500">
                  <Time iso={e.at} />
                </span>
              </div>
              <p className="mt-1 break-words">{e.message}</p>
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
