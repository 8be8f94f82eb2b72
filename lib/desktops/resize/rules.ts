// Day-2 changes to a desktop (a different compute type, a bigger volume): AWS's rules, checked
// before any call so people read when a change becomes possible instead of an AWS error, the
// portal's approval rule, and the cost change for a month. Pure and client-safe.
//
// AWS's rules (ModifyWorkspaceProperties; AWS-FACTS.md, administration guide "Modify a WorkSpace"):
// one property per call; only AVAILABLE or STOPPED desktops; nothing in the first 6 hours after
// launch; a larger compute type at most once per 6 hours, a smaller one at most once per 30 days;
// graphics and non-graphics types do not mix; volumes only grow, one at a time, at most once per
// 6 hours, into the groups [80, 10 | 50 | 100] or [175 to 2,000, 100 to 2,000] GB.
//
// The approval rule (money): an owner's request for a larger compute type or a bigger volume costs
// more, so an approver decides it; a smaller compute type costs less and goes to AWS at once. An
// admin's change goes at once. A compute type above the maximum the directory's guardrail allows the
// owner's role is refused on every path (lib/guardrails).

import { COMPUTE_TYPES, computeRank } from "@/lib/catalog/bundle-facts";
import { volumeProblem } from "@/lib/bundles/volume-rules";
import { extraStorageMonthly, formatMoney, formatRate, type Price } from "@/lib/billing/prices/price";

const HOUR = 3_600_000;
export const LAUNCH_WINDOW_MS = 6 * HOUR;
export const LARGER_COMPUTE_WINDOW_MS = 6 * HOUR;
export const SMALLER_COMPUTE_WINDOW_MS = 30 * 24 * HOUR;
export const VOLUME_WINDOW_MS = 6 * HOUR;
export const MAX_VOLUME_GIB = 2000;
/** A grown root volume starts at this size (100 to 174 GB exist only at launch). */
export const MIN_GROWN_ROOT_GIB = 175;

export type ResizeTarget = { kind: "COMPUTE"; computeType: string } | { kind: "ROOT_VOLUME"; sizeGiB: number } | { kind: "USER_VOLUME"; sizeGiB: number };

/** What an owner's request may ask for: a resize, or (lib/desktops/migrate) another bundle. */
export type RequestTarget = ResizeTarget | { kind: "BUNDLE"; bundleId: string; bundleName?: string };

export type ResizeFacts = {
  state: string;
  computeType: string;
  rootVolumeGiB: number;
  userVolumeGiB: number;
  /** When the desktop was launched: AWS's first 6 hours run from here. */
  launchedAt: Date;
  lastComputeIncreaseAt: Date | null;
  lastComputeDecreaseAt: Date | null;
  lastVolumeChangeAt: Date | null;
};

export type Direction = "LARGER" | "SMALLER" | "VOLUME";

export type ResizePlan =
  | { ok: true; direction: Direction }
  | { ok: false; reason: string; field: "computeType" | "sizeGiB" | null; possibleAt: Date | null };

/** "3 Dec 2026, 17:00 UTC": messages made on the server name times in UTC (pages show local time). */
export function utcText(at: Date): string {
  return `${at.toLocaleString("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" })} UTC`;
}

export function computeLabel(id: string): string {
  return COMPUTE_TYPES.find((c) => c.id === id)?.label ?? id;
}

const isGraphics = (id: string) => COMPUTE_TYPES.find((c) => c.id === id)?.gpu ?? false;

/** The compute types this desktop could move to: the same family (graphics or not), itself excluded. */
export function computeChoices(current: string): string[] {
  return COMPUTE_TYPES.filter((c) => c.id !== current && c.gpu === isGraphics(current)).map((c) => c.id);
}

function waitFor(since: Date | null, windowMs: number, now: Date): Date | null {
  if (!since) return null;
  const until = new Date(since.getTime() + windowMs);
  return until > now ? until : null;
}

const notYet = (reason: string, field: "computeType" | "sizeGiB" | null, at: Date): ResizePlan => ({
  ok: false,
  reason: `${reason} This change becomes possible on ${utcText(at)}.`,
  field,
  possibleAt: at,
});

/**
 * Whether AWS would take this change now. `checkState`: false when only asking (the state is
 * checked again when the change is queued, since the desktop may be stopped or busy meanwhile).
 */
export function planResize(facts: ResizeFacts, target: ResizeTarget, now: Date, checkState = true): ResizePlan {
  if (target.kind === "COMPUTE") {
    const to = target.computeType;
    if (!COMPUTE_TYPES.some((c) => c.id === to)) return { ok: false, reason: "Choose one of AWS's compute types.", field: "computeType", possibleAt: null };
    if (to === facts.computeType) return { ok: false, reason: `The desktop is already ${computeLabel(to)}.`, field: "computeType", possibleAt: null };
    if (isGraphics(to) !== isGraphics(facts.computeType)) {
      return { ok: false, reason: "AWS does not move a desktop between graphics and non-graphics compute types.", field: "computeType", possibleAt: null };
    }
  } else {
    const current = target.kind === "ROOT_VOLUME" ? facts.rootVolumeGiB : facts.userVolumeGiB;
    const what = target.kind === "ROOT_VOLUME" ? "root" : "user";
    if (!Number.isInteger(target.sizeGiB) || target.sizeGiB <= current) {
      return { ok: false, reason: `AWS only increases volumes: choose more than the ${current} GB the ${what} volume has.`, field: "sizeGiB", possibleAt: null };
    }
    const root = target.kind === "ROOT_VOLUME" ? target.sizeGiB : facts.rootVolumeGiB;
    const user = target.kind === "USER_VOLUME" ? target.sizeGiB : facts.userVolumeGiB;
    const problem = volumeProblem(root, user);
    if (target.kind === "ROOT_VOLUME" && root < MIN_GROWN_ROOT_GIB) {
      return { ok: false, reason: `AWS grows a root volume to ${MIN_GROWN_ROOT_GIB} GB or more (up to 2,000).`, field: "sizeGiB", possibleAt: null };
    }
    if (problem) {
      const hint = target.kind === "ROOT_VOLUME" && facts.userVolumeGiB < 100 ? " Increase the user volume to 100 GB first." : "";
      return { ok: false, reason: `${problem.message}${hint}`, field: "sizeGiB", possibleAt: null };
    }
  }
  if (checkState && facts.state !== "AVAILABLE" && facts.state !== "STOPPED") {
    return { ok: false, reason: `AWS changes a desktop only when it is available or stopped; this one is ${facts.state.toLowerCase()} now.`, field: null, possibleAt: null };
  }
  const direction: Direction = target.kind !== "COMPUTE" ? "VOLUME" : computeRank(target.computeType) > computeRank(facts.computeType) ? "LARGER" : "SMALLER";
  return timingProblem(facts, direction, now) ?? { ok: true, direction };
}

/** AWS's windows for a change in this direction: the refusal with the date it becomes possible, or null. */
export function timingProblem(facts: ResizeFacts, direction: Direction, now: Date): ResizePlan | null {
  const launch = waitFor(facts.launchedAt, LAUNCH_WINDOW_MS, now);
  if (launch) return notYet("AWS does not change a desktop in the first 6 hours after it was created.", null, launch);
  if (direction === "LARGER") {
    const wait = waitFor(facts.lastComputeIncreaseAt, LARGER_COMPUTE_WINDOW_MS, now);
    return wait ? notYet("AWS allows a larger compute type once every 6 hours.", "computeType", wait) : null;
  }
  if (direction === "SMALLER") {
    const wait = waitFor(facts.lastComputeDecreaseAt, SMALLER_COMPUTE_WINDOW_MS, now);
    return wait ? notYet("AWS allows a smaller compute type once every 30 days.", "computeType", wait) : null;
  }
  const wait = waitFor(facts.lastVolumeChangeAt, VOLUME_WINDOW_MS, now);
  return wait ? notYet("AWS increases a desktop's volumes once every 6 hours.", "sizeGiB", wait) : null;
}

/** The portal's rule: what an owner asks for needs an approver when it costs more. */
export function needsApproval(direction: Direction): boolean {
  return direction !== "SMALLER";
}

/** What the change does, in a few words: "compute type Standard → Performance". */
export function describeTarget(facts: Pick<ResizeFacts, "computeType" | "rootVolumeGiB" | "userVolumeGiB">, target: RequestTarget): string {
  if (target.kind === "BUNDLE") return `migration to the ${target.bundleName ?? target.bundleId} bundle (user volume kept, root volume replaced)`;
  if (target.kind === "COMPUTE") return `compute type ${computeLabel(facts.computeType)} → ${computeLabel(target.computeType)}`;
  if (target.kind === "ROOT_VOLUME") return `root volume ${facts.rootVolumeGiB} GB → ${target.sizeGiB} GB`;
  return `user volume ${facts.userVolumeGiB} GB → ${target.sizeGiB} GB`;
}

/**
 * The change to a full month's bill. AlwaysOn: the monthly fee (and storage). AutoStop: the monthly
 * fee and storage, plus the hourly rate's change for every hour the desktop runs. Null when a price
 * row is missing (the page says the cost is unknown rather than guess).
 */
export function monthlyCostChange(
  input: { runningMode: "AUTO_STOP" | "ALWAYS_ON"; from: Price | undefined; to: Price | undefined; storageFromGiB: number; storageToGiB: number },
): { monthly: number; hourly: number; currency: string } | null {
  const { from, to } = input;
  if (!from || !to) return null;
  const fee = (p: Price) => (input.runningMode === "ALWAYS_ON" ? p.alwaysOnMonthly : p.autoStopMonthly);
  const monthly = fee(to) + extraStorageMonthly(to, input.storageToGiB) - fee(from) - extraStorageMonthly(from, input.storageFromGiB);
  const hourly = input.runningMode === "AUTO_STOP" ? to.autoStopHourly - from.autoStopHourly : 0;
  return { monthly, hourly, currency: to.currency };
}

const signed = (amount: number, text: string) => (amount > 0.00005 ? `+${text}` : amount < -0.00005 ? `−${text}` : text);

/** "+$25.00 a month" or "+$3.25 a month, and +$0.29 for every hour it runs". */
export function costChangeText(change: { monthly: number; hourly: number; currency: string } | null): string {
  if (!change) return "The price of this change is not in the price list; ask an admin.";
  const monthly = `${signed(change.monthly, formatMoney(Math.abs(change.monthly), change.currency))} a month`;
  if (Math.abs(change.hourly) < 0.00005) return monthly;
  return `${monthly}, and ${signed(change.hourly, formatRate(Math.abs(change.hourly), change.currency))} for every hour it runs`;
}

/**
 * AWS's refusal of a change, in words an employee understands (the code and AWS's own message stay
 * in the operation and the audit trail for admins). A time AWS names becomes the date to try again.
 */
export function plainResizeFailure(code: string, message: string): string {
  const iso = /after (\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(message)?.[1];
  const when = iso && !Number.isNaN(Date.parse(iso)) ? ` It becomes possible on ${utcText(new Date(iso))}.` : "";
  const hours = /less than (\d+) hours ago/.exec(message)?.[1];
  let what: string;
  if (/within 6 hours of its creation/i.test(message)) what = "AWS does not change a desktop in the first 6 hours after it was created.";
  else if (hours) what = Number(hours) >= 24 * 30 ? "AWS allows a smaller compute type once every 30 days." : `AWS allows this change once every ${hours} hours, and it was changed more recently.`;
  else if (code === "OperationInProgressException") what = "AWS is still making another change to this desktop; try again when it is done.";
  else if (code === "InvalidResourceStateException") what = "AWS changes a desktop only when it is available or stopped.";
  else if (code === "UnsupportedWorkspaceConfigurationException") what = "AWS does not offer this compute type for this desktop.";
  else if (code === "InvalidParameterValuesException") what = "AWS does not allow these sizes for this desktop.";
  else what = "AWS refused the change.";
  return `${what}${when}`;
}
