// Every operation type and its handler: the one table the worker dispatches on. The compiler
// refuses a type without a handler. Order is the order of work within a pass.

import type { OperationType } from "@/lib/db/generated/enums";
import { createHandler } from "./create";
import { createDirectoryHandler } from "./create-directory";
import { deregisterDirectoryHandler, modifyDirectoryAccessHandler, registerDirectoryHandler } from "./directory-registration";
import type { OperationHandler } from "./handler";
import { modifyRunningModeHandler } from "./modify-running-mode";
import { rebootHandler } from "./reboot";
import { rebuildHandler } from "./rebuild";
import { restoreHandler } from "./restore";
import { sendNotificationHandler } from "./send-notification";
import { startHandler } from "./start";
import { stopHandler } from "./stop";
import { terminateHandler } from "./terminate";

export const OPERATION_HANDLERS: Record<OperationType, OperationHandler> = {
  CREATE: createHandler,
  TERMINATE: terminateHandler,
  REBOOT: rebootHandler,
  START: startHandler,
  STOP: stopHandler,
  REBUILD: rebuildHandler,
  RESTORE: restoreHandler,
  MODIFY_RUNNING_MODE: modifyRunningModeHandler,
  CREATE_DIRECTORY: createDirectoryHandler,
  REGISTER_DIRECTORY: registerDirectoryHandler,
  DEREGISTER_DIRECTORY: deregisterDirectoryHandler,
  MODIFY_DIRECTORY_ACCESS: modifyDirectoryAccessHandler,
  SEND_NOTIFICATION: sendNotificationHandler,
};
