import { StateBadge } from "@/components/state-badge";

const STATE_LABEL: Record<string, string> = { pending: "To do", running: "In progress", waiting: "Waiting for AWS", done: "Done", skipped: "Skipped", failed: "Failed" };
const BADGE: Record<string, string> = { pending: "QUEUED", running: "PENDING", waiting: "PENDING", done: "AVAILABLE", skipped: "CANCELLED", failed: "ERROR" };

export interface ChecklistItem {
  key: string;
  label: string;
  state: string;
  detail?: string;
  error?: { code: string; message: string };
}

/** The live list of a step-by-step job (quick set-up, clean-up): each step's state, what it did, AWS's words. */
export function StepChecklist({ steps, testId }: { steps: ChecklistItem[]; testId: string }) {
  return (
    <ol className="divide-y divide-slate-100" aria-live="polite" data-testid={testId}>
      {steps.map((s) => (
        <li key={s.key} className="flex flex-col gap-1 py-2 sm:flex-row sm:items-start sm:gap-4" data-step={s.key} data-state={s.state}>
          <span className="w-56 shrink-0 font-medium">{s.label}</span>
          <span className="shrink-0">
            <StateBadge state={BADGE[s.state] ?? "UNKNOWN"} label={STATE_LABEL[s.state] ?? s.state} />
          </span>
          <span className="min-w-0 break-words text-sm text-slate-700">
            {s.detail}
            {s.error && (
              <span className="block text-red-700">
                AWS said: {s.error.code}: {s.error.message}
              </span>
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}
