/**
 * How long emulated processes take. Durations are AWS-like ("realistic") seconds multiplied by a
 * factor chosen per run: `test` makes a new desktop AVAILABLE in 2 s, `demo` in 60 s so a live demo
 * stays watchable. Policy windows (auto-stop timeout, the 6-hour modify cooldown) are NOT scaled:
 * they are rules, not process durations; tests move the clock to cross them.
 */

export const REALISTIC_SECONDS = {
  workspacePending: 1200,
  workspaceStarting: 90,
  workspaceStopping: 60,
  workspaceRebooting: 120,
  workspaceRebuilding: 900,
  workspaceRestoring: 900,
  workspaceTerminating: 300,
  /** How long TERMINATED stays visible before the id is simply no longer returned. */
  workspaceTerminatedVisible: 600,
  workspaceUpdating: 1200,
  /** MigrateWorkspace: the new desktop is PENDING for up to an hour. */
  workspaceMigrating: 3600,
  /** REBOOTING may be rebooted again only when stuck longer than this. */
  rebootStuckAfter: 1200,
  imageCreating: 2700,
  /** CopyWorkspaceImage: the copy is PENDING in the destination region meanwhile. */
  imageCopying: 1200,
  simpleAdCreating: 600,
  adConnectorCreating: 300,
  microsoftAdCreating: 2400,
  directoryDeleting: 300,
  /** RadiusStatus Creating → Completed after EnableRadius / UpdateRadius. */
  radiusConfiguring: 120,
  directoryRegistering: 60,
  directoryDeregistering: 60,
} as const;

export type DurationName = keyof typeof REALISTIC_SECONDS;

export const NAMED_TIME_SCALES: Record<string, number> = {
  realistic: 1,
  demo: 0.05,
  test: 1 / 600,
};

/** Accepts a preset name or a positive number ("0.01"); returns the factor. */
export function parseTimeScale(value: string | number): number {
  if (typeof value === "number") {
    if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`time scale must be > 0, got ${value}`);
    return value;
  }
  const preset = NAMED_TIME_SCALES[value];
  if (preset !== undefined) return preset;
  const numeric = Number(value);
  if (value.trim() !== "" && Number.isFinite(numeric) && numeric > 0) return numeric;
  throw new RangeError(`unknown time scale "${value}" (use ${Object.keys(NAMED_TIME_SCALES).join(", ")} or a number > 0)`);
}

/** Scaled duration in milliseconds (at least 1 ms, so an ordering of events always exists). */
export function scaledMs(name: DurationName, factor: number): number {
  return Math.max(1, Math.round(REALISTIC_SECONDS[name] * 1000 * factor));
}
