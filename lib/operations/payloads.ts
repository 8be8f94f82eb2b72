// The payload of each operation type: the ONLY place its shape is defined. Enqueue validates with
// it (a bad payload fails the deciding transaction, not the worker an hour later) and the handler
// parses the stored JSON with it. Adding an operation type adds one entry here.

import { z } from "zod";
import type { OperationType } from "@/lib/db/generated/enums";
import { newDirectoryPayload } from "@/lib/directories/create/payload";

/** Operations started by a bulk job carry its id (lib/bulk derives item status from it). */
const fromBulkJob = z.object({ bulkJobId: z.string().optional() });

const runningMode = z
  .object({
    runningMode: z.enum(["AUTO_STOP", "ALWAYS_ON"]),
    autoStopTimeoutMinutes: z.number().nullable().optional(),
    billingChangeId: z.string().nullable().optional(),
  })
  // AWS takes the AUTO_STOP timeout in whole hours only.
  .refine(
    (p) => p.runningMode !== "AUTO_STOP" || p.autoStopTimeoutMinutes == null || (Number.isInteger(p.autoStopTimeoutMinutes) && p.autoStopTimeoutMinutes >= 60 && p.autoStopTimeoutMinutes % 60 === 0),
    { message: "The AutoStop timeout must be a whole number of hours.", path: ["autoStopTimeoutMinutes"] },
  )
  .transform((p) => ({
    runningMode: p.runningMode,
    autoStopTimeoutMinutes: p.runningMode === "AUTO_STOP" ? (p.autoStopTimeoutMinutes ?? null) : null,
    billingChangeId: p.billingChangeId ?? null,
  }));

export const OPERATION_PAYLOADS = {
  /** Everything else comes from the desktop row (user, bundle, running mode, volume key). `tags`:
   *  a bulk job's CSV row tags (checked by lib/bulk); the worker ignores keys starting aws:/portal:. */
  CREATE: fromBulkJob.extend({ tags: z.record(z.string(), z.string()).optional() }),
  TERMINATE: fromBulkJob,
  REBOOT: fromBulkJob,
  START: fromBulkJob,
  STOP: fromBulkJob,
  REBUILD: fromBulkJob,
  RESTORE: fromBulkJob,
  /** Written by billing: the mode to set and the billing change it applies. */
  MODIFY_RUNNING_MODE: runningMode,
  /** The directory to create; its password only sealed, and removed once the operation closes. */
  CREATE_DIRECTORY: newDirectoryPayload,
  /** The directory is the operation's directoryId. */
  REGISTER_DIRECTORY: z.object({}),
  DEREGISTER_DIRECTORY: z.object({}),
  /** Device access of the directory's desktops (ModifyWorkspaceAccessProperties). */
  MODIFY_DIRECTORY_ACCESS: z.object({ webAccess: z.boolean() }),
  /** The Notification row to send (lib/notifications); its message is rendered already. */
  SEND_NOTIFICATION: z.object({ notificationId: z.string().min(1) }),
} as const satisfies Record<OperationType, z.ZodType>;

/** What enqueue accepts for a type. */
export type OperationPayloadInput<T extends OperationType> = z.input<(typeof OPERATION_PAYLOADS)[T]>;
/** What a handler gets back from the stored JSON. */
export type OperationPayload<T extends OperationType> = z.output<(typeof OPERATION_PAYLOADS)[T]>;

/** Parses a stored payload; null when it does not match its type (the operation then fails). */
export function parsePayload<T extends OperationType>(type: T, payload: unknown): OperationPayload<T> | null {
  const parsed = OPERATION_PAYLOADS[type].safeParse(payload ?? {});
  return parsed.success ? (parsed.data as OperationPayload<T>) : null;
}
