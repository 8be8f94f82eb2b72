/**
 * ResetUserPassword: Simple AD and Managed AD only (AD Connector directories are read-only here),
 * the directory must be Active, the user must exist and the password must meet the complexity rule.
 */
import type { ResetUserPasswordRequest, ResetUserPasswordResult } from "@aws-sdk/client-directory-service";
import type { EmulatorContext } from "../emulator-context";
import { directoryStage, liveDirectory } from "./directory-lifecycle";
import { dsError } from "./directories";
import { PASSWORD_PATTERN } from "./directory-shapes";

export function resetUserPassword(input: ResetUserPasswordRequest, ctx: EmulatorContext): ResetUserPasswordResult {
  const dir = liveDirectory(ctx, input.DirectoryId!);
  if (!dir) throw dsError("EntityDoesNotExistException", `Directory ${input.DirectoryId} does not exist.`);
  if (dir.Type === "ADConnector") {
    throw dsError("UnsupportedOperationException", "ResetUserPassword is not supported for AD Connector directories.");
  }
  if (directoryStage(dir, ctx.now()) !== "Active") {
    throw dsError("DirectoryUnavailableException", `Directory ${dir.DirectoryId} is not Active.`);
  }
  const user = ctx.store.getUser(dir.DirectoryId, input.UserName!);
  if (!user) throw dsError("UserDoesNotExistException", `User ${input.UserName} does not exist in directory ${dir.DirectoryId}.`);
  if (!new RegExp(PASSWORD_PATTERN).test(input.NewPassword!)) {
    throw dsError(
      "InvalidPasswordException",
      "The new password does not meet the directory's complexity requirements: 8-64 characters from three of lowercase, uppercase, digits and symbols.",
    );
  }
  user.passwordLastSetAt = ctx.now();
  ctx.store.putUser(user);
  return {};
}
