"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/button";
import { DataTable } from "@/components/data-table";
import { Field, inputClass } from "@/components/field";
import { savePrice } from "../actions";
import { useActionForm } from "@/components/use-action-form";
import { formatMoney, formatRate } from "../price";
import type { PriceRowView } from "../queries";

const COMPUTE_TYPES = ["VALUE", "STANDARD", "PERFORMANCE", "POWER", "POWERPRO", "GRAPHICS_G4DN", "GRAPHICSPRO_G4DN"];

export function PriceTable({ rows, defaultRegion }: { rows: PriceRowView[]; defaultRegion: string }) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className="space-y-4">
      <DataTable
        caption="Prices"
        columns={[
          "Region",
          "Compute",
          "Platform",
          { label: "AlwaysOn / month", className: "text-right" },
          { label: "AutoStop / month", className: "text-right" },
          { label: "AutoStop / hour", className: "text-right" },
          { label: "Break-even", className: "text-right" },
          "Bundles",
          <span key="edit" className="sr-only">
            Edit
          </span>,
        ]}
      >
        {rows.map((p) => (
          <PriceRow key={p.id} price={p} editing={editing === p.id} onEdit={() => setEditing(editing === p.id ? null : p.id)} onDone={() => setEditing(null)} />
        ))}
      </DataTable>
      <details className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <summary className="cursor-pointer text-sm font-medium">Add a price</summary>
        <div className="mt-3">
          <PriceForm defaults={{ region: defaultRegion, currency: "USD", includedStorageGiB: 0, storagePerGiBMonthly: 0.1 }} />
        </div>
      </details>
    </div>
  );
}

function PriceRow({ price: p, editing, onEdit, onDone }: { price: PriceRowView; editing: boolean; onEdit: () => void; onDone: () => void }) {
  return (
    <>
      <tr data-price={`${p.region}|${p.computeType}|${p.platform}`}>
        <td className="whitespace-nowrap px-3 py-2" data-label="Region">{p.region}</td>
        <td className="px-3 py-2" data-label="Compute">{p.computeType}</td>
        <td className="px-3 py-2" data-label="Platform">{p.platform === "WINDOWS" ? "Windows" : "Linux"}</td>
        <td className="px-3 py-2 text-right tabular-nums" data-label="AlwaysOn / month">{formatMoney(p.alwaysOnMonthly, p.currency)}</td>
        <td className="px-3 py-2 text-right tabular-nums" data-label="AutoStop / month">{formatMoney(p.autoStopMonthly, p.currency)}</td>
        <td className="px-3 py-2 text-right tabular-nums" data-label="AutoStop / hour">{formatRate(p.autoStopHourly, p.currency)}</td>
        <td className="px-3 py-2 text-right tabular-nums" data-col="breakEven" data-label="Break-even">
          {Number.isFinite(p.breakEvenHours) ? `${p.breakEvenHours.toFixed(1)} h` : "—"}
        </td>
        <td className="px-3 py-2 text-xs text-slate-600" data-label="Bundles">{p.bundles.length ? p.bundles.join(", ") : "none in the catalogue"}</td>
        <td className="px-3 py-2">
          <button type="button" className="text-sm font-medium text-indigo-700 underline" aria-expanded={editing} onClick={onEdit}>
            Edit<span className="sr-only"> {p.computeType} {p.platform} in {p.region}</span>
          </button>
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={9} className="bg-slate-50 px-3 py-3">
            <PriceForm defaults={p} priceId={p.id} onSaved={onDone} />
            <p className="mt-2 text-xs text-slate-500">Source: {p.source}</p>
          </td>
        </tr>
      )}
    </>
  );
}

type Defaults = Partial<Pick<PriceRowView, "region" | "computeType" | "platform" | "currency" | "alwaysOnMonthly" | "autoStopMonthly" | "autoStopHourly" | "includedStorageGiB" | "storagePerGiBMonthly" | "source">>;

function PriceForm({ defaults, priceId, onSaved }: { defaults: Defaults; priceId?: string; onSaved?: () => void }) {
  const router = useRouter();
  const { run, pending, fieldErrors: errors, message } = useActionForm();
  const key = priceId ?? "new";
  const field = (name: keyof Defaults, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field id={`${key}-${name}`} label={label} error={errors[name]}>
      <input id={`${key}-${name}`} name={name} defaultValue={defaults[name] as string | number | undefined} className={inputClass} aria-invalid={Boolean(errors[name])} {...props} />
    </Field>
  );
  return (
    <form
      noValidate
      aria-label={priceId ? `Edit price ${defaults.computeType} ${defaults.platform} ${defaults.region}` : "Add a price"}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(e.currentTarget));
        run(
          () => savePrice({ ...data, priceId: priceId ?? "" }),
          () => {
            router.refresh();
            onSaved?.();
            return "Price saved.";
          },
        );
      }}
    >
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {field("region", "Region")}
        <Field id={`${key}-computeType`} label="Compute type" error={errors.computeType}>
          <input id={`${key}-computeType`} name="computeType" list="compute-types" defaultValue={defaults.computeType} className={inputClass} aria-invalid={Boolean(errors.computeType)} />
        </Field>
        <Field id={`${key}-platform`} label="Platform" error={errors.platform}>
          <select id={`${key}-platform`} name="platform" defaultValue={defaults.platform ?? "WINDOWS"} className={inputClass}>
            <option value="WINDOWS">Windows</option>
            <option value="LINUX">Linux</option>
          </select>
        </Field>
        {field("currency", "Currency", { maxLength: 3 })}
        {field("alwaysOnMonthly", "AlwaysOn monthly", { inputMode: "decimal" })}
        {field("autoStopMonthly", "AutoStop monthly", { inputMode: "decimal" })}
        {field("autoStopHourly", "AutoStop hourly", { inputMode: "decimal" })}
        {field("includedStorageGiB", "Storage included (GiB)", { inputMode: "numeric" })}
        {field("storagePerGiBMonthly", "Extra storage per GiB-month", { inputMode: "decimal" })}
      </div>
      {field("source", "Source", { placeholder: "AWS WorkSpaces pricing page, <region>, list prices as of <date>" })}
      <datalist id="compute-types">
        {COMPUTE_TYPES.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <div className="flex items-center gap-3">
        <Button type="submit" pending={pending}>
          {priceId ? "Save price" : "Add price"}
        </Button>
        {message && (
          <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
            {message.text}
          </p>
        )}
      </div>
    </form>
  );
}
