"use client";
import { estimateModes } from "../estimate";
import { formatMoney, formatRate } from "../price";
import type { BundlePrice } from "../queries";

type Mode = "AUTO_STOP" | "ALWAYS_ON";

// The request form's live estimate: each billing mode's monthly cost for the hours a week the
// employee expects, and which one is cheaper. Prices come from the BillingPrice rows.
export function CostPreview({
  price,
  mode,
  hoursPerWeek,
  timeoutHours,
}: {
  price: BundlePrice | null;
  mode: Mode;
  hoursPerWeek: number | null;
  timeoutHours: number;
}) {
  if (!price) {
    return (
      <section aria-label="Cost estimate" className="rounded-md bg-slate-50 p-4 text-sm text-slate-600 ring-1 ring-slate-200">
        Choose a desktop type to see what each billing mode would cost.
      </section>
    );
  }
  const hours = hoursPerWeek ?? 0;
  const e = estimateModes(price, { hoursPerWeek: hours, timeoutHours, storageGiB: price.storageGiB });
  // Without the hours there is no AutoStop figure, so nothing to compare: no "cheaper", no "about 0 h".
  const known = hoursPerWeek !== null;
  const money = (n: number) => formatMoney(n, price.currency);
  const chosen = mode === "AUTO_STOP" ? e.autoStop : e.alwaysOn;
  const cheaperLabel = e.cheaper === "AUTO_STOP" ? "AutoStop" : "AlwaysOn";

  return (
    <section aria-label="Cost estimate" className="space-y-3 rounded-md bg-slate-50 p-4 ring-1 ring-slate-200">
      <h2 className="text-sm font-semibold">Estimated monthly cost</h2>
      <div className="grid gap-2 sm:grid-cols-2" aria-live="polite">
        <ModeCost
          testId="estimate-autostop"
          label="AutoStop (hourly)"
          amount={known ? money(e.autoStop) : `from ${money(price.autoStopMonthly)}`}
          chosen={mode === "AUTO_STOP"}
          cheaper={known && e.cheaper === "AUTO_STOP"}
          detail={
            known
              ? `${money(price.autoStopMonthly)} a month + ${formatRate(price.autoStopHourly, price.currency)} an hour × about ${Math.round(e.autoStopHours)} h (your use plus ${timeoutHours} h idle after each day's session)`
              : `${money(price.autoStopMonthly)} a month + ${formatRate(price.autoStopHourly, price.currency)} for each hour it runs (your use plus ${timeoutHours} h idle after each day's session)`
          }
        />
        <ModeCost
          testId="estimate-alwayson"
          label="AlwaysOn (monthly)"
          amount={money(e.alwaysOn)}
          chosen={mode === "ALWAYS_ON"}
          cheaper={known && e.cheaper === "ALWAYS_ON"}
          detail="One fixed fee, however much you use it."
        />
      </div>
      <p className="text-sm" data-testid="estimate-summary" aria-live="polite">
        {hoursPerWeek === null ? (
          <>Enter the hours a week you expect to use it for a closer estimate.</>
        ) : e.cheaper === null ? (
          <>At {hours} h a week both modes cost the same.</>
        ) : (
          <>
            At {hours} h a week, <strong data-testid="estimate-cheaper">{cheaperLabel}</strong> is cheaper by {money(e.saving)} a month
            {e.cheaper === mode ? "." : `; the mode you chose costs ${money(chosen)}.`}
          </>
        )}
      </p>
      <p className="text-xs text-slate-500">
        AlwaysOn pays off above about {Math.round(e.breakEvenHours)} billed hours a month (about {Math.max(0, Math.round(e.breakEvenHoursPerWeek))} h of
        use a week). List prices; an estimate, not a quote.
      </p>
    </section>
  );
}

function ModeCost({ testId, label, amount, detail, chosen, cheaper }: { testId: string; label: string; amount: string; detail: string; chosen: boolean; cheaper: boolean }) {
  return (
    <div className={`rounded-md bg-white p-3 ring-1 ${chosen ? "ring-2 ring-indigo-600" : "ring-slate-200"}`}>
      <p className="text-xs font-medium text-slate-600">
        {label}
        {chosen && <span className="ml-1 text-indigo-700">· your choice</span>}
        {cheaper && <span className="ml-1 text-emerald-700">· cheaper</span>}
      </p>
      <p className="text-lg font-semibold" data-testid={testId} data-chosen={chosen} data-cheaper={cheaper}>
        {amount}
      </p>
      <p className="text-xs text-slate-500">{detail}</p>
    </div>
  );
}
