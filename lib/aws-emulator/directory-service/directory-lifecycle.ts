/**
 * Directory stages and WorkSpaces registration states, derived from timestamps: Requested →
 * Creating → Active after the scaled creation time; Deleting → gone; REGISTERING → REGISTERED;
 * DEREGISTERING → gone.
 */
import type { EmulatorContext } from "../emulator-context";
import { userKey } from "../emulator-store";
import type { DirectoryRecord, WorkspaceRegistration } from "../records";

export type DirectoryStage = "Requested" | "Creating" | "Active" | "Failed" | "Deleting";

export function directoryStage(dir: DirectoryRecord, now: number): DirectoryStage {
  if (dir.deletingAt !== undefined && now >= dir.deletingAt) return "Deleting";
  if (now < dir.creatingAt) return "Requested";
  if (dir.failAt !== undefined && now >= dir.failAt) return "Failed";
  if (now < dir.activeAt) return "Creating";
  return "Active";
}

export function stageLastUpdated(dir: DirectoryRecord, now: number): number {
  const stage = directoryStage(dir, now);
  if (stage === "Deleting") return dir.deletingAt!;
  if (stage === "Failed") return dir.failAt!;
  if (stage === "Requested") return dir.launchTime;
  if (stage === "Creating") return dir.creatingAt;
  return dir.activeAt;
}

/** The directory as it is now, or undefined once it is deleted. */
export function liveDirectory(ctx: EmulatorContext, id: string): DirectoryRecord | undefined {
  const dir = ctx.store.directories.get(id);
  if (!dir) return undefined;
  if (dir.goneAt !== undefined && ctx.now() >= dir.goneAt) {
    // Derivable from the stored goneAt, so the removal itself need not be journaled.
    ctx.store.directories.delete(id);
    for (const user of ctx.store.usersOf(id)) ctx.store.users.delete(userKey(id, user.UserName));
    for (const group of ctx.store.groupsOf(id)) ctx.store.groups.delete(userKey(id, group.Name));
    return undefined;
  }
  return dir;
}

export function allLiveDirectories(ctx: EmulatorContext): DirectoryRecord[] {
  const out: DirectoryRecord[] = [];
  for (const id of [...ctx.store.directories.keys()]) {
    const dir = liveDirectory(ctx, id);
    if (dir) out.push(dir);
  }
  return out.sort((a, b) => a.launchTime - b.launchTime || (a.seq ?? 0) - (b.seq ?? 0) || a.DirectoryId.localeCompare(b.DirectoryId));
}

export type RegistrationState = "REGISTERING" | "REGISTERED" | "DEREGISTERING";

/** The registration as it is now, or undefined when the directory is not (any more) registered. */
export function liveRegistration(dir: DirectoryRecord, now: number): { reg: WorkspaceRegistration; state: RegistrationState } | undefined {
  const reg = dir.registration;
  if (!reg) return undefined;
  if (reg.deregisterAt !== undefined) {
    if (now >= reg.deregisterAt) {
      dir.registration = undefined;
      return undefined;
    }
    return { reg, state: "DEREGISTERING" };
  }
  return { reg, state: now < reg.readyAt ? "REGISTERING" : "REGISTERED" };
}
