/**
 * Run-time settings of one emulator process: speed, simulated users, limits and injected faults.
 * Set at start (options or CLI flags) and changeable through `POST /emulator/config`. They are not
 * persisted: a restart takes the settings it is started with.
 */
import { parseTimeScale } from "./time-scale";

export interface RateLimit {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Bucket size: how many calls may arrive at once. */
  burst: number;
}

export interface OperationFaults {
  /** Share of calls (0..1) answered with HTTP 500 InternalFailure or 503 ServiceUnavailable, without effect. */
  errorRate?: number;
  /** Added latency before the call is handled, in milliseconds. */
  latencyMs?: number;
  /** Share of calls (0..1) whose effect happens but whose answer is lost. */
  lostAnswerRate?: number;
  /** How the answer is lost: the connection is destroyed, or a 500 is returned instead. */
  lostAnswerMode?: "destroy" | "500";
}

export interface FaultConfig extends OperationFaults {
  /** Overrides per operation name, e.g. `{ CreateWorkspaces: { lostAnswerRate: 0.1 } }`. */
  operations?: Record<string, OperationFaults>;
  /** Seed of the fault dice, for reproducible runs. */
  seed?: number;
}

export interface ThrottleConfig {
  /** Applies to every operation without its own entry; absent = no throttling. */
  default?: RateLimit;
  operations?: Record<string, RateLimit>;
}

export interface EmulatorConfig {
  /** Factor applied to AWS-like durations (1 = realistic, 0.05 = demo, 1/600 = test). */
  timeScale: number;
  /** Simulated users connect and disconnect on a deterministic schedule. */
  sessions: boolean;
  /** Seed of the user schedules. */
  sessionSeed: string;
  /** Per-account desktop quota (AWS calls it the WorkSpaces limit). */
  workspaceLimit: number;
  /** Probability that a new desktop ends in ERROR instead of AVAILABLE. */
  pendingErrorRate: number;
  /** Probability that CreateWorkspaceImage / CopyWorkspaceImage ends in ERROR instead of AVAILABLE. */
  imageErrorRate: number;
  /** New desktops are invisible to DescribeWorkspaces for this long (AWS is eventually consistent). */
  describeLagSeconds: number;
  /** Enforce the 6-hour / 30-day windows between compute and volume changes. */
  modifyCooldowns: boolean;
  /**
   * Public bundles AWS has retired: DescribeWorkspaceBundles no longer lists them under Owner
   * AMAZON and no new desktop can be made from them (CreateWorkspaces, MigrateWorkspace), while
   * desktops already on them keep running and keep their BundleId.
   */
  retiredBundleIds: string[];
  faults: FaultConfig;
  throttle: ThrottleConfig;
}

export function defaultConfig(): EmulatorConfig {
  return {
    timeScale: parseTimeScale("demo"),
    sessions: true,
    sessionSeed: "workspaces-emulator",
    workspaceLimit: 10000,
    pendingErrorRate: 0,
    imageErrorRate: 0,
    describeLagSeconds: 0,
    modifyCooldowns: true,
    retiredBundleIds: [],
    faults: {},
    throttle: {},
  };
}

export type ConfigPatch = Partial<Omit<EmulatorConfig, "timeScale">> & { timeScale?: number | string };

/** Apply a patch, validating every field; throws RangeError with a readable message. */
export function mergeConfig(base: EmulatorConfig, patch: ConfigPatch): EmulatorConfig {
  const next: EmulatorConfig = { ...base };
  if (patch.timeScale !== undefined) next.timeScale = parseTimeScale(patch.timeScale);
  if (patch.sessions !== undefined) next.sessions = Boolean(patch.sessions);
  if (patch.sessionSeed !== undefined) next.sessionSeed = String(patch.sessionSeed);
  if (patch.workspaceLimit !== undefined) next.workspaceLimit = nonNegativeInteger("workspaceLimit", patch.workspaceLimit);
  if (patch.pendingErrorRate !== undefined) next.pendingErrorRate = share("pendingErrorRate", patch.pendingErrorRate);
  if (patch.imageErrorRate !== undefined) next.imageErrorRate = share("imageErrorRate", patch.imageErrorRate);
  if (patch.describeLagSeconds !== undefined) next.describeLagSeconds = nonNegative("describeLagSeconds", patch.describeLagSeconds);
  if (patch.modifyCooldowns !== undefined) next.modifyCooldowns = Boolean(patch.modifyCooldowns);
  if (patch.retiredBundleIds !== undefined) next.retiredBundleIds = bundleIds("retiredBundleIds", patch.retiredBundleIds);
  if (patch.faults !== undefined) next.faults = validateFaults(patch.faults);
  if (patch.throttle !== undefined) next.throttle = validateThrottle(patch.throttle);
  return next;
}

function validateFaults(faults: FaultConfig): FaultConfig {
  const check = (f: OperationFaults, where: string): OperationFaults => {
    const out: OperationFaults = {};
    if (f.errorRate !== undefined) out.errorRate = share(`${where}errorRate`, f.errorRate);
    if (f.latencyMs !== undefined) out.latencyMs = nonNegative(`${where}latencyMs`, f.latencyMs);
    if (f.lostAnswerRate !== undefined) out.lostAnswerRate = share(`${where}lostAnswerRate`, f.lostAnswerRate);
    if (f.lostAnswerMode !== undefined) {
      if (f.lostAnswerMode !== "destroy" && f.lostAnswerMode !== "500") throw new RangeError(`${where}lostAnswerMode must be "destroy" or "500"`);
      out.lostAnswerMode = f.lostAnswerMode;
    }
    return out;
  };
  const out: FaultConfig = check(faults, "faults.");
  if (faults.seed !== undefined) out.seed = nonNegativeInteger("faults.seed", faults.seed);
  if (faults.operations) {
    out.operations = {};
    for (const [op, f] of Object.entries(faults.operations)) out.operations[op] = check(f, `faults.operations.${op}.`);
  }
  return out;
}

function validateThrottle(throttle: ThrottleConfig): ThrottleConfig {
  const check = (limit: RateLimit, where: string): RateLimit => {
    const ratePerSecond = Number(limit?.ratePerSecond);
    const burst = Number(limit?.burst);
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new RangeError(`${where} needs ratePerSecond > 0 and burst >= 1`);
    return { ratePerSecond, burst };
  };
  const out: ThrottleConfig = {};
  if (throttle.default) out.default = check(throttle.default, "throttle.default");
  if (throttle.operations) {
    out.operations = {};
    for (const [op, limit] of Object.entries(throttle.operations)) out.operations[op] = check(limit, `throttle.operations.${op}`);
  }
  return out;
}

function bundleIds(name: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((id) => typeof id === "string" && /^wsb-[0-9a-z]{8,63}$/.test(id))) {
    throw new RangeError(`${name} must be a list of bundle ids (wsb-...)`);
  }
  return [...new Set(value as string[])];
}

function share(name: string, value: unknown): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new RangeError(`${name} must be between 0 and 1`);
  return n;
}

function nonNegative(name: string, value: unknown): number {
  const n = Number(value);
  if (!(n >= 0) || !Number.isFinite(n)) throw new RangeError(`${name} must be a number >= 0`);
  return n;
}

function nonNegativeInteger(name: string, value: unknown): number {
  const n = nonNegative(name, value);
  if (!Number.isInteger(n)) throw new RangeError(`${name} must be an integer`);
  return n;
}

/** "5:10" → { ratePerSecond: 5, burst: 10 } (CLI shorthand). */
export function parseRateLimit(text: string): RateLimit {
  const [rate, burst] = text.split(":");
  const limit = { ratePerSecond: Number(rate), burst: Number(burst ?? rate) };
  if (!(limit.ratePerSecond > 0) || !(limit.burst >= 1)) throw new RangeError(`bad rate limit "${text}" (use rate:burst, e.g. 5:10)`);
  return limit;
}
