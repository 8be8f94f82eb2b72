/**
 * ResetUserPassword: Simple AD and Managed AD only (AD Connector directories are read-only here),
 * the directory must be Active, the user must exist and the password must meet AD's complexity
 * rule and not contain the account name.
 */
import type { ResetUserPasswordRequest, ResetUserPasswordResult } from "@aws-sdk/client-directory-service";
import type { EmulatorContext } from "../emulator-context";
import { directoryStage, liveDirectory } from "./directory-lifecycle";
import { dsError } from "./directories";
import { passwordProblem, setUserPassword } from "./user-passwords";

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
  const problem = passwordProblem(input.NewPassword!, user.UserName);
  if (problem) throw dsError("InvalidPasswordException", `The new password does not meet the directory's requirements. ${problem}`);
  // Kept as a hash so a sign-in (LDAP bind) with the new password can be checked later.
  setUserPassword(user, input.NewPassword!, ctx.now());
  ctx.store.putUser(user);
  return {};
}
