"use client";
import { useState } from "react";
import type { BundleOption } from "@/lib/catalog/queries";

// AWS's compute types from smallest to largest, so the list reads as a ladder.
const COMPUTE_LADDER = ["VALUE", "STANDARD", "PERFORMANCE", "POWER", "POWERPRO", "GRAPHICS_G4DN", "GRAPHICSPRO_G4DN"];
const computeLabel: Record<string, string> = {
  VALUE: "Value",
  STANDARD: "Standard",
  PERFORMANCE: "Performance",
  POWER: "Power",
  POWERPRO: "PowerPro",
  GRAPHICS_G4DN: "Graphics.g4dn",
  GRAPHICSPRO_G4DN: "GraphicsPro.g4dn",
};
const rank = (computeType: string) => {
  const i = COMPUTE_LADDER.indexOf(computeType);
  return i === -1 ? COMPUTE_LADDER.length : i;
};

const choice = "flex cursor-pointer gap-3 rounded-md bg-white p-3 ring-1 ring-slate-200 has-[:checked]:ring-2 has-[:checked]:ring-indigo-600";

// The operating system first, then that system's bundles grouped by compute type.
export function BundlePicker({ bundles, error, onSelect }: { bundles: BundleOption[]; error?: string; onSelect: (bundleId: string | null) => void }) {
  const platforms = (["WINDOWS", "LINUX"] as const).filter((p) => bundles.some((b) => b.platform === p));
  const [platform, setPlatform] = useState<"WINDOWS" | "LINUX">(platforms[0] ?? "WINDOWS");
  const [selected, setSelected] = useState<string | null>(null);
  const shown = bundles.filter((b) => b.platform === platform).sort((a, b) => rank(a.computeType) - rank(b.computeType) || a.name.localeCompare(b.name));
  const groups = [...new Set(shown.map((b) => b.computeType))];

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
        {groups.map((computeType) => (
          <div key={computeType}>
            <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">{computeLabel[computeType] ?? computeType}</h2>
            <div className="grid gap-2 sm:grid-cols-2">
              {shown
                .filter((b) => b.computeType === computeType)
                .map((b) => (
                  <label key={b.id} className={choice}>
                    <input
                      type="radio"
                      name="bundleId"
                      value={b.id}
                      checked={selected === b.id}
                      className="mt-1"
                      aria-invalid={Boolean(error)}
                      onChange={() => {
                        setSelected(b.id);
                        onSelect(b.id);
                      }}
                    />
                    <span className="text-sm">
                      <span className="block font-medium">{b.name}</span>
                      <span className="block text-slate-600">
                        {b.rootVolumeGiB} GB system, {b.userVolumeGiB} GB user
                      </span>
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
