// REBOOT: RebootWorkspaces, up to 25 desktops per call.

import { WORKSPACES_BATCH_LIMIT } from "@/lib/aws/workspaces";
import { ACTION_CONFIRMING_STATES } from "@/lib/desktops/desktop-state";
import { desktopActionHandler } from "./desktop-action";

export const rebootHandler = desktopActionHandler({
  action: "reboot",
  batchLimit: WORKSPACES_BATCH_LIMIT,
  send: (api, ids, context) => api.rebootWorkspaces(ids, context),
  confirmingStates: ACTION_CONFIRMING_STATES.reboot,
});
