"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Time } from "@/components/time";
import type { Verdict } from "../../rules";
import { restoreDesktop } from "../actions";
import type { LastSnapshot } from "../queries";

// Restore to the last snapshot (admins), with AWS's warning: what was written since is lost.
export function RestoreDesktop({ desktopId, verdict, snapshot }: { desktopId: string; verdict: Verdict; snapshot: LastSnapshot }) {
  const router = useRouter();
  const [done, setDone] = useState(false);
  const disabledReason = !verdict.allowed ? verdict.reason : snapshot.kind === "none" ? "AWS has no snapshot of this desktop yet." : undefined;

  return (
    <div className="space-y-2">
      <ConfirmDialog
        triggerLabel="Restore to last snapshot"
        title="Restore this desktop to its last snapshot?"
        confirmLabel="Restore desktop"
        disabled={Boolean(disabledReason)}
        disabledReason={disabledReason}
        onConfirm={async () => {
          const result = await restoreDesktop({ desktopId });
          if (!result.ok) return { ok: false as const, message: result.message };
          setDone(true);
          router.refresh();
          return { ok: true as const };
        }}
      >
        <div className="space-y-3">
          <p>
            {snapshot.kind === "at" ? (
              <>
                The last snapshot was taken <Time iso={snapshot.iso} />.{" "}
              </>
            ) : (
              "AWS did not say when the last snapshot was taken. "
            )}
            AWS takes one every 12 hours.
          </p>
          <p>
            <strong>Both volumes go back to that snapshot: data written since then is lost</strong>, and programs installed or settings changed
            since then are gone. The desktop is unavailable while it is restored.
          </p>
        </div>
      </ConfirmDialog>
      {disabledReason && <p className="text-xs text-slate-500">Restore: {disabledReason}</p>}
      {done && (
        <p role="status" className="text-sm text-emerald-700">
          Restore requested. The state above updates as AWS works on it.
        </p>
      )}
    </div>
  );
}
