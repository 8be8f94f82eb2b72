import { buttonClass } from "./button";
import { inputClass } from "./field";

// The GET filter form above admin lists: filters live in the URL, so views can be shared and bookmarked.
export function FilterForm({ label, children }: { label?: string; children: React.ReactNode }) {
  return (
    <form method="get" role="search" aria-label={label} className="flex flex-wrap items-end gap-2">
      {children}
      <button type="submit" className={buttonClass("secondary")}>
        Apply
      </button>
    </form>
  );
}

export function FilterInput({ id, label, defaultValue, placeholder, type = "text" }: { id: string; label: string; defaultValue: string; placeholder?: string; type?: "text" | "date" }) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <input id={id} name={id} type={type} defaultValue={defaultValue} placeholder={placeholder} className={inputClass} />
    </div>
  );
}

export function FilterSelect({ id, label, defaultValue, options }: { id: string; label: string; defaultValue: string; options: readonly (readonly [value: string, label: string])[] }) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <select id={id} name={id} defaultValue={defaultValue} className={inputClass}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
