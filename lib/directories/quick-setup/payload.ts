// The QUICK_SETUP operation: its payload (the plan the admin confirmed, the password sealed) and
// its progress (kept in the operation's result while it runs: each step's state and the ids of
// what it created, so a resumed job, or the checklist, knows where it stands).

import { z } from "zod";
import { sealedSecretSchema } from "@/lib/directories/create/secret-box";

export const quickSetupPayload = z.object({
  network: z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("new"),
      vpcCidr: z.string(),
      subnets: z.array(z.object({ cidr: z.string(), availabilityZone: z.string() })).length(2),
    }),
    z.object({ kind: z.literal("default"), vpcId: z.string(), subnetIds: z.array(z.string()).length(2) }),
  ]),
  directory: z.object({ name: z.string(), shortName: z.string().optional(), size: z.enum(["Small", "Large"]) }),
  users: z.array(z.object({ userName: z.string(), givenName: z.string(), surname: z.string(), email: z.string() })),
  /** A first desktop for each user, or none. */
  desktops: z.object({ bundleId: z.string(), runningMode: z.enum(["AUTO_STOP", "ALWAYS_ON"]) }).nullable(),
  /** Removed once the directory exists, and when the job closes. */
  secret: sealedSecretSchema.optional(),
});
export type QuickSetupPayload = z.infer<typeof quickSetupPayload>;

/** The job's steps, in order. "users" is listed in the plan but not run by this job yet. */
export const QUICK_SETUP_STEPS = ["vpc", "subnets", "internet-gateway", "routes", "directory", "directory-active", "registration", "users", "desktops"] as const;
export type QuickSetupStep = (typeof QUICK_SETUP_STEPS)[number];

export const STEP_STATES = ["pending", "running", "waiting", "done", "skipped", "failed"] as const;
export type StepState = (typeof STEP_STATES)[number];

const stepProgress = z.object({
  state: z.enum(STEP_STATES),
  detail: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type StepProgress = z.infer<typeof stepProgress>;

export const quickSetupProgress = z.object({
  steps: z.record(z.string(), stepProgress),
  vpcId: z.string().optional(),
  subnetIds: z.array(z.string()).optional(),
  internetGatewayId: z.string().optional(),
  directoryId: z.string().optional(),
  desktopIds: z.array(z.string()).optional(),
});
export type QuickSetupProgress = z.infer<typeof quickSetupProgress>;

/** Where a new job starts: the network steps skipped for the default VPC. */
export function initialProgress(payload: QuickSetupPayload): QuickSetupProgress {
  const network = payload.network.kind === "default";
  const steps: Record<string, StepProgress> = {};
  for (const step of QUICK_SETUP_STEPS) {
    // Users: not created by this job yet (the directory users feature will).
    const skipped = (network && ["vpc", "subnets", "internet-gateway", "routes"].includes(step)) || step === "users" || (step === "desktops" && !payload.desktops);
    steps[step] = { state: skipped ? "skipped" : "pending" };
  }
  if (payload.users.length > 0) steps.users = { state: "skipped", detail: "Not created by this job yet: create them in the directory." };
  return {
    steps,
    ...(payload.network.kind === "default" ? { vpcId: payload.network.vpcId, subnetIds: payload.network.subnetIds } : {}),
  };
}

export function readProgress(result: unknown, payload: QuickSetupPayload): QuickSetupProgress {
  const parsed = quickSetupProgress.safeParse(result);
  return parsed.success ? parsed.data : initialProgress(payload);
}
