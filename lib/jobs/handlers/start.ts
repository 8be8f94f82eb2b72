// START: StartWorkspaces (AutoStop desktops), up to 25 per call.

import { WORKSPACES_BATCH_LIMIT } from "@/lib/aws/workspaces";
import { ACTION_CONFIRMING_STATES } from "@/lib/desktops/desktop-state";
import { desktopActionHandler } from "./desktop-action";

export const startHandler = desktopActionHandler({
  action: "start",
  batchLimit: WORKSPACES_BATCH_LIMIT,
  send: (api, ids, context) => api.startWorkspaces(ids, context),
  confirmingStates: ACTION_CONFIRMING_STATES.start,
});
