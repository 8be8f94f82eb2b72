import { percentWidthClass } from "./percent-width";

// A segmented progress bar (e.g. a bulk job: succeeded, failed, skipped, still running), announced
// to screen readers as "n of total finished".
const tones = {
  success: "bg-emerald-500",
  danger: "bg-red-500",
  muted: "bg-slate-400",
  active: "bg-sky-300",
} as const;

export type ProgressSegment = { label: string; value: number; tone: keyof typeof tones };

export function ProgressBar({ label, total, segments }: { label: string; total: number; segments: ProgressSegment[] }) {
  const finished = segments.filter((s) => s.tone !== "active").reduce((n, s) => n + s.value, 0);
  const percent = total === 0 ? 100 : Math.floor((finished / total) * 100);
  return (
    <div className="space-y-2">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={finished}
        aria-valuetext={`${finished} of ${total} finished (${percent} %)`}
        className="flex h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        {segments
          .filter((s) => s.value > 0)
          .map((s) => (
            <div key={s.label} className={`${tones[s.tone]} ${percentWidthClass(s.value, Math.max(total, 1))} h-full transition-[width] duration-500`} title={`${s.label}: ${s.value}`} />
          ))}
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {segments
          .filter((s) => s.value > 0)
          .map((s) => (
            <li key={s.label} className="inline-flex items-center gap-1.5">
              <span aria-hidden className={`inline-block size-2.5 rounded-full ${tones[s.tone]}`} />
              {s.label}: <span className="font-medium text-slate-900">{s.value.toLocaleString()}</span>
            </li>
          ))}
      </ul>
    </div>
  );
}
