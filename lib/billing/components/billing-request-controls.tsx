"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/button";
import { inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import type { ActionFailure } from "@/lib/action-result";
import { cancelBillingChange } from "../mode-changes/actions";
import { decideBillingRequest, withdrawBillingRequest } from "../mode-requests/actions";
import { REASON_MAX } from "../mode-requests/schema";

function useAction() {
  const router = useRouter();
  const form = useActionForm();
  const run = (action: () => Promise<{ ok: true } | ActionFailure>, done: string) =>
    form.run(action, () => {
      router.refresh();
      return done;
    });
  // These controls have one field at most: its error is the message.
  const firstFieldError = Object.values(form.fieldErrors)[0];
  const message = firstFieldError ? ({ tone: "error", text: firstFieldError } as const) : form.message;
  const pending = form.pending;
  const note = message && (
    <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
      {message.text}
    </p>
  );
  return { run, pending, note };
}

export function CancelChangeButton({ changeId }: { changeId: string }) {
  const { run, pending, note } = useAction();
  return (
    <div className="space-y-1">
      <Button type="button" variant="secondary" pending={pending} onClick={() => run(() => cancelBillingChange({ changeId }), "The scheduled change was cancelled.")}>
        Cancel scheduled change
      </Button>
      {note}
    </div>
  );
}

export function WithdrawRequestButton({ requestId }: { requestId: string }) {
  const { run, pending, note } = useAction();
  return (
    <div className="space-y-1">
      <Button type="button" variant="secondary" pending={pending} onClick={() => run(() => withdrawBillingRequest({ requestId }), "Your request was withdrawn.")}>
        Withdraw request
      </Button>
      {note}
    </div>
  );
}

/** `decide`: the decision's action (a billing-mode request's by default; desktop size requests pass theirs). */
export function DecideRequestControls({
  requestId,
  decide = decideBillingRequest,
}: {
  requestId: string;
  decide?: (input: { requestId: string; decision: "APPROVE" | "REJECT"; reason: string }) => Promise<{ ok: true } | ActionFailure>;
}) {
  const { run, pending, note } = useAction();
  const [reason, setReason] = useState("");
  const id = `decide-${requestId}`;
  return (
    <div className="space-y-2">
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        Reason (needed to reject)
      </label>
      <input id={id} value={reason} maxLength={REASON_MAX} onChange={(e) => setReason(e.target.value)} className={inputClass} />
      <div className="flex gap-2">
        <Button type="button" pending={pending} onClick={() => run(() => decide({ requestId, decision: "APPROVE", reason }), "Approved.")}>
          Approve
        </Button>
        <Button type="button" variant="secondary" pending={pending} onClick={() => run(() => decide({ requestId, decision: "REJECT", reason }), "Rejected.")}>
          Reject
        </Button>
      </div>
      {note}
    </div>
  );
}
