// The payload of each operation type: the ONLY place its shape is defined. Enqueue validates with
// it (a bad payload fails the deciding transaction, not the worker an hour later) and the handler
// parses the stored JSON with it. Adding an operation type adds one entry here.

import { z } from "zod";
import type { OperationType } from "@/lib/db/generated/enums";
import { newDirectoryPayload } from "@/lib/directories/create/payload";
import { ipGroupPayloads } from "@/lib/directories/ip-groups/payload";
import { radiusPayload } from "@/lib/directories/radius/payload";
import { DEVICE_TYPE_NAMES, SELF_SERVICE_NAMES } from "@/lib/directories/settings";
import { IMAGE_BUNDLE_PAYLOADS } from "@/lib/images/payloads";
import { quickSetupPayload } from "@/lib/directories/quick-setup/payload";
import { cleanUpPayload } from "@/lib/directories/clean-up/payload";
import { directoryUserPayload } from "@/lib/directories/users/payload";

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
  /** The bundle to migrate to (AWS's BundleId, a Bundle row); the source is the desktop's WorkSpace. */
  MIGRATE: z.object({ bundleId: z.string().regex(/^wsb-[0-9a-z]{8,63}$/) }),
  /** Written by billing: the mode to set and the billing change it applies. */
  MODIFY_RUNNING_MODE: runningMode,
  /** Written by lib/desktops/resize: the compute type to set, and the employee's request it carries out. */
  MODIFY_COMPUTE_TYPE: z.object({ computeType: z.string().min(1), resizeRequestId: z.string().nullable().default(null) }),
  /** One volume per call (AWS grows root and user volumes separately), to this size. */
  MODIFY_VOLUME: z.object({ volume: z.enum(["ROOT", "USER"]), sizeGiB: z.number().int().positive(), resizeRequestId: z.string().nullable().default(null) }),
  /** The directory to create; its password only sealed, and removed once the operation closes. */
  CREATE_DIRECTORY: newDirectoryPayload,
  /** The directory is the operation's directoryId. */
  REGISTER_DIRECTORY: z.object({}),
  DEREGISTER_DIRECTORY: z.object({}),
  /** Device access of the directory's desktops (ModifyWorkspaceAccessProperties); rows queued
   *  before every device type was offered carry only { webAccess }. */
  MODIFY_DIRECTORY_ACCESS: z.preprocess(
    (p) => (p && typeof p === "object" && "webAccess" in p && !("devices" in p) ? { devices: { DeviceTypeWeb: (p as { webAccess: unknown }).webAccess ? "ALLOW" : "DENY" } } : p),
    z.object({ devices: z.partialRecord(z.enum(DEVICE_TYPE_NAMES), z.enum(["ALLOW", "DENY"])) }),
  ),
  MODIFY_DIRECTORY_SELF_SERVICE: z.object({ permissions: z.partialRecord(z.enum(SELF_SERVICE_NAMES), z.enum(["ENABLED", "DISABLED"])) }),
  MODIFY_DIRECTORY_CREATION: z.object({
    defaultOu: z.string().nullable(),
    customSecurityGroupId: z.string().nullable(),
    enableInternetAccess: z.boolean(),
    enableMaintenanceMode: z.boolean(),
    userEnabledAsLocalAdministrator: z.boolean(),
  }),
  IP_GROUP_CREATE: ipGroupPayloads.create,
  IP_GROUP_RULES: ipGroupPayloads.rules,
  IP_GROUP_DELETE: ipGroupPayloads.delete,
  IP_GROUP_ASSOCIATION: ipGroupPayloads.association,
  /** The shared secret only sealed, and removed once the operation closes. */
  DIRECTORY_RADIUS: radiusPayload,
  /** Custom images and bundles (lib/images/payloads.ts). */
  ...IMAGE_BUNDLE_PAYLOADS,
  /** The confirmed plan of a quick set-up; the password sealed until the directory exists. */
  QUICK_SETUP: quickSetupPayload,
  /** The directory (and portal-created network) to remove. */
  CLEAN_UP: cleanUpPayload,
  /** A change to one of the directory's users (the operation's directoryId); a password only sealed, removed once it closes. */
  DIRECTORY_USER: directoryUserPayload,
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
