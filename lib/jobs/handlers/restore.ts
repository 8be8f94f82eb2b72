// RESTORE: RestoreWorkspace (back to its last healthy snapshot), one desktop per call.

import { ACTION_CONFIRMING_STATES } from "@/lib/desktops/desktop-state";
import { desktopActionHandler } from "./desktop-action";

export const restoreHandler = desktopActionHandler({
  action: "restore",
  batchLimit: 1,
  send: (api, [id], context) => api.restoreWorkspace(id, context),
  confirmingStates: ACTION_CONFIRMING_STATES.restore,
});
