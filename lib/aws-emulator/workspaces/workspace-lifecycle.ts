/**
 * The desktop state machine, evaluated lazily: a record stores its state, the scheduled end of the
 * process under way and a few session facts; reading it replays every event (timed transitions,
 * simulated users connecting and disconnecting, AUTO_STOP idle timeouts) in time order up to now.
 * Because each step depends only on the record, the settings and the clock, replaying after a
 * restart reaches the same result, so lazily derived changes need not be written to disk.
 */
import type { EmulatorContext } from "../emulator-context";
import type { WorkspaceRecord } from "../records";
import type { DurationName } from "../time-scale";
import { inSession, nextSessionBoundary } from "../user-sessions";

const MINUTE = 60_000;

export function isAutoStopMode(ws: WorkspaceRecord): boolean {
  return ws.properties.RunningMode === "AUTO_STOP";
}

function autoStopTimeoutMs(ws: WorkspaceRecord): number {
  return (ws.properties.RunningModeAutoStopTimeoutInMinutes ?? 60) * MINUTE;
}

/** Move to `state` at time `at`, with the side effects of entering it. */
export function enterState(ws: WorkspaceRecord, state: string, at: number, ctx: EmulatorContext): void {
  const previous = ws.state;
  ws.state = state;
  ws.stateSince = at;
  ws.next = undefined;
  if (previous === "AVAILABLE" && state !== "AVAILABLE") ws.connected = false;
  if (previous === "UPDATING" && ws.modification) {
    Object.assign(ws.properties, ws.modification.apply);
    ws.modification = undefined;
  }
  if (previous === "SUSPENDED") ws.imageInProgress = undefined;
  switch (state) {
    case "AVAILABLE":
      ws.ErrorCode = undefined;
      ws.ErrorMessage = undefined;
      if (ctx.config.sessions && inSession(ws.WorkspaceId, at, ctx.config.sessionSeed)) {
        ws.connected = true;
        ws.lastConnectedAt = at;
      } else {
        ws.connected = false;
        ws.idleSince = at;
      }
      break;
    case "ERROR":
      if (previous === "PENDING") {
        ws.ErrorCode = "ResourceCreationFailed";
        ws.ErrorMessage = "The WorkSpace could not be created. Terminate it and try again.";
      }
      break;
    case "STOPPED":
      // A user who tried to connect while the desktop was stopping starts it again.
      if (ctx.config.sessions && isAutoStopMode(ws) && inSession(ws.WorkspaceId, at, ctx.config.sessionSeed)) {
        beginProcess(ws, "STARTING", "workspaceStarting", "AVAILABLE", at, ctx);
      }
      break;
    case "TERMINATED":
      ws.goneAt = at + ctx.duration("workspaceTerminatedVisible");
      ctx.store.releaseOwnership(ws);
      break;
    default:
      break;
  }
}

/** Begin a timed process: `transient` now, `target` after the scaled duration. */
export function beginProcess(
  ws: WorkspaceRecord,
  transient: string,
  duration: DurationName,
  target: string,
  at: number,
  ctx: EmulatorContext,
): void {
  enterState(ws, transient, at, ctx);
  ws.next = { state: target, at: at + ctx.duration(duration) };
}

type PendingEvent =
  | { kind: "gone"; at: number }
  | { kind: "transition"; at: number }
  | { kind: "session-start"; at: number }
  | { kind: "session-end"; at: number }
  | { kind: "auto-stop"; at: number };

function nextEvent(ws: WorkspaceRecord, ctx: EmulatorContext): PendingEvent | undefined {
  let best: PendingEvent | undefined;
  const consider = (event: PendingEvent) => {
    if (!best || event.at < best.at) best = event;
  };
  if (ws.goneAt !== undefined) consider({ kind: "gone", at: ws.goneAt });
  if (ws.next) consider({ kind: "transition", at: ws.next.at });
  const autoStop = isAutoStopMode(ws);
  if (ws.state === "AVAILABLE" && autoStop && !ws.connected && ws.idleSince !== undefined) {
    consider({ kind: "auto-stop", at: Math.max(ws.settledAt, ws.idleSince + autoStopTimeoutMs(ws)) });
  }
  const sessionsMatter = ws.state === "AVAILABLE" || (ws.state === "STOPPED" && autoStop);
  if (ctx.config.sessions && sessionsMatter) {
    const boundary = nextSessionBoundary(ws.WorkspaceId, ws.settledAt, ctx.config.sessionSeed);
    if (boundary) consider({ kind: boundary.kind === "start" ? "session-start" : "session-end", at: boundary.at });
  }
  return best;
}

/**
 * Apply every event up to `until`. Returns false when the desktop is gone (terminated and no
 * longer returned by AWS).
 */
export function settleWorkspace(ws: WorkspaceRecord, until: number, ctx: EmulatorContext): boolean {
  for (let guard = 0; guard < 1_000_000; guard++) {
    const event = nextEvent(ws, ctx);
    if (!event || event.at > until) break;
    ws.settledAt = Math.max(ws.settledAt, event.at);
    switch (event.kind) {
      case "gone":
        return false;
      case "transition":
        enterState(ws, ws.next!.state, event.at, ctx);
        break;
      case "session-start":
        if (ws.state === "AVAILABLE") {
          ws.connected = true;
          ws.lastConnectedAt = event.at;
        } else if (ws.state === "STOPPED") {
          // AUTO_STOP desktops start when their user connects.
          beginProcess(ws, "STARTING", "workspaceStarting", "AVAILABLE", event.at, ctx);
        }
        break;
      case "session-end":
        if (ws.connected) {
          ws.connected = false;
          ws.idleSince = event.at;
        }
        break;
      case "auto-stop":
        beginProcess(ws, "STOPPING", "workspaceStopping", "STOPPED", event.at, ctx);
        break;
    }
  }
  ws.settledAt = Math.max(ws.settledAt, until);
  return true;
}

/** The desktop as it is now, or undefined if it does not exist (any more). */
export function liveWorkspace(ctx: EmulatorContext, id: string): WorkspaceRecord | undefined {
  const ws = ctx.store.workspaces.get(id);
  if (!ws) return undefined;
  if (!settleWorkspace(ws, ctx.now(), ctx)) {
    ctx.store.removeWorkspace(id, false);
    return undefined;
  }
  if (ws.state === "TERMINATING" || ws.state === "TERMINATED") ctx.store.terminating.add(id);
  return ws;
}

/** Desktops that count against the account's quota: everything not yet TERMINATED. */
export function countActiveWorkspaces(ctx: EmulatorContext): number {
  let terminated = 0;
  for (const id of [...ctx.store.terminating]) {
    const ws = liveWorkspace(ctx, id);
    if (ws?.state === "TERMINATED") terminated++;
  }
  return ctx.store.workspaces.size - terminated;
}
