import { Alert } from "@/components/alert";
import { Card } from "@/components/card";
import { StateBadge } from "@/components/state-badge";
import { formatMoney } from "../prices/price";
import type { DesktopBillingView } from "../queries";
import { BillingModeForm } from "./billing-mode-form";
import { CancelChangeButton, DecideRequestControls, WithdrawRequestButton } from "./billing-request-controls";
import { modeText } from "./mode-label";
import { UtcDate } from "./utc-date";

export type BillingPermissions = { change: boolean; request: boolean; decide: boolean; seeAwsErrors: boolean };

// The desktop page's Billing card: mode, what is scheduled, this month's cost, the recommendation,
// the controls the viewer may use, and the desktop's billing history.
export function BillingCard({ view, permitted, currentUserId }: { view: DesktopBillingView; permitted: BillingPermissions; currentUserId: string }) {
  const money = (n: number) => formatMoney(n, view.cost?.currency ?? "USD");
  const r = view.recommendation;
  return (
    <Card title="Billing">
      <div className="space-y-4 text-sm">
        <p>
          Billing mode: <strong data-testid="billing-mode">{modeText(view.mode, view.autoStopTimeoutHours)}</strong>
          {view.awaitingAws && <span className="ml-2 text-slate-600">· waiting for AWS to apply it…</span>}
        </p>
        {view.lastFailure && (
          <Alert tone="error">
            AWS refused the last billing-mode change
            {permitted.seeAwsErrors && view.lastFailure.code ? `: ${view.lastFailure.code} — ${view.lastFailure.message}` : "."}
          </Alert>
        )}
        {view.pending && (
          <div className="flex flex-wrap items-center gap-3 rounded-md bg-amber-50 p-3 ring-1 ring-amber-200" data-testid="pending-change">
            <StateBadge state="PENDING" label="Pending" />
            <span>
              Switches to <strong>{modeText(view.pending.toMode, view.pending.autoStopTimeoutHours)}</strong> on <UtcDate iso={view.pending.effectiveAt} />.
            </span>
            {permitted.change && <CancelChangeButton changeId={view.pending.id} />}
          </div>
        )}

        {view.cost ? (
          <dl className="grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-4">
            <Figure label={`${view.cost.monthLabel} so far`} value={money(view.cost.toDate)} testId="cost-to-date" />
            <Figure label="Projected for the month" value={money(view.cost.projected)} testId="cost-projected" />
            <Figure label="Connected this month" value={`${view.cost.connectedHoursToDate.toFixed(1)} h`} />
            <Figure label="Break-even" value={`${Math.round(view.cost.breakEvenHours)} h / month`} />
          </dl>
        ) : (
          <p className="text-slate-600">
            {view.costUnavailable === "NOT_CREATED"
              ? "Costs are counted once AWS has created the desktop."
              : "No price is defined for this desktop's bundle and region, so its cost is not shown."}
          </p>
        )}
        {r && r.action !== "KEEP" && !r.blocker && (
          <p data-testid="billing-recommendation">
            <strong>{r.action === "SWITCH_TO_ALWAYS_ON" ? "AlwaysOn" : "AutoStop"} would be cheaper</strong>: about {Math.round(r.projectedHours)} h projected this
            month against a break-even of {Math.round(r.breakEvenHours)} h; saves about {money(r.monthlySaving)} a month.
          </p>
        )}

        {view.openRequest && (
          <div className="space-y-2 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="billing-request">
            <p>
              <StateBadge state="SUBMITTED" label="Awaiting approval" /> {view.openRequest.requesterName} asked for{" "}
              <strong>{modeText(view.openRequest.toMode, view.openRequest.autoStopTimeoutHours)}</strong>: “{view.openRequest.reason}”
            </p>
            {view.openRequest.requesterId === currentUserId && <WithdrawRequestButton requestId={view.openRequest.id} />}
            {permitted.decide && view.openRequest.requesterId !== currentUserId && <DecideRequestControls requestId={view.openRequest.id} />}
          </div>
        )}
        {!view.openRequest && view.lastDecision && view.lastDecision.status === "REJECTED" && (
          <p className="text-slate-600">
            Your last request ({modeText(view.lastDecision.toMode)}) was rejected{view.lastDecision.decisionReason ? `: ${view.lastDecision.decisionReason}` : "."}
          </p>
        )}

        {view.active && permitted.change && !view.pending && (
          <BillingModeForm desktopId={view.desktopId} currentMode={view.mode} currentTimeoutHours={view.autoStopTimeoutHours} purpose="change" />
        )}
        {view.active && !permitted.change && permitted.request && !view.pending && !view.openRequest && (
          <BillingModeForm desktopId={view.desktopId} currentMode={view.mode} currentTimeoutHours={view.autoStopTimeoutHours} purpose="request" />
        )}

        {view.history.length > 0 && (
          <details>
            <summary className="cursor-pointer font-medium">Billing history</summary>
            <ol className="mt-2 space-y-1" data-testid="billing-history">
              {view.history.map((h) => (
                <li key={h.id} className="flex flex-wrap gap-2">
                  <StateBadge state={h.status === "APPLIED" ? "AVAILABLE" : h.status} label={h.status.toLowerCase()} />
                  <span>
                    {h.fromMode ? `${modeText(h.fromMode)} → ` : ""}
                    {modeText(h.toMode, h.autoStopTimeoutHours)}, <UtcDate iso={h.effectiveAt} />
                  </span>
                  {h.note && <span className="text-slate-500">— {h.note}</span>}
                </li>
              ))}
            </ol>
          </details>
        )}
      </div>
    </Card>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="font-semibold" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
