"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DataTable } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { useActionForm } from "@/components/use-action-form";
import { applyRecommendation } from "../actions";
import { formatMoney } from "../../prices/price";
import type { RecommendationRow } from "../queries";
import { modeText } from "../../components/mode-label";
import { UtcDate } from "../../components/utc-date";

const BLOCKER_TEXT: Record<string, string> = {
  NO_PRICE: "No price",
  INSUFFICIENT_DATA: "Not enough usage yet",
  PENDING_CHANGE: "Change scheduled",
  NOT_MODIFIABLE: "Not modifiable now",
};

export function RecommendationTable({ rows, emptyTitle }: { rows: RecommendationRow[]; emptyTitle: string }) {
  const router = useRouter();
  const { run, pending, message, setMessage } = useActionForm();
  const [busy, setBusy] = useState<string | null>(null);
  if (rows.length === 0) return <EmptyState title={emptyTitle} />;

  const successText = (row: RecommendationRow, result: { kind: string; effectiveAt: string | Date }) =>
    result.kind === "SCHEDULED"
      ? `${row.userName}: AutoStop scheduled for ${new Date(result.effectiveAt).toISOString().slice(0, 10)} 00:00 UTC.`
      : `${row.userName}: switched to AlwaysOn.`;
  // Called directly by the confirmation dialog (which shows a failure itself) and through `run` by the button.
  const applyNow = async (row: RecommendationRow) => {
    setBusy(row.id);
    const result = await applyRecommendation({ desktopId: row.id });
    setBusy(null);
    if (!result.ok) {
      const failure = { ...result, message: `${row.userName}: ${result.message}` };
      setMessage({ tone: "error", text: failure.message });
      return failure;
    }
    setMessage({ tone: "ok", text: successText(row, result) });
    router.refresh();
    return result;
  };
  const apply = (row: RecommendationRow) => run(() => applyNow(row), (result) => successText(row, result));

  return (
    <div className="space-y-3">
      {message && (
        <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {message.text}
        </p>
      )}
      <DataTable
        caption="Billing-mode recommendations"
        columns={[
          "Desktop",
          "Mode now",
          { label: "Hours so far", className: "text-right" },
          { label: "Projected", className: "text-right" },
          { label: "Break-even", className: "text-right" },
          "Cheaper so far / projected",
          { label: "Saving / month", className: "text-right" },
          "Action",
        ]}
      >
        {rows.map((row) => {
          const r = row.recommendation;
          const money = (n: number) => formatMoney(n, row.currency ?? "USD");
          const switching = r.action !== "KEEP";
          return (
            <tr key={row.id} data-desktop-id={row.id} data-recommendation={r.action}>
              <td className="px-3 py-2">
                <Link href={`/desktops/${row.id}`} className="font-medium text-indigo-700 underline">
                  {row.userName}
                </Link>
                <span className="block text-xs text-slate-500">
                  {row.ownerName ?? "no owner"} · {row.bundleName}
                </span>
                {row.exempt && <span className="text-xs font-medium text-amber-700">exempt from the automatic policy</span>}
              </td>
              <td className="px-3 py-2" data-label="Mode now">{modeText(row.mode, row.autoStopTimeoutHours)}</td>
              <td className="px-3 py-2 text-right tabular-nums" data-label="Hours so far">{r.hoursSoFar} h</td>
              <td className="px-3 py-2 text-right tabular-nums" data-label="Projected">{Math.round(r.projectedHours)} h</td>
              <td className="px-3 py-2 text-right tabular-nums" data-label="Break-even">{Number.isFinite(r.breakEvenHours) ? `${Math.round(r.breakEvenHours)} h` : "—"}</td>
              <td className="px-3 py-2" data-label="Cheaper so far / projected">
                {r.cheaperSoFar ? modeText(r.cheaperSoFar) : "—"} / {r.cheaperProjected ? modeText(r.cheaperProjected) : "equal"}
              </td>
              <td className="px-3 py-2 text-right tabular-nums" data-label="Saving / month">{switching ? money(r.monthlySaving) : "—"}</td>
              <td className="px-3 py-2">
                {!switching ? (
                  <span className="text-slate-500">Keep</span>
                ) : row.pendingChange ? (
                  <span data-testid="scheduled">
                    {modeText(row.pendingChange.toMode)} from <UtcDate iso={row.pendingChange.effectiveAt} />
                  </span>
                ) : r.blocker ? (
                  <span className="text-slate-500" title={r.reason}>
                    {BLOCKER_TEXT[r.blocker] ?? r.blocker}
                  </span>
                ) : r.action === "SWITCH_TO_ALWAYS_ON" ? (
                  // Takes effect at once and cannot be undone before the 1st: the admin sees the cost first.
                  <ConfirmDialog
                    triggerLabel={
                      <>
                        Switch to AlwaysOn now<span className="sr-only"> for {row.userName}</span>
                      </>
                    }
                    title={`Switch ${row.userName} to AlwaysOn now?`}
                    confirmLabel="Switch to AlwaysOn"
                    disabled={pending}
                    onConfirm={() => applyNow(row)}
                  >
                    {r.projectedCost && (
                      <p data-testid="switch-cost">
                        At the {Math.round(r.projectedHours)} h projected this month, AutoStop would cost {money(r.projectedCost.autoStop)} for
                        the month and AlwaysOn {money(r.projectedCost.alwaysOn)}: about <strong>{money(r.monthlySaving)} less</strong>.
                      </p>
                    )}
                    <p className="mt-2">
                      AlwaysOn starts now: AWS adds the AlwaysOn fee for the rest of the month to the AutoStop hours already billed. A switch
                      back to AutoStop only takes effect on the 1st of a month.
                    </p>
                  </ConfirmDialog>
                ) : (
                  <Button type="button" variant="secondary" pending={pending && busy === row.id} disabled={pending} title={r.reason} onClick={() => apply(row)}>
                    Switch to AutoStop on the 1st
                    <span className="sr-only"> for {row.userName}</span>
                  </Button>
                )}
              </td>
            </tr>
          );
        })}
      </DataTable>
    </div>
  );
}
