// Every operation type and its handler: the one table the worker dispatches on. The compiler
// refuses a type without a handler. Order is the order of work within a pass.

import type { OperationType } from "@/lib/db/generated/enums";
import { cleanUpHandler } from "./clean-up";
import { createHandler } from "./create";
import { createDirectoryHandler } from "./create-directory";
import { directoryUserHandler } from "./directory-user";
import { deregisterDirectoryHandler, modifyDirectoryAccessHandler, registerDirectoryHandler } from "./directory-registration";
import {
  directoryRadiusHandler,
  ipGroupAssociationHandler,
  ipGroupCreateHandler,
  ipGroupDeleteHandler,
  ipGroupRulesHandler,
  modifyCreationHandler,
  modifySelfServiceHandler,
} from "./directory-settings";
import type { OperationHandler } from "./handler";
import { IMAGE_BUNDLE_HANDLERS } from "./image-bundle-changes";
import { modifyDesktopPropertiesHandler } from "./modify-desktop-properties";
import { migrateHandler } from "./migrate";
import { modifyRunningModeHandler } from "./modify-running-mode";
import { quickSetupHandler } from "./quick-setup";
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
  MIGRATE: migrateHandler,
  MODIFY_RUNNING_MODE: modifyRunningModeHandler,
  MODIFY_COMPUTE_TYPE: modifyDesktopPropertiesHandler,
  MODIFY_VOLUME: modifyDesktopPropertiesHandler,
  CREATE_DIRECTORY: createDirectoryHandler,
  REGISTER_DIRECTORY: registerDirectoryHandler,
  DEREGISTER_DIRECTORY: deregisterDirectoryHandler,
  MODIFY_DIRECTORY_ACCESS: modifyDirectoryAccessHandler,
  MODIFY_DIRECTORY_SELF_SERVICE: modifySelfServiceHandler,
  MODIFY_DIRECTORY_CREATION: modifyCreationHandler,
  IP_GROUP_CREATE: ipGroupCreateHandler,
  IP_GROUP_RULES: ipGroupRulesHandler,
  IP_GROUP_DELETE: ipGroupDeleteHandler,
  IP_GROUP_ASSOCIATION: ipGroupAssociationHandler,
  DIRECTORY_RADIUS: directoryRadiusHandler,
  ...IMAGE_BUNDLE_HANDLERS,
  QUICK_SETUP: quickSetupHandler,
  CLEAN_UP: cleanUpHandler,
  DIRECTORY_USER: directoryUserHandler,
  SEND_NOTIFICATION: sendNotificationHandler,
};
