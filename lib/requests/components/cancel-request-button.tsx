"use client";
import { useRouter } from "next/navigation";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { cancelRequest } from "../actions";

export function CancelRequestButton({ requestId }: { requestId: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      triggerLabel="Cancel request"
      title="Cancel this request?"
      confirmLabel="Cancel request"
      onConfirm={async () => {
        const result = await cancelRequest({ requestId });
        if (result.ok) router.refresh();
        return result.ok ? { ok: true } : { ok: false, message: result.message };
      }}
    >
      <p>Your approver will no longer see it. You can submit a new request at any time.</p>
    </ConfirmDialog>
  );
}
