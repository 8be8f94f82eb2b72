"use client";
import { useState } from "react";
import type { BundleOption } from "@/lib/catalog/queries";
import type { BundlePrice } from "@/lib/billing/prices/queries";
import { AVERAGE_MONTH_HOURS } from "@/lib/billing/prices/estimate";
import { formatMoney, formatRate, fullMonthCosts } from "@/lib/billing/prices/price";

const choice = "flex cursor-pointer gap-3 rounded-md bg-white p-3 ring-1 ring-slate-200 has-[:checked]:ring-2 has-[:checked]:ring-indigo-600";

// The platform first, then its bundles grouped by operating system (in the order given: newest
// first) with what each offers and costs a month in either billing mode.
export function BundlePicker({
  bundles,
  prices = {},
  error,
  onSelect,
}: {
  bundles: BundleOption[];
  prices?: Record<string, BundlePrice>;
  error?: string;
  onSelect: (bundleId: string | null) => void;
}) {
  const platforms = (["WINDOWS", "LINUX"] as const).filter((p) => bundles.some((b) => b.platform === p));
  const [platform, setPlatform] = useState<"WINDOWS" | "LINUX">(platforms[0] ?? "WINDOWS");
  const [selected, setSelected] = useState<string | null>(null);
  const shown = bundles.filter((b) => b.platform === platform);
  const groups = [...new Set(shown.map((b) => b.operatingSystem))];

  return (
    <div className="space-y-4">
      <fieldset>
        <legend className="text-sm font-medium">Operating system</legend>
        <div className="mt-2 inline-flex rounded-md bg-white p-1 ring-1 ring-slate-200">
          {platforms.map((p) => (
            <label key={p} className="cursor-pointer rounded px-4 py-1.5 text-sm font-medium has-[:checked]:bg-indigo-600 has-[:checked]:text-white has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600 has-[:focus-visible]:outline-offset-2">
              <input
                type="radio"
                name="platform"
                value={p}
                checked={platform === p}
                onChange={() => {
                  setPlatform(p);
                  // A bundle of the other system is no longer shown, so it is no longer chosen.
                  setSelected(null);
                  onSelect(null);
                }}
                className="sr-only"
              />
              {p === "WINDOWS" ? "Windows" : "Linux"}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset id="bundleId" className="space-y-3" aria-describedby={error ? "bundleId-error" : undefined}>
        <legend className="text-sm font-medium">Desktop type</legend>
        {groups.map((os) => (
          <div key={os}>
            <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">{os}</h2>
            <div className="grid gap-2 sm:grid-cols-2">
              {shown
                .filter((b) => b.operatingSystem === os)
                .map((b) => (
                  <label key={b.id} className={choice} data-bundle-id={b.id}>
                    <input
                      type="radio"
                      name="bundleId"
                      value={b.id}
                      checked={selected === b.id}
                      className="mt-1"
                      aria-invalid={Boolean(error)}
                      aria-labelledby={`${b.id}-name`}
                      aria-describedby={`${b.id}-about ${b.id}-specs ${b.id}-prices`}
                      onChange={() => {
                        setSelected(b.id);
                        onSelect(b.id);
                      }}
                    />
                    <span className="text-sm">
                      <span id={`${b.id}-name`} className="block font-medium">
                        {b.name}
                      </span>
                      {b.about && (
                        <span id={`${b.id}-about`} className="block text-slate-700">
                          {b.about}
                        </span>
                      )}
                      <span id={`${b.id}-specs`} className="block text-slate-600" data-testid="bundle-specs">
                        {b.hardware && `${b.hardware.vcpus} vCPU · ${b.hardware.memoryGiB} GiB memory${b.hardware.gpu ? " · GPU" : ""} · `}
                        {b.rootVolumeGiB} GB system + {b.userVolumeGiB} GB user storage
                      </span>
                      <BundlePrices id={`${b.id}-prices`} price={prices[b.id]} />
                    </span>
                  </label>
                ))}
            </div>
          </div>
        ))}
        {error && (
          <p id="bundleId-error" role="alert" className="text-xs font-medium text-red-700">
            {error}
          </p>
        )}
      </fieldset>
    </div>
  );
}

// A month of each billing mode for this bundle, its storage included (AutoStop: plus each hour it runs).
function BundlePrices({ id, price }: { id: string; price?: BundlePrice }) {
  if (!price) {
    return (
      <span id={id} className="block text-slate-500" data-testid="bundle-prices">
        No price on file
      </span>
    );
  }
  const month = fullMonthCosts(price, 0, AVERAGE_MONTH_HOURS, price.storageGiB);
  const money = (n: number) => formatMoney(n, price.currency);
  return (
    <span id={id} className="block text-slate-600" data-testid="bundle-prices">
      AlwaysOn {money(month.alwaysOn)} a month · AutoStop {money(month.autoStop)} a month + {formatRate(price.autoStopHourly, price.currency)} an hour
    </span>
  );
}
