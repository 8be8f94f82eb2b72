"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { Button } from "@/components/button";
import { DataTable, type SortLink } from "@/components/data-table";
import { inputClass } from "@/components/field";
import { DesktopStateBadge } from "./desktop-state-badge";
import { Time } from "@/components/time";
import { FLEET_ACTIONS, isFailedCreateAction, type FleetAction } from "@/lib/desktops/rules";
import type { FleetRow } from "@/lib/desktops/queries";
import { previewFleetAction, resolveFailedCreatesInFleet, startFleetAction } from "@/lib/bulk/actions";
import { ACTION_LABEL, ACTION_PAST } from "@/lib/bulk/action-labels";
import type { ActionPlanView } from "@/lib/bulk/queries";
import type { FleetSelection } from "@/lib/bulk/schema";
import { plural } from "@/lib/plural";

type Filter = { q: string; state: string; runningMode: "" | "AUTO_STOP" | "ALWAYS_ON"; directoryId: string };

export type SortLinks = Record<"user" | "owner" | "bundle" | "state" | "mode" | "created" | "lastConnection", SortLink>;

// Below the md breakpoint (phones) only the selection, the user and the state show: the rest is on
// the desktop's own page, and the page itself never scrolls sideways.
const WIDE = "hidden md:table-cell";

// The fleet list. With `manage`, desktops can be selected (or everything matching the filter) and
// an action run on all of them as one bulk job; the dialog first shows which desktops the action
// cannot reach and why.
export function FleetTable({ rows, total, filter, manage, sortLinks }: { rows: FleetRow[]; total: number; filter: Filter; manage: boolean; sortLinks: SortLinks }) {
  const router = useRouter();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [plan, setPlan] = useState<ActionPlanView | null>(null);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [loading, startLoading] = useTransition();
  const [submitting, startSubmitting] = useTransition();

  const pageIds = rows.map((r) => r.id);
  const pageSelected = pageIds.length > 0 && pageIds.every((i) => selected.has(i));
  const count = allMatching ? total : selected.size;
  const selection = (): FleetSelection => (allMatching ? { kind: "filter", filter } : { kind: "ids", desktopIds: [...selected] });

  const toggle = (desktopId: string) => {
    setAllMatching(false);
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(desktopId)) next.delete(desktopId);
      else next.add(desktopId);
      return next;
    });
  };
  const togglePage = () => {
    setAllMatching(false);
    setSelected((prev) => {
      const next = new Set(prev);
      for (const i of pageIds) {
        if (pageSelected) next.delete(i);
        else next.add(i);
      }
      return next;
    });
  };
  const clear = () => {
    setSelected(new Set());
    setAllMatching(false);
  };

  const open = (action: FleetAction) =>
    startLoading(async () => {
      setError(null);
      setDone(null);
      setTyped("");
      const result = await previewFleetAction({ action, selection: selection() });
      if (!result.ok) {
        setPlan(null);
        setError(result.message);
        return;
      }
      setPlan(result.plan);
      dialog.current?.showModal();
    });

  const run = () =>
    startSubmitting(async () => {
      if (!plan) return;
      // Retry and remove of failed creates happen at once (no bulk job): say what was done.
      if (isFailedCreateAction(plan.action)) {
        const resolved = await resolveFailedCreatesInFleet({ action: plan.action, selection: selection(), expectedCount: plan.allowed });
        if (resolved.ok) {
          dialog.current?.close();
          clear();
          const skipped = resolved.skipped.length ? ` ${resolved.skipped.length} skipped: ${resolved.skipped[0].reason}` : "";
          setDone(`${resolved.done} ${resolved.done === 1 ? "desktop" : "desktops"} ${ACTION_PAST[plan.action]}.${skipped}`);
          router.refresh();
          return;
        }
        if ("plan" in resolved && resolved.plan) setPlan(resolved.plan as ActionPlanView);
        setError(resolved.message);
        return;
      }
      const result = await startFleetAction({ action: plan.action, selection: selection(), expectedCount: plan.allowed, confirm: typed });
      if (result.ok) {
        dialog.current?.close();
        router.push(`/admin/bulk/${result.jobId}`);
        return;
      }
      if ("plan" in result && result.plan) setPlan(result.plan as ActionPlanView);
      setError(result.message);
    });

  const terminateConfirmed = plan?.action !== "terminate" || typed.trim() === String(plan.allowed) || typed.trim().toLowerCase() === "terminate";

  return (
    <div className="space-y-3">
      {manage && (
        <div className="space-y-2 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
          <div role="toolbar" aria-label="Bulk actions" className="flex flex-wrap items-center gap-2">
            <span className="mr-1 text-sm text-slate-600" aria-live="polite" data-testid="selection-count">
              {count.toLocaleString()} selected
            </span>
            {FLEET_ACTIONS.map((action) => (
              <Button
                key={action}
                type="button"
                variant={action === "terminate" ? "danger" : "secondary"}
                disabled={count === 0 || loading}
                onClick={() => open(action)}
              >
                {ACTION_LABEL[action]}…
              </Button>
            ))}
            {count > 0 && (
              <button type="button" className="text-sm text-slate-600 underline" onClick={clear}>
                Clear selection
              </button>
            )}
            {loading && <span role="status" aria-label="Checking the selection" className="size-4 animate-spin rounded-full border-2 border-slate-400 border-t-transparent" />}
          </div>
          {pageSelected && !allMatching && total > rows.length && (
            <p className="text-sm">
              All {rows.length} desktops on this page are selected.{" "}
              <button type="button" className="font-medium text-indigo-700 underline" onClick={() => setAllMatching(true)}>
                Select all {total.toLocaleString()} desktops matching this filter
              </button>
            </p>
          )}
          {allMatching && (
            <p className="text-sm" data-testid="all-matching">
              All {total.toLocaleString()} desktops matching this filter are selected (as the filter matches when you confirm).
            </p>
          )}
          {done && (
            <p role="status" className="text-sm font-medium text-emerald-700">
              {done}
            </p>
          )}
          {error && !plan && (
            <p role="alert" className="text-sm font-medium text-red-700">
              {error}
            </p>
          )}
        </div>
      )}

      <DataTable
        caption="Desktops"
        stackOnPhone={false}
        columns={[
          ...(manage
            ? [
                {
                  label: <input type="checkbox" aria-label="Select all desktops on this page" checked={pageSelected || allMatching} onChange={togglePage} className="size-4" />,
                },
              ]
            : []),
          { label: "User", sort: sortLinks.user },
          { label: "Owner", sort: sortLinks.owner, className: WIDE },
          { label: "Bundle", sort: sortLinks.bundle, className: WIDE },
          { label: "Billing", sort: sortLinks.mode, className: WIDE },
          { label: "State", sort: sortLinks.state },
          { label: "Created", sort: sortLinks.created, className: WIDE },
          { label: "Last connection", sort: sortLinks.lastConnection, className: WIDE },
          { label: "WorkSpace", className: WIDE },
        ]}
      >
        {rows.map((d) => (
          <tr key={d.id} data-desktop-id={d.id} className={selected.has(d.id) || allMatching ? "bg-indigo-50/50" : undefined}>
            {manage && (
              <td className="px-3 py-2">
                <input
                  type="checkbox"
                  aria-label={`Select ${d.userName}${d.workspaceId ? ` (${d.workspaceId})` : ""}`}
                  checked={allMatching || selected.has(d.id)}
                  onChange={() => toggle(d.id)}
                  className="size-4"
                />
              </td>
            )}
            <td className="px-3 py-2">
              {/* No prefetch: 50 prefetches per page view for links few of them follow. */}
              <Link href={`/desktops/${d.id}`} prefetch={false} className="font-medium text-indigo-700 underline">
                {d.userName}
              </Link>
              {d.origin !== "PORTAL" && <span className="ml-2 text-xs text-amber-700">{d.origin.toLowerCase()}</span>}
            </td>
            <td className={`px-3 py-2 text-slate-600 ${WIDE}`}>{d.ownerEmail ?? "—"}</td>
            <td className={`px-3 py-2 ${WIDE}`}>{d.bundleName}</td>
            <td className={`px-3 py-2 ${WIDE}`}>{d.runningMode === "AUTO_STOP" ? "AutoStop" : "AlwaysOn"}</td>
            <td className="px-3 py-2" data-testid="state">
              <DesktopStateBadge state={d.state} />
            </td>
            <td className={`whitespace-nowrap px-3 py-2 text-slate-600 ${WIDE}`}>
              <Time iso={d.createdAt} />
            </td>
            <td className={`whitespace-nowrap px-3 py-2 text-slate-600 ${WIDE}`} data-testid="last-connection">
              {d.lastConnectedAt ? <Time iso={d.lastConnectedAt} relative /> : "Never"}
            </td>
            <td className={`px-3 py-2 font-mono text-xs ${WIDE}`}>{d.workspaceId ?? "—"}</td>
          </tr>
        ))}
      </DataTable>

      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="m-auto w-[min(40rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
        onClose={() => {
          setPlan(null);
          setError(null);
          setTyped("");
        }}
      >
        {plan && (
          <form
            className="space-y-4 p-6"
            onSubmit={(e) => {
              e.preventDefault();
              run();
            }}
          >
            <h2 id={`${id}-title`} className="text-lg font-semibold">
              {ACTION_LABEL[plan.action]} {plural(plan.allowed, "desktop")}?
            </h2>
            <p className="text-sm text-slate-700" data-testid="plan-summary">
              {plan.allowed.toLocaleString()} of {plural(plan.total, "selected desktop")} will be {ACTION_PAST[plan.action]}
              {plan.refusedTotal > 0 ? `; ${plan.refusedTotal.toLocaleString()} will be skipped.` : "."}
            </p>
            {plan.refusedTotal > 0 && (
              <div className="space-y-2 text-sm">
                <ul className="space-y-0.5" aria-label="Why desktops are skipped">
                  {plan.reasons.map((r) => (
                    <li key={r.reason}>
                      <strong>{r.count}</strong> × {r.reason}
                    </li>
                  ))}
                </ul>
                <details>
                  <summary className="cursor-pointer text-indigo-700">Skipped desktops</summary>
                  <ul className="mt-2 max-h-48 space-y-0.5 overflow-y-auto rounded bg-slate-50 p-2 text-xs" data-testid="skipped-list">
                    {plan.refused.map((r) => (
                      <li key={r.desktopId}>
                        <span className="font-medium">{r.userName}</span> {r.workspaceId && <span className="font-mono">({r.workspaceId})</span>}: {r.reason}
                      </li>
                    ))}
                    {plan.refusedTotal > plan.refused.length && <li>… and {plan.refusedTotal - plan.refused.length} more</li>}
                  </ul>
                </details>
              </div>
            )}
            {plan.action === "rebuild" && (
              <p className="text-sm font-medium text-amber-900">Rebuilding restores each desktop from its latest snapshot: files saved since then (up to 12 hours) may be lost.</p>
            )}
            {plan.action === "terminate" && plan.allowed > 0 && (
              <div className="space-y-1">
                <p className="text-sm font-medium text-red-800">The desktops and all their data are deleted and cannot be recovered.</p>
                <label htmlFor={`${id}-confirm`} className="block text-sm font-medium">
                  Type <strong className="font-mono">{plan.allowed}</strong> or <strong className="font-mono">terminate</strong> to confirm
                </label>
                <input id={`${id}-confirm`} className={inputClass} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoFocus />
              </div>
            )}
            {error && (
              <p role="alert" className="text-sm font-medium text-red-700">
                {error}
              </p>
            )}
            <div className="flex flex-wrap justify-end gap-2">
              <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>
                Cancel
              </Button>
              <Button type="submit" variant={plan.action === "terminate" ? "danger" : "primary"} pending={submitting} disabled={plan.allowed === 0 || !terminateConfirmed}>
                {ACTION_LABEL[plan.action]} {plural(plan.allowed, "desktop")}
              </Button>
            </div>
          </form>
        )}
      </dialog>
    </div>
  );
}
