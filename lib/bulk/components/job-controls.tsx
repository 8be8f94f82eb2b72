"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { cancelRemainingItems, retryFailedItems } from "../actions";
import { plural } from "@/lib/plural";

// Retry the failed items, cancel those not yet sent. The outcome stays visible after the refresh.
export function JobControls({ jobId, failed, queued }: { jobId: string; failed: number; queued: number }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);

  const retry = async () => {
    const result = await retryFailedItems({ jobId });
    if (!result.ok) return { ok: false as const, message: result.message };
    const skipped = result.skipped.length
      ? ` ${result.skipped.length} could not be sent again: ${result.skipped
          .slice(0, 3)
          .map((s) => `${s.line ? `line ${s.line}` : s.userName}: ${s.reason}`)
          .join(" ")}`
      : "";
    setMessage(`${plural(result.retried, "failed item")} queued again.${skipped}`);
    router.refresh();
    return { ok: true as const };
  };

  const cancel = async () => {
    const result = await cancelRemainingItems({ jobId });
    if (!result.ok) return { ok: false as const, message: result.message };
    setMessage(`${plural(result.cancelled, "item")} cancelled. Items already sent to AWS finish on their own.`);
    router.refresh();
    return { ok: true as const };
  };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <ConfirmDialog
          triggerLabel={`Retry failed items (${failed})`}
          title={`Retry ${plural(failed, "failed item")}?`}
          confirmLabel="Retry"
          variant="primary"
          disabled={failed === 0}
          disabledReason="No item has failed."
          onConfirm={retry}
        >
          <p>
            Each failed item is sent to AWS again as a new attempt. Fix the cause first (for example, create the user in the directory): an item
            that fails for the same reason fails again.
          </p>
        </ConfirmDialog>
        <ConfirmDialog
          triggerLabel={`Cancel the rest (${queued})`}
          title={`Cancel ${plural(queued, "queued item")}?`}
          confirmLabel="Cancel queued items"
          disabled={queued === 0}
          disabledReason="Nothing is waiting to be sent."
          onConfirm={cancel}
        >
          <p>Items not yet sent to AWS are cancelled. Items AWS is already working on run to their end.</p>
        </ConfirmDialog>
      </div>
      {message && (
        <p role="status" className="text-sm text-emerald-700">
          {message}
        </p>
      )}
    </div>
  );
}
