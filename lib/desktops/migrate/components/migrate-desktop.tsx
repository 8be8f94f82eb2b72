"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Field, inputClass } from "@/components/field";
import { REASON_MAX } from "@/lib/billing/mode-requests/schema";
import type { Verdict } from "../../rules";
import { migrateDesktop, requestMigration } from "../actions";
import type { MigrationChoice } from "../queries";

// Migrate to another bundle: the bundles the catalogue offers for the desktop's directory, what AWS
// keeps and what it replaces, and the month's cost change, said before confirming. An admin
// migrates ("change"); the owner asks an approver ("request").
export function MigrateDesktop({ desktopId, choices, verdict, purpose = "change" }: { desktopId: string; choices: MigrationChoice[]; verdict: Verdict; purpose?: "change" | "request" }) {
  const router = useRouter();
  const id = useId();
  const [bundleId, setBundleId] = useState(choices[0]?.id ?? "");
  const [reason, setReason] = useState("");
  const [done, setDone] = useState(false);
  const asking = purpose === "request";
  const disabledReason = !verdict.allowed ? verdict.reason : choices.length === 0 ? "The catalogue offers no other bundle this desktop can move to." : undefined;
  const chosen = choices.find((b) => b.id === bundleId);

  return (
    <div className="space-y-2">
      <ConfirmDialog
        triggerLabel={asking ? "Ask to migrate to another bundle" : "Migrate to another bundle"}
        title={asking ? "Ask to migrate this desktop to another bundle?" : "Migrate this desktop to another bundle?"}
        confirmLabel={asking ? "Send request" : "Migrate desktop"}
        variant="primary"
        disabled={Boolean(disabledReason)}
        disabledReason={disabledReason}
        onConfirm={async () => {
          const result = asking ? await requestMigration({ desktopId, bundleId, reason }) : await migrateDesktop({ desktopId, bundleId });
          if (!result.ok) return { ok: false as const, message: result.fieldErrors?.bundleId ?? result.fieldErrors?.reason ?? result.message };
          setDone(true);
          router.refresh();
          return { ok: true as const };
        }}
      >
        <div className="space-y-3">
          <Field id={`${id}-bundle`} label="New bundle">
            <select id={`${id}-bundle`} className={inputClass} value={bundleId} onChange={(e) => setBundleId(e.target.value)}>
              {choices.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name} ({b.computeType.toLowerCase()}, {b.rootVolumeGiB} GB root)
                </option>
              ))}
            </select>
          </Field>
          {chosen && (
            <p aria-live="polite">
              Cost change: <strong>{chosen.cost}</strong>
            </p>
          )}
          <p>
            <strong>The user volume is kept</strong> (the user&apos;s files and profile, from its last snapshot).{" "}
            <strong>The root volume is replaced</strong> with the new bundle&apos;s image: programs installed on the desktop are lost.
          </p>
          <p>AWS gives the desktop a new WorkSpace id. It is unavailable while it migrates, which can take up to an hour.</p>
          {asking && (
            <Field id={`${id}-reason`} label="Why you need it (for your approver)">
              <textarea id={`${id}-reason`} rows={2} maxLength={REASON_MAX} className={inputClass} value={reason} onChange={(e) => setReason(e.target.value)} />
            </Field>
          )}
        </div>
      </ConfirmDialog>
      {disabledReason && <p className="text-xs text-slate-500">Migrate: {disabledReason}</p>}
      {done && (
        <p role="status" className="text-sm text-emerald-700">
          {asking ? "Request sent to an approver. It shows in the Size section until they decide." : "Migration requested. The state above updates as AWS works on it."}
        </p>
      )}
    </div>
  );
}
