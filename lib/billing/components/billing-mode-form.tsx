"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/button";
import { Field, inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import { changeBillingMode } from "../mode-changes/actions";
import { requestBillingMode } from "../mode-requests/actions";
import { REASON_MAX } from "../mode-requests/schema";

type Mode = "AUTO_STOP" | "ALWAYS_ON";

// One form for both paths: an admin changes the mode directly; an owner asks for it (with a reason).
export function BillingModeForm({
  desktopId,
  currentMode,
  currentTimeoutHours,
  purpose,
}: {
  desktopId: string;
  currentMode: Mode;
  currentTimeoutHours: number | null;
  purpose: "change" | "request";
}) {
  const router = useRouter();
  const [mode, setMode] = useState<Mode>(currentMode === "ALWAYS_ON" ? "AUTO_STOP" : "ALWAYS_ON");
  const { run, pending, fieldErrors: errors, message } = useActionForm();
  const prefix = `billing-${purpose}`;

  return (
    <form
      noValidate
      className="space-y-3"
      aria-label={purpose === "change" ? "Change billing mode" : "Ask for a billing-mode change"}
      onSubmit={(e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(e.currentTarget));
        const input = { desktopId, toMode: mode, autoStopTimeoutHours: data.autoStopTimeoutHours ?? "", reason: data.reason };
        run(
          async () => {
            if (purpose === "change") return changeBillingMode(input);
            return requestBillingMode(input);
          },
          (result) => {
            router.refresh();
            return purpose === "request"
              ? "Your request was sent for approval."
              : "kind" in result && result.kind === "SCHEDULED"
                ? "Scheduled for the 1st of next month."
                : "Changed. AWS applies it in a moment.";
          },
        );
      }}
    >
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-sm font-medium">{purpose === "change" ? "New billing mode" : "Billing mode you would like"}</legend>
        {(["AUTO_STOP", "ALWAYS_ON"] as const).map((m) => (
          <label key={m} className="flex items-center gap-2 text-sm">
            <input type="radio" name={`${prefix}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)} />
            {m === "AUTO_STOP" ? "AutoStop (hourly)" : "AlwaysOn (monthly)"}
          </label>
        ))}
      </fieldset>
      {mode === "AUTO_STOP" && (
        <Field id={`${prefix}-timeout`} label="Stop after this many idle hours" hint="Whole hours, 1 to 48." error={errors.autoStopTimeoutHours}>
          <input
            id={`${prefix}-timeout`}
            name="autoStopTimeoutHours"
            type="number"
            inputMode="numeric"
            min={1}
            max={48}
            step="any"
            defaultValue={currentTimeoutHours ?? 1}
            className={`${inputClass} max-w-32`}
            aria-invalid={Boolean(errors.autoStopTimeoutHours)}
          />
        </Field>
      )}
      {purpose === "request" && (
        <Field id={`${prefix}-reason`} label="Why?" error={errors.reason}>
          <textarea id={`${prefix}-reason`} name="reason" rows={2} maxLength={REASON_MAX} className={inputClass} aria-invalid={Boolean(errors.reason)} />
        </Field>
      )}
      <p className="text-xs text-slate-500">
        {mode === "AUTO_STOP" && currentMode === "ALWAYS_ON"
          ? "AlwaysOn → AutoStop takes effect at 00:00 UTC on the 1st of next month (AWS bills AlwaysOn by the month)."
          : mode === "ALWAYS_ON"
            ? "AutoStop → AlwaysOn takes effect at once; AWS adds the AlwaysOn fee for the rest of the month to the hours already billed."
            : "A new AutoStop timeout takes effect at once."}
      </p>
      <Button type="submit" variant="secondary" pending={pending}>
        {purpose === "change" ? "Change billing mode" : "Send request"}
      </Button>
      {message && (
        <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {message.text}
        </p>
      )}
    </form>
  );
}
