// STOP: StopWorkspaces (AutoStop desktops), up to 25 per call.

import { WORKSPACES_BATCH_LIMIT } from "@/lib/aws/workspaces";
import { ACTION_CONFIRMING_STATES } from "@/lib/desktops/desktop-state";
import { desktopActionHandler } from "./desktop-action";

export const stopHandler = desktopActionHandler({
  action: "stop",
  batchLimit: WORKSPACES_BATCH_LIMIT,
  send: (api, ids, context) => api.stopWorkspaces(ids, context),
  confirmingStates: ACTION_CONFIRMING_STATES.stop,
});
