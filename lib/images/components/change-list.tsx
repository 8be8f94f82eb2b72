import { StateBadge } from "@/components/state-badge";
import { Time } from "@/components/time";
import type { ChangeView } from "../queries";

/** Recent image or bundle changes: queued, sent, done, or refused with AWS's code and message. */
export function ChangeList({ changes, title }: { changes: ChangeView[]; title: string }) {
  if (changes.length === 0) return null;
  return (
    <section aria-labelledby="changes-title" className="space-y-2">
      <h2 id="changes-title" className="text-lg font-semibold">
        {title}
      </h2>
      <ul className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200" data-testid="change-list">
        {changes.map((c) => (
          <li key={c.id} className="flex flex-wrap items-start gap-x-3 gap-y-1 px-3 py-2 text-sm" data-change-type={c.type}>
            <StateBadge state={c.status} label={c.status.toLowerCase()} />
            <span className="min-w-0 flex-1 break-words">
              {c.summary}
              {c.error && <span className="block text-red-700">{c.error}</span>}
            </span>
            <span className="text-xs text-slate-500">
              <Time iso={c.at} />
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
