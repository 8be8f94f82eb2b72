"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { useActionForm } from "@/components/use-action-form";
import { applyRecommendation } from "../actions";
import { formatMoney } from "../price";
import type { RecommendationRow } from "../queries";
import { modeText } from "./mode-label";
import { UtcDate } from "./utc-date";

const BLOCKER_TEXT: Record<string, string> = {
  NO_PRICE: "No price",
  INSUFFICIENT_DATA: "Not enough usage yet",
  PENDING_CHANGE: "Change scheduled",
  NOT_MODIFIABLE: "Not modifiable now",
};

export function RecommendationTable({ rows, emptyTitle }: { rows: RecommendationRow[]; emptyTitle: string }) {
  const router = useRouter();
  const { run, pending, message } = useActionForm();
  const [busy, setBusy] = useState<string | null>(null);
  if (rows.length === 0) return <EmptyState title={emptyTitle} />;

  const apply = (row: RecommendationRow) =>
    run(
      async () => {
        setBusy(row.id);
        const result = await applyRecommendation({ desktopId: row.id });
        setBusy(null);
        return result.ok ? result : { ...result, message: `${row.userName}: ${result.message}` };
      },
      (result) => {
        router.refresh();
        return result.kind === "SCHEDULED"
          ? `${row.userName}: AutoStop scheduled for ${new Date(result.effectiveAt).toISOString().slice(0, 10)} 00:00 UTC.`
          : `${row.userName}: switched to AlwaysOn.`;
      },
    );

  return (
    <div className="space-y-3">
      {message && (
        <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {message.text}
        </p>
      )}
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Billing-mode recommendations</caption>
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2">Desktop</th>
              <th scope="col" className="px-3 py-2">Mode now</th>
              <th scope="col" className="px-3 py-2 text-right">Hours so far</th>
              <th scope="col" className="px-3 py-2 text-right">Projected</th>
              <th scope="col" className="px-3 py-2 text-right">Break-even</th>
              <th scope="col" className="px-3 py-2">Cheaper so far / projected</th>
              <th scope="col" className="px-3 py-2 text-right">Saving / month</th>
              <th scope="col" className="px-3 py-2">Action</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
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
                  <td className="px-3 py-2">{modeText(row.mode, row.autoStopTimeoutHours)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{r.hoursSoFar} h</td>
                  <td className="px-3 py-2 text-right tabular-nums">{Math.round(r.projectedHours)} h</td>
                  <td className="px-3 py-2 text-right tabular-nums">{Number.isFinite(r.breakEvenHours) ? `${Math.round(r.breakEvenHours)} h` : "—"}</td>
                  <td className="px-3 py-2">
                    {r.cheaperSoFar ? modeText(r.cheaperSoFar) : "—"} / {r.cheaperProjected ? modeText(r.cheaperProjected) : "equal"}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{switching ? money(r.monthlySaving) : "—"}</td>
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
                    ) : (
                      <Button type="button" variant="secondary" pending={pending && busy === row.id} disabled={pending} title={r.reason} onClick={() => apply(row)}>
                        {r.action === "SWITCH_TO_ALWAYS_ON" ? "Switch to AlwaysOn now" : "Switch to AutoStop on the 1st"}
                        <span className="sr-only"> for {row.userName}</span>
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
