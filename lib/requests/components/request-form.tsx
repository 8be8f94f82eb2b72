"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/button";
import { Field, inputClass } from "@/components/field";
import { Alert } from "@/components/alert";
import { ErrorSummary } from "@/components/error-summary";
import type { BundleOption } from "@/lib/catalog/queries";
import type { BundlePrice } from "@/lib/billing/prices/queries";
import { CostPreview } from "@/lib/billing/prices/components/cost-preview";
import { submitRequest, type ExistingLink } from "../actions";
import { BundlePicker } from "./bundle-picker";
import { JUSTIFICATION_MAX } from "../schema";
import { tagFieldId, type RequiredTag } from "@/lib/guardrails/rules";

// The fields in the order the form shows them, for the error summary.
const FIELD_ORDER = ["bundleId", "runningMode", "autoStopTimeoutHours", "hoursPerWeek", "justification"];

export function RequestForm({
  bundles,
  defaultTimeoutHours,
  prices = {},
  requiredTags = [],
}: {
  bundles: BundleOption[];
  defaultTimeoutHours: number;
  /** The directory's required tags (lib/guardrails), asked for here. */
  requiredTags?: RequiredTag[];
  /** List prices by bundle id, for the cost estimate. */
  prices?: Record<string, BundlePrice>;
}) {
  const router = useRouter();
  const { run, pending, fieldErrors: errors, message } = useActionForm();
  const formError = message?.text ?? null;
  // The desktop or open request that the refused request would duplicate.
  const [existing, setExisting] = useState<{ href: string; label: string } | null>(null);
  const [mode, setMode] = useState<"AUTO_STOP" | "ALWAYS_ON">("AUTO_STOP");
  const [justification, setJustification] = useState("");
  // What the cost estimate follows: the chosen bundle, the idle timeout and the expected hours.
  const [bundleId, setBundleId] = useState<string | null>(null);
  const [timeoutHours, setTimeoutHours] = useState(String(defaultTimeoutHours));
  const [hoursPerWeek, setHoursPerWeek] = useState("");

  return (
    <form
      noValidate
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const data = {
          ...Object.fromEntries([...form].filter(([name]) => !name.startsWith("tag-"))),
          tags: Object.fromEntries(requiredTags.map((t, i) => [t.key, String(form.get(tagFieldId(i)) ?? "")])),
        };
        run(
          async () => {
            const result = await submitRequest(data);
            setExisting(!result.ok && "existing" in result && result.existing ? (result.existing as ExistingLink) : null);
            return result;
          },
          (result) => router.push(`/requests/${result.requestId}?submitted=1`),
        );
      }}
    >
      {formError && (
        <Alert tone="error">
          {formError}
          {existing && (
            <>
              {" "}
              <Link href={existing.href} className="font-medium underline">
                {existing.label}
              </Link>
            </>
          )}
        </Alert>
      )}
      <ErrorSummary errors={errors} order={[...FIELD_ORDER.slice(0, -1), ...requiredTags.map((_, i) => tagFieldId(i)), "justification"]} />

      <BundlePicker bundles={bundles} prices={prices} error={errors.bundleId} onSelect={setBundleId} />

      <fieldset id="runningMode" className="space-y-2">
        <legend className="text-sm font-medium">Billing mode</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          <label className="flex cursor-pointer gap-3 rounded-md bg-white p-3 ring-1 ring-slate-200 has-[:checked]:ring-2 has-[:checked]:ring-indigo-600">
            <input type="radio" name="runningMode" value="AUTO_STOP" checked={mode === "AUTO_STOP"} onChange={() => setMode("AUTO_STOP")} className="mt-1" />
            <span className="text-sm">
              <span className="block font-medium">AutoStop (hourly)</span>
              <span className="block text-slate-600">Stops when idle; billed per hour used plus a small monthly fee.</span>
            </span>
          </label>
          <label className="flex cursor-pointer gap-3 rounded-md bg-white p-3 ring-1 ring-slate-200 has-[:checked]:ring-2 has-[:checked]:ring-indigo-600">
            <input type="radio" name="runningMode" value="ALWAYS_ON" checked={mode === "ALWAYS_ON"} onChange={() => setMode("ALWAYS_ON")} className="mt-1" />
            <span className="text-sm">
              <span className="block font-medium">AlwaysOn (monthly)</span>
              <span className="block text-slate-600">Always running; one fixed monthly fee.</span>
            </span>
          </label>
        </div>
        {errors.runningMode && (
          <p role="alert" className="text-xs font-medium text-red-700">
            {errors.runningMode}
          </p>
        )}
      </fieldset>

      {mode === "AUTO_STOP" && (
        <Field id="autoStopTimeoutHours" label="Stop after this many idle hours" hint="Whole hours, 1 to 48." error={errors.autoStopTimeoutHours}>
          <input
            id="autoStopTimeoutHours"
            name="autoStopTimeoutHours"
            type="number"
            inputMode="numeric"
            min={1}
            max={48}
            step="any"
            value={timeoutHours}
            onChange={(e) => setTimeoutHours(e.target.value)}
            className={`${inputClass} max-w-32`}
            aria-invalid={Boolean(errors.autoStopTimeoutHours)}
            aria-describedby={errors.autoStopTimeoutHours ? "autoStopTimeoutHours-error" : "autoStopTimeoutHours-hint"}
          />
        </Field>
      )}

      <Field id="hoursPerWeek" label="Hours a week you expect to use it" hint="Optional; whole hours, 1 to 168. Used for the cost estimate." error={errors.hoursPerWeek}>
        <input
          id="hoursPerWeek"
          name="hoursPerWeek"
          type="number"
          inputMode="numeric"
          min={1}
          max={168}
          step={1}
          value={hoursPerWeek}
          onChange={(e) => setHoursPerWeek(e.target.value)}
          className={`${inputClass} max-w-32`}
          aria-invalid={Boolean(errors.hoursPerWeek)}
          aria-describedby={errors.hoursPerWeek ? "hoursPerWeek-error" : "hoursPerWeek-hint"}
        />
      </Field>

      <CostPreview
        price={bundleId ? (prices[bundleId] ?? null) : null}
        mode={mode}
        hoursPerWeek={/^\d+$/.test(hoursPerWeek) ? Math.min(168, Number(hoursPerWeek)) : null}
        timeoutHours={mode === "AUTO_STOP" && /^\d+$/.test(timeoutHours) ? Number(timeoutHours) : defaultTimeoutHours}
      />

      {requiredTags.length > 0 && (
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium">Tags your company requires</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            {requiredTags.map((t, i) => (
              <Field key={t.key} id={tagFieldId(i)} label={t.key} error={errors[tagFieldId(i)]}>
                {t.allowedValues.length > 0 ? (
                  <select id={tagFieldId(i)} name={tagFieldId(i)} defaultValue={t.defaultValue} className={inputClass} aria-invalid={Boolean(errors[tagFieldId(i)]) || undefined} aria-describedby={errors[tagFieldId(i)] ? `${tagFieldId(i)}-error` : undefined}>
                    {t.allowedValues.map((v) => (
                      <option key={v} value={v}>
                        {v}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input id={tagFieldId(i)} name={tagFieldId(i)} defaultValue={t.defaultValue} maxLength={255} className={inputClass} aria-invalid={Boolean(errors[tagFieldId(i)]) || undefined} aria-describedby={errors[tagFieldId(i)] ? `${tagFieldId(i)}-error` : undefined} />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
      )}

      <Field id="justification" label="Why do you need it?" hint={`${justification.length} / ${JUSTIFICATION_MAX} characters`} error={errors.justification}>
        <textarea
          id="justification"
          name="justification"
          rows={4}
          value={justification}
          onChange={(e) => setJustification(e.target.value)}
          className={inputClass}
          aria-invalid={Boolean(errors.justification)}
          aria-describedby={errors.justification ? "justification-error" : "justification-hint"}
        />
      </Field>

      <Button type="submit" pending={pending}>
        Submit request
      </Button>
    </form>
  );
}
