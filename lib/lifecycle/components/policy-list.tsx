"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DataTable } from "@/components/data-table";
import { ActionMessage } from "@/components/action-message";
import { useActionForm } from "@/components/use-action-form";
import { plural } from "@/lib/plural";
import { deleteLifecyclePolicy, dryRunLifecyclePolicy, setLifecyclePolicyEnabled } from "../actions";
import type { PlannedStep } from "../policy-pass";
import type { PolicyRow } from "../queries";

function scope(p: PolicyRow): string {
  const parts = [p.directoryName ? `Directory ${p.directoryName}` : "Every directory", ...(p.tagKey ? [`tagged ${p.tagKey}${p.tagValue ? ` = ${p.tagValue}` : ""}`] : [])];
  return parts.join(", ");
}

function rules(p: PolicyRow): string {
  return [
    `Warn after ${plural(p.inactiveDays, "day")} unused`,
    p.stopAfterDays !== null ? `stop ${plural(p.stopAfterDays, "day")} after the warning` : null,
    p.terminateAfterDays !== null ? `terminate ${plural(p.terminateAfterDays, "day")} after the warning` : "never terminate",
    `exempt: tag ${p.exemptTagKey}`,
  ]
    .filter(Boolean)
    .join("; ");
}

export function PolicyList({ policies }: { policies: PolicyRow[] }) {
  if (policies.length === 0) return <p className="text-sm text-slate-600">No policy yet: nothing is cleaned up automatically.</p>;
  return (
    <ul className="space-y-4">
      {policies.map((p) => (
        <PolicyItem key={p.id} policy={p} />
      ))}
    </ul>
  );
}

function PolicyItem({ policy: p }: { policy: PolicyRow }) {
  const router = useRouter();
  const { run, pending, message } = useActionForm();
  const [plan, setPlan] = useState<PlannedStep[] | null>(null);
  return (
    <li className="space-y-2 rounded-md p-3 ring-1 ring-slate-200" data-policy={p.name} aria-label={`Policy ${p.name}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-medium">
          {p.name}{" "}
          <span className={`rounded px-1.5 py-0.5 text-xs ${p.enabled ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-700"}`}>{p.enabled ? "Enabled" : "Not enabled"}</span>
        </h3>
        <span className="text-xs text-slate-600">{p.openWarnings ? `${plural(p.openWarnings, "desktop")} warned` : null}</span>
      </div>
      <p className="text-sm text-slate-700">
        {scope(p)}. {rules(p)}.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="secondary"
          pending={pending}
          onClick={() =>
            run(
              () => dryRunLifecyclePolicy({ policyId: p.id }),
              (result) => {
                setPlan(result.steps);
                router.refresh();
                return `Dry run: ${plural(result.steps.length, "desktop")} listed. Nothing was changed.`;
              },
            )
          }
        >
          Dry run<span className="sr-only"> of {p.name}</span>
        </Button>
        {p.enabled ? (
          <Button variant="secondary" pending={pending} onClick={() => run(() => setLifecyclePolicyEnabled({ policyId: p.id, enabled: false }), () => (router.refresh(), "Disabled."))}>
            Disable<span className="sr-only"> {p.name}</span>
          </Button>
        ) : (
          <ConfirmDialog
            triggerLabel={
              <>
                Enable<span className="sr-only"> {p.name}</span>
              </>
            }
            title={`Enable ${p.name}?`}
            confirmLabel="Enable"
            disabled={!p.dryRunAt}
            disabledReason="Run the dry run first."
            onConfirm={async () => {
              const result = await setLifecyclePolicyEnabled({ policyId: p.id, enabled: true });
              if (result.ok) router.refresh();
              return result.ok ? { ok: true as const } : { ok: false as const, message: result.message };
            }}
          >
            From the worker&apos;s next pass, owners are warned and the steps of the dry run are taken.
          </ConfirmDialog>
        )}
        <ConfirmDialog
          triggerLabel={
            <>
              Delete<span className="sr-only"> {p.name}</span>
            </>
          }
          title={`Delete ${p.name}?`}
          confirmLabel="Delete"
          variant="danger"
          onConfirm={async () => {
            const result = await deleteLifecyclePolicy({ policyId: p.id });
            if (result.ok) router.refresh();
            return result.ok ? { ok: true as const } : { ok: false as const, message: result.message };
          }}
        >
          Its warnings lapse: nothing more happens to those desktops.
        </ConfirmDialog>
      </div>
      <ActionMessage message={message} />
      {plan &&
        (plan.length === 0 ? (
          <p className="text-sm text-slate-600">The policy would do nothing now.</p>
        ) : (
          <DataTable caption={`Dry run of ${p.name}`} columns={["Desktop", "Owner", "What it would do"]}>
            {plan.map((s) => (
              <tr key={s.desktopId} data-desktop={s.workspaceId ?? s.desktopId}>
                <td className="px-3 py-2">
                  {s.workspaceId} <span className="text-xs text-slate-600">{s.userName} · {s.directoryName}</span>
                </td>
                <td className="px-3 py-2">{s.ownerName ?? "—"}</td>
                <td className="px-3 py-2">{s.what}</td>
              </tr>
            ))}
          </DataTable>
        ))}
    </li>
  );
}
