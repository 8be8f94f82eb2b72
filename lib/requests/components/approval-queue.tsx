"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DataTable } from "@/components/data-table";
import { StateBadge } from "@/components/state-badge";
import { EmptyState } from "@/components/empty-state";
import { Time } from "@/components/time";
import { inputClass } from "@/components/field";
import { plural } from "@/lib/plural";
import type { RequestSummary } from "../queries";
import { useActionForm } from "@/components/use-action-form";
import { decideRequests } from "../actions";
import { REASON_MAX } from "../schema";

// Stays mounted when the last request is decided, so the outcome message remains visible.
export function ApprovalQueue({ requests, currentUserEmail, emptyTitle }: { requests: RequestSummary[]; currentUserEmail: string; emptyTitle: string }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const { run, pending, fieldErrors, message: formMessage, setMessage, reset } = useActionForm();
  // The reject dialog shows the reason's error; any other field's error is the message.
  const reasonError = fieldErrors.reason ?? null;
  const otherError = reasonError ? undefined : Object.values(fieldErrors)[0];
  const message = otherError ? ({ tone: "error", text: otherError } as const) : formMessage;
  const rejectDialog = useRef<HTMLDialogElement>(null);
  const [rejectIds, setRejectIds] = useState<string[]>([]);
  // The server says which levels this person may decide (the level's manager or group; admins all).
  const decidable = requests.filter((r) => r.status === "SUBMITTED" && r.requesterEmail !== currentUserEmail && r.viewerMayDecide !== false);
  const allSelected = decidable.length > 0 && decidable.every((r) => selected.has(r.id));

  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  type Decided = { decided: string[]; skipped: { message: string }[] };
  const decided = (decision: "APPROVE" | "REJECT", result: Decided) => {
    rejectDialog.current?.close();
    setSelected(new Set());
    router.refresh();
    const verb = decision === "APPROVE" ? "Approved" : "Rejected";
    const skipped = result.skipped.length ? ` ${result.skipped.length} skipped: ${result.skipped.map((s) => s.message).join(" ")}` : "";
    return `${verb} ${plural(result.decided.length, "request")}.${skipped}`;
  };
  const decide = (ids: string[], decision: "APPROVE" | "REJECT", reason = "") =>
    run(
      () => decideRequests({ requestIds: ids, decision, reason }),
      (result) => decided(decision, result),
    );

  const askReject = (ids: string[]) => {
    setRejectIds(ids);
    reset();
    rejectDialog.current?.showModal();
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="Bulk decisions">
        <span className="text-sm text-slate-600" aria-live="polite">
          {selected.size} selected
        </span>
        {/* Approving many at once creates many billed desktops: ask first, with the count. */}
        <ConfirmDialog
          triggerLabel="Approve selected"
          title={`Approve ${plural(selected.size, "request")}?`}
          confirmLabel="Approve"
          variant="primary"
          disabled={selected.size === 0 || pending}
          onConfirm={async () => {
            // The dialog shows a failure itself and needs the outcome, so this calls the action directly.
            const result = await decideRequests({ requestIds: [...selected], decision: "APPROVE", reason: "" });
            if (!result.ok) return { ok: false, message: result.message };
            setMessage({ tone: "ok", text: decided("APPROVE", result) });
            return { ok: true };
          }}
        >
          <p>Each approved request creates a desktop in the background; AWS bills each desktop from the moment it exists.</p>
        </ConfirmDialog>
        <Button type="button" variant="secondary" disabled={selected.size === 0} onClick={() => askReject([...selected])}>
          Reject selected
        </Button>
      </div>
      {message && (
        <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {message.text}
        </p>
      )}
      {requests.length === 0 ? (
        <EmptyState title={emptyTitle} />
      ) : (
        <DataTable
          caption="Desktop requests"
          columns={[
            {
              phone: true,
              label: (
                <label className="inline-flex items-center gap-2">
                  <input
                    type="checkbox"
                    aria-label="Select all requests awaiting a decision"
                    checked={allSelected}
                    onChange={() => setSelected(allSelected ? new Set() : new Set(decidable.map((r) => r.id)))}
                  />
                  {/* On a phone the column headings are hidden: say what the box does. */}
                  <span className="normal-case sm:hidden">Select all</span>
                </label>
              ),
            },
            "Requester",
            "Desktop",
            "Justification",
            "Submitted",
            "Status",
            <span key="actions" className="sr-only">
              Actions
            </span>,
          ]}
        >
          {requests.map((r) => {
            const canDecide = decidable.includes(r);
            return (
              <tr key={r.id} data-request-id={r.id}>
                <td className="px-3 py-2">
                  {canDecide && (
                    <input type="checkbox" aria-label={`Select request of ${r.requesterName}`} checked={selected.has(r.id)} onChange={() => toggle(r.id)} />
                  )}
                </td>
                <td className="px-3 py-2">
                  <span className="block font-medium">{r.requesterName}</span>
                  <span className="block text-xs text-slate-500">{r.requesterEmail}</span>
                  {r.requesterContext && <RequesterContextNote requestId={r.id} context={r.requesterContext} />}
                </td>
                <td className="px-3 py-2" data-label="Desktop">
                  <span className="block">{r.bundleName}</span>
                  <span className="block text-xs text-slate-500">{r.runningMode === "AUTO_STOP" ? `AutoStop ${r.autoStopTimeoutHours} h` : "AlwaysOn"}</span>
                </td>
                <td className="max-w-xs px-3 py-2" data-label="Justification">
                  <span className="line-clamp-2 break-words">{r.justification}</span>
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-slate-600" data-label="Submitted">
                  <Time iso={r.createdAt} relative />
                </td>
                <td className="px-3 py-2" data-label="Status">
                  <StateBadge state={r.status} />
                  {r.approval && (
                    <span className="mt-1 block text-xs text-slate-600" data-testid="approval-level">
                      {r.approval.levels > 1 ? `Level ${r.approval.level} of ${r.approval.levels}: ` : "Waits for "}
                      {r.approval.waitsFor}
                      {r.approval.escalated && <span className="ml-1 font-medium text-amber-800">(escalated)</span>}
                    </span>
                  )}
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-right">
                  {canDecide ? (
                    <span className="flex justify-end gap-2">
                      <Button
                        type="button"
                        pending={pending}
                        disabled={Boolean(r.requesterContext?.duplicate)}
                        aria-describedby={r.requesterContext?.duplicate ? `duplicate-${r.id}` : undefined}
                        onClick={() => decide([r.id], "APPROVE")}
                        aria-label={`Approve request of ${r.requesterName}`}
                      >
                        Approve
                      </Button>
                      <Button type="button" variant="secondary" onClick={() => askReject([r.id])} aria-label={`Reject request of ${r.requesterName}`}>
                        Reject
                      </Button>
                    </span>
                  ) : (
                    <span className="flex flex-col items-end gap-1 max-sm:items-start">
                      {r.status === "SUBMITTED" && r.requesterEmail === currentUserEmail && (
                        <span className="whitespace-normal text-xs text-slate-600" data-testid="own-request">
                          You can&apos;t decide your own request; another approver will.
                        </span>
                      )}
                      {r.status === "SUBMITTED" && r.requesterEmail !== currentUserEmail && r.viewerMayDecide === false && (
                        <span className="whitespace-normal text-xs text-slate-600">Not yours to decide at this level.</span>
                      )}
                      <Link href={`/requests/${r.id}`} className="text-indigo-700 underline">
                        View<span className="sr-only"> request of {r.requesterName}</span>
                      </Link>
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}

      <dialog ref={rejectDialog} aria-labelledby="reject-title" className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40">
        <form
          className="space-y-4 p-6"
          onSubmit={(e) => {
            e.preventDefault();
            const reason = String(new FormData(e.currentTarget).get("reason") ?? "");
            decide(rejectIds, "REJECT", reason);
          }}
        >
          <h2 id="reject-title" className="text-lg font-semibold">
            Reject {plural(rejectIds.length, "request")}
          </h2>
          <div className="space-y-1">
            <label htmlFor="reject-reason" className="block text-sm font-medium">
              Reason (the requester sees it)
            </label>
            <textarea id="reject-reason" name="reason" rows={3} maxLength={REASON_MAX} className={inputClass} aria-invalid={Boolean(reasonError)} />
            {reasonError && (
              <p role="alert" className="text-xs font-medium text-red-700">
                {reasonError}
              </p>
            )}
          </div>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => rejectDialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={pending}>
              Reject
            </Button>
          </div>
        </form>
      </dialog>
    </div>
  );
}

// The requester's other desktops and open requests; a duplicate (one desktop per user and
// directory in AWS) cannot be approved, and says why.
function RequesterContextNote({ requestId, context }: { requestId: string; context: NonNullable<RequestSummary["requesterContext"]> }) {
  if (context.desktops.length === 0 && context.openRequests.length === 0 && !context.duplicate) return null;
  return (
    <div className="mt-1 space-y-0.5 text-xs">
      {context.desktops.length > 0 && (
        <LinkList
          lead={context.desktops.length === 1 ? "Has a desktop: " : `Has ${context.desktops.length} desktops: `}
          links={context.desktops.map((d) => ({ href: `/desktops/${d.id}`, label: d.label }))}
        />
      )}
      {context.openRequests.length > 0 && (
        <LinkList
          lead={context.openRequests.length === 1 ? "Another open request: " : `${context.openRequests.length} other open requests: `}
          links={context.openRequests.map((o) => ({ href: `/requests/${o.id}`, label: o.label }))}
        />
      )}
      {context.duplicate && (
        <p id={`duplicate-${requestId}`} className="font-medium text-red-700">
          Cannot be approved: {context.duplicate}
        </p>
      )}
    </div>
  );
}

function LinkList({ lead, links }: { lead: string; links: { href: string; label: string }[] }) {
  return (
    <p className="text-slate-600">
      {lead}
      {links.map((l, i) => (
        <span key={l.href}>
          {i > 0 && ", "}
          <Link href={l.href} className="text-indigo-700 underline">
            {l.label}
          </Link>
        </span>
      ))}
    </p>
  );
}
