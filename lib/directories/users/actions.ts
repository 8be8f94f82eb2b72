"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { createHash } from "node:crypto";
import { fail, notFound, type ActionFailure } from "@/lib/action-result";
import { checkFileName, fileTooLarge, MAX_FILE_BYTES } from "@/lib/bulk/csv";
import { csvConfirmSchema, csvUploadSchema } from "@/lib/bulk/schema";
import { directoryIdSchema } from "@/lib/directories/schema";
import { plural } from "@/lib/plural";
import { existingUserNames } from "./ldap-admin";
import { previewRow, readUsersCsv, type UsersCsvPreviewRow, type UsersCsvRow } from "./users-csv";
import { sealSecret } from "@/lib/directories/create/secret-box";
import { queueDirectoryUserChange, queueDirectoryUserImport } from "./mutations";
import type { DirectoryUserPayload } from "./payload";
import { findUserDirectory } from "./queries";
import { resetsThroughDirectoryService, serviceConnectionFor } from "./service-account";
import { createDirectoryUserSchema, resetDirectoryUserPasswordSchema, setDirectoryUserEnabledSchema } from "./schema";

// Every change is queued for the worker (no directory write inside a web request). A password is
// sealed into the operation and never comes back in any answer.

/** Queues a change after checking the directory exists and the change can be made from the portal. */
async function queue(user: { id: string; email: string }, directoryId: string, payload: DirectoryUserPayload) {
  const directory = await findUserDirectory(directoryId);
  if (!directory) return notFound("The directory");
  const viaAws = payload.action === "RESET_PASSWORD" && resetsThroughDirectoryService(directory);
  if (!viaAws) {
    const connection = serviceConnectionFor(directory, getConfig());
    if (!connection.ok) return fail("CONFLICT", connection.message);
  }
  const queued = await db.$transaction((tx) => queueDirectoryUserChange(tx, user, { directoryId, region: directory.region, payload }));
  if (!queued.ok) return queued;
  revalidatePath(`/admin/directories/${directoryId}/users`);
  return { ok: true as const, operationId: queued.operationId };
}

/** Admin: create a user in the directory with an initial password. */
export const createDirectoryUserAction = defineAction(createDirectoryUserSchema, { allow: "directory.manage" }, async (input, { user }) =>
  queue(user, input.directoryId, {
    action: "CREATE",
    userName: input.userName,
    givenName: input.givenName,
    surname: input.surname,
    email: input.email,
    mustChangePassword: input.mustChangePassword,
    secret: sealSecret(input.password, getConfig().authSecret),
  }),
);

/** Admin: set a new password for a user (ResetUserPassword for Simple AD and Managed AD, LDAP otherwise). */
export const resetDirectoryUserPasswordAction = defineAction(resetDirectoryUserPasswordSchema, { allow: "directory.manage" }, async (input, { user }) =>
  queue(user, input.directoryId, { action: "RESET_PASSWORD", userName: input.userName, secret: sealSecret(input.password, getConfig().authSecret) }),
);

/** Admin: disable or enable a user's account. */
export const setDirectoryUserEnabledAction = defineAction(setDirectoryUserEnabledSchema, { allow: "directory.manage" }, async (input, { user }) =>
  queue(user, input.directoryId, { action: input.enabled ? "ENABLE" : "DISABLE", userName: input.userName }),
);

export type UsersCsvPreview = { fileName: string; sha256: string; rows: UsersCsvPreviewRow[]; ready: number };

/** Reads and checks the file, row by row and against the directory (names already taken). Changes nothing. */
async function checkUsersCsv(directoryId: string, file: File): Promise<{ ok: true; preview: UsersCsvPreview; valid: UsersCsvRow[]; region: string } | ActionFailure> {
  const invalidFile = (message: string) => fail("INVALID_INPUT", message, { file: message });
  const nameError = checkFileName(file.name);
  if (nameError) return invalidFile(nameError.message);
  if (file.size > MAX_FILE_BYTES) return invalidFile(fileTooLarge(file.size).message);
  const directory = await findUserDirectory(directoryId);
  if (!directory) return notFound("The directory");
  const connection = serviceConnectionFor(directory, getConfig());
  if (!connection.ok) return fail("CONFLICT", connection.message);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const read = readUsersCsv(bytes);
  if (!read.ok) return invalidFile(read.message);
  const names = read.rows.filter((r) => r.problems.length === 0).map((r) => r.userName);
  const taken = await existingUserNames(connection.conn, names);
  if (!taken.ok) return fail("CONFLICT", `The directory could not be checked: ${taken.message}`);
  for (const row of read.rows) {
    if (taken.existing.has(row.userName.toLowerCase())) row.problems.push(`${row.userName} already exists in the directory.`);
  }
  const valid = read.rows.filter((r) => r.problems.length === 0);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return { ok: true, preview: { fileName: file.name, sha256, rows: read.rows.map(previewRow), ready: valid.length }, valid, region: directory.region };
}

const usersCsvUploadSchema = csvUploadSchema.extend({ directoryId: directoryIdSchema });
const usersCsvConfirmSchema = csvConfirmSchema.extend({ directoryId: directoryIdSchema });

/** Admin: check a CSV of new users and list every row with its problems (never a password). */
export const previewDirectoryUsersCsv = defineAction(usersCsvUploadSchema, { allow: "directory.manage" }, async (input) => {
  const checked = await checkUsersCsv(input.directoryId, input.file);
  return checked.ok ? { ok: true as const, preview: checked.preview } : checked;
});

/**
 * Admin: queue a create for each good row. The file comes again and is checked again; when the
 * outcome differs from the preview the admin saw, nothing is queued and the new preview returns.
 */
export const confirmDirectoryUsersCsv = defineAction(
  usersCsvConfirmSchema,
  { allow: "directory.manage" },
  async (input, { user }): Promise<{ ok: true; jobId: string; queued: number } | (ActionFailure & { preview?: UsersCsvPreview })> => {
    const checked = await checkUsersCsv(input.directoryId, input.file);
    if (!checked.ok) return checked;
    if (checked.preview.sha256 !== input.sha256) {
      return { ...fail("CONFLICT", "The file changed since it was checked. Review the new check and confirm again."), preview: checked.preview };
    }
    if (checked.valid.length !== input.expectedRows) {
      return {
        ...fail("CONFLICT", `The check changed since the preview: ${plural(checked.valid.length, "user")} can be created now, not ${input.expectedRows}. Review and confirm again.`),
        preview: checked.preview,
      };
    }
    const secret = getConfig().authSecret;
    const job = await db.$transaction(
      (tx) =>
        queueDirectoryUserImport(tx, user, {
          directoryId: input.directoryId,
          region: checked.region,
          fileName: input.file.name,
          creates: checked.valid.map((row) => ({
            action: "CREATE" as const,
            line: row.line,
            userName: row.userName,
            givenName: row.givenName,
            surname: row.surname,
            email: row.email,
            mustChangePassword: row.mustChangePassword,
            secret: sealSecret(row.password, secret),
          })),
        }),
      { timeout: 60_000, maxWait: 30_000 },
    );
    revalidatePath(`/admin/directories/${input.directoryId}/users`);
    return { ok: true, ...job };
  },
);
