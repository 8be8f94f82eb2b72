import { z } from "zod";

const DIRECTORY_ID = /^d-[0-9a-f]{10}$/;

export const cleanUpPreviewSchema = z.object({ directoryId: z.string().regex(DIRECTORY_ID, "Choose a directory.") });
/** The admin types the directory's name to confirm: removing it cannot be undone. */
export const cleanUpStartSchema = cleanUpPreviewSchema.extend({ confirmName: z.string().trim().min(1, "Type the directory's name to confirm.") });
export const cleanUpRetrySchema = z.object({ operationId: z.string().min(1).max(64) });
