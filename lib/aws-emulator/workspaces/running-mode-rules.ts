/**
 * Running mode rules shared by CreateWorkspaces and ModifyWorkspaceProperties: AUTO_STOP takes a
 * timeout in multiples of 60 minutes (default 60); ALWAYS_ON takes none; MANUAL is WorkSpaces Core only.
 */
import { FAILURE } from "./failure-codes";

export interface RuleViolation {
  code: string;
  message: string;
}

/** Upper bound AWS accepts for the auto-stop timeout (36 hours). */
const MAX_AUTO_STOP_MINUTES = 2160;

export function checkRunningMode(mode: string | undefined, timeout: number | undefined): RuleViolation | undefined {
  if (mode === "MANUAL") {
    return {
      code: FAILURE.operationNotSupported,
      message: "The MANUAL running mode is supported only by Amazon WorkSpaces Core.",
    };
  }
  if (mode === "ALWAYS_ON" && timeout !== undefined) {
    return {
      code: FAILURE.autoStopTimeoutOnAlwaysOn,
      message: "RunningModeAutoStopTimeoutInMinutes is not applicable for WorkSpace with running mode set to ALWAYS_ON.",
    };
  }
  if (timeout !== undefined && (timeout < 60 || timeout % 60 !== 0 || timeout > MAX_AUTO_STOP_MINUTES)) {
    return {
      code: FAILURE.invalidParameter,
      message: `RunningModeAutoStopTimeoutInMinutes must be a multiple of 60 between 60 and ${MAX_AUTO_STOP_MINUTES}; got ${timeout}.`,
    };
  }
  return undefined;
}
