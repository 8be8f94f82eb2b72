// The CLEAN_UP operation: the directory to remove (and its network when the portal created it),
// as the admin confirmed it, and its progress (in the operation's result while it runs).

import { z } from "zod";

export const cleanUpPayload = z.object({
  directoryId: z.string(),
  directoryName: z.string(),
  /** The VPC to remove, only when it carries the portal's tag (checked again before deleting). */
  vpcId: z.string().nullable(),
  /** The quick set-up that created it, when there was one. */
  setupId: z.string().nullable(),
});
export type CleanUpPayload = z.infer<typeof cleanUpPayload>;

export const CLEAN_UP_STEPS = ["terminate", "desktops-gone", "deregister", "delete-directory", "directory-gone", "network"] as const;
export type CleanUpStep = (typeof CLEAN_UP_STEPS)[number];

const stepProgress = z.object({
  state: z.enum(["pending", "running", "waiting", "done", "skipped", "failed"]),
  detail: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

export const cleanUpProgress = z.object({
  steps: z.record(z.string(), stepProgress),
  /** Desktops the job sent TerminateWorkspaces for (each once). */
  terminated: z.array(z.string()).default([]),
});
export type CleanUpProgress = z.infer<typeof cleanUpProgress>;

export function initialCleanUpProgress(payload: CleanUpPayload): CleanUpProgress {
  return {
    steps: Object.fromEntries(CLEAN_UP_STEPS.map((s) => [s, { state: s === "network" && !payload.vpcId ? ("skipped" as const) : ("pending" as const) }])),
    terminated: [],
  };
}

export function readCleanUpProgress(result: unknown, payload: CleanUpPayload): CleanUpProgress {
  const parsed = cleanUpProgress.safeParse(result);
  return parsed.success ? parsed.data : initialCleanUpProgress(payload);
}
