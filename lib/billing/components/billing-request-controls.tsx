"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/button";
import { inputClass } from "@/components/field";
import { cancelBillingChangeAction, decideBillingRequestAction, withdrawBillingRequestAction } from "../actions";
import { REASON_MAX } from "../schema";

function useAction() {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (action: () => Promise<{ ok: true } | { ok: false; message: string; fieldErrors?: Record<string, string> }>, done: string) =>
    startTransition(async () => {
      const result = await action();
      if (!result.ok) {
        setMessage({ tone: "error", text: result.fieldErrors ? Object.values(result.fieldErrors)[0] : result.message });
        return;
      }
      setMessage({ tone: "ok", text: done });
      router.refresh();
    });
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
      <Button type="button" variant="secondary" pending={pending} onClick={() => run(() => cancelBillingChangeAction({ changeId }), "The scheduled change was cancelled.")}>
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
      <Button type="button" variant="secondary" pending={pending} onClick={() => run(() => withdrawBillingRequestAction({ requestId }), "Your request was withdrawn.")}>
        Withdraw request
      </Button>
      {note}
    </div>
  );
}

export function DecideRequestControls({ requestId }: { requestId: string }) {
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
        <Button type="button" pending={pending} onClick={() => run(() => decideBillingRequestAction({ requestId, decision: "APPROVE", reason }), "Approved.")}>
          Approve
        </Button>
        <Button type="button" variant="secondary" pending={pending} onClick={() => run(() => decideBillingRequestAction({ requestId, decision: "REJECT", reason }), "Rejected.")}>
          Reject
        </Button>
      </div>
      {note}
    </div>
  );
}
