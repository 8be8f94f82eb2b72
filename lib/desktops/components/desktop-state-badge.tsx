import { StateBadge } from "@/components/state-badge";
import { DESKTOP_STATE_LABELS, isChanging, type DesktopState } from "../desktop-state";

// A desktop's state as the pages show it: AWS's word, unless it would mislead (DESKTOP_STATE_LABELS);
// a state that passes on its own is coloured as work in progress.
export function DesktopStateBadge({ state }: { state: string }) {
  const label = DESKTOP_STATE_LABELS[state as DesktopState];
  return <StateBadge state={state} label={label} toneOf={label && isChanging(state) ? "UPDATING" : undefined} />;
}
