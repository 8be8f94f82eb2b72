"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/button";
import { Field, inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import { runCostPolicy, saveBillingPolicy } from "../actions";
import type { CostPolicyRun } from "../cost-policy";
import { formatMoney } from "../../prices/price";
import type { BillingPolicyView } from "../queries";
import { modeText } from "../../components/mode-label";

const OUTCOME_TEXT: Record<string, string> = {
  APPLIED: "switched now",
  SCHEDULED: "scheduled",
  WOULD_APPLY: "would switch now",
  WOULD_SCHEDULE: "would schedule",
  SKIPPED: "skipped",
  FAILED: "failed",
};

export function CostPolicyPanel({ policy }: { policy: BillingPolicyView }) {
  const router = useRouter();
  const form = useActionForm();
  const { pending, fieldErrors: errors, message } = form;
  const [run, setRun] = useState<CostPolicyRun | null>(null);

  const execute = (dryRun: boolean) =>
    form.run(
      () => runCostPolicy({ dryRun }),
      (result) => {
        setRun(result.run);
        if (!dryRun) router.refresh();
      },
    );

  return (
    <div className="space-y-4">
      <form
        noValidate
        aria-label="Cost policy settings"
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          const data = Object.fromEntries(new FormData(e.currentTarget));
          form.run(
            () => saveBillingPolicy({ ...data, autoApply: data.autoApply === "on" }),
            () => {
              router.refresh();
              return "Policy saved.";
            },
          );
        }}
      >
        <label className="flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" name="autoApply" defaultChecked={policy.autoApply} />
          Apply recommendations automatically (AlwaysOn at once, AutoStop from the 1st)
        </label>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field id="exemptTagKey" label="Exemption tag key" hint="Desktops with this tag (any value but false) are never switched automatically." error={errors.exemptTagKey}>
            <input id="exemptTagKey" name="exemptTagKey" defaultValue={policy.exemptTagKey} className={inputClass} />
          </Field>
          <Field id="costCentreTagKey" label="Cost centre tag key" error={errors.costCentreTagKey}>
            <input id="costCentreTagKey" name="costCentreTagKey" defaultValue={policy.costCentreTagKey} className={inputClass} />
          </Field>
          <Field id="departmentTagKey" label="Department tag key" error={errors.departmentTagKey}>
            <input id="departmentTagKey" name="departmentTagKey" defaultValue={policy.departmentTagKey} className={inputClass} />
          </Field>
          <Field id="minObservedHours" label="Usage needed before recommending (hours)" error={errors.minObservedHours}>
            <input id="minObservedHours" name="minObservedHours" type="number" min={0} max={744} defaultValue={policy.minObservedHours} className={inputClass} />
          </Field>
          <Field id="assumedAutoStopHours" label="Idle timeout assumed for AlwaysOn desktops (hours)" error={errors.assumedAutoStopHours}>
            <input id="assumedAutoStopHours" name="assumedAutoStopHours" type="number" min={1} max={48} defaultValue={policy.assumedAutoStopHours} className={inputClass} />
          </Field>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="secondary" pending={pending}>
            Save policy
          </Button>
          <Button type="button" variant="secondary" pending={pending} onClick={() => execute(true)}>
            Dry run
          </Button>
          <Button type="button" pending={pending} onClick={() => execute(false)}>
            Run now
          </Button>
        </div>
        {message && (
          <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
            {message.text}
          </p>
        )}
      </form>
      {run && (
        <section aria-label={run.dryRun ? "Dry run" : "Policy run"} className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="policy-run">
          <h3 className="text-sm font-semibold">{run.dryRun ? "Dry run: what the policy would do now" : "What the policy did"}</h3>
          {run.items.length === 0 ? (
            <p className="text-sm text-slate-600">Nothing to do: every desktop is in its cheaper mode or waiting for more usage data.</p>
          ) : (
            <ul className="mt-2 space-y-1 text-sm">
              {run.items.map((i) => (
                <li key={i.desktopId} data-outcome={i.outcome}>
                  <strong>{i.userName}</strong> ({i.bundleName}): {modeText(i.fromMode)} → {modeText(i.toMode)} — {OUTCOME_TEXT[i.outcome]}
                  {i.outcome === "SKIPPED" || i.outcome === "FAILED" ? `: ${i.detail}` : `, saves about ${formatMoney(i.monthlySaving, i.currency)} a month`}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
