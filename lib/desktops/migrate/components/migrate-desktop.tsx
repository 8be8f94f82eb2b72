"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Field, inputClass } from "@/components/field";
import type { Verdict } from "../../rules";
import { migrateDesktop } from "../actions";
import type { MigrationChoice } from "../queries";

// Migrate to another bundle (admins): the bundles the catalogue offers for the desktop's directory,
// and what AWS keeps and what it replaces, said before confirming.
export function MigrateDesktop({ desktopId, choices, verdict }: { desktopId: string; choices: MigrationChoice[]; verdict: Verdict }) {
  const router = useRouter();
  const id = useId();
  const [bundleId, setBundleId] = useState(choices[0]?.id ?? "");
  const [done, setDone] = useState(false);
  const disabledReason = !verdict.allowed ? verdict.reason : choices.length === 0 ? "The catalogue offers no other bundle this desktop can move to." : undefined;

  return (
    <div className="space-y-2">
      <ConfirmDialog
        triggerLabel="Migrate to another bundle"
        title="Migrate this desktop to another bundle?"
        confirmLabel="Migrate desktop"
        variant="primary"
        disabled={Boolean(disabledReason)}
        disabledReason={disabledReason}
        onConfirm={async () => {
          const result = await migrateDesktop({ desktopId, bundleId });
          if (!result.ok) return { ok: false as const, message: result.fieldErrors?.bundleId ?? result.message };
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
          <p>
            <strong>The user volume is kept</strong> (the user&apos;s files and profile, from its last snapshot).{" "}
            <strong>The root volume is replaced</strong> with the new bundle&apos;s image: programs installed on the desktop are lost.
          </p>
          <p>AWS gives the desktop a new WorkSpace id. It is unavailable while it migrates, which can take up to an hour.</p>
        </div>
      </ConfirmDialog>
      {disabledReason && <p className="text-xs text-slate-500">Migrate: {disabledReason}</p>}
      {done && (
        <p role="status" className="text-sm text-emerald-700">
          Migration requested. The state above updates as AWS works on it.
        </p>
      )}
    </div>
  );
}
