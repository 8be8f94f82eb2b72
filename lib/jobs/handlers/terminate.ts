// TERMINATE: TerminateWorkspaces, up to 25 desktops per call. A desktop AWS no longer returns is terminated.

import { WORKSPACES_BATCH_LIMIT } from "@/lib/aws/workspaces";
import { ACTION_CONFIRMING_STATES } from "@/lib/desktops/desktop-state";
import { desktopActionHandler } from "./desktop-action";

export const terminateHandler = desktopActionHandler({
  action: "terminate",
  batchLimit: WORKSPACES_BATCH_LIMIT,
  send: (api, ids, context) => api.terminateWorkspaces(ids, context),
  confirmingStates: ACTION_CONFIRMING_STATES.terminate,
  absenceConfirms: true,
});
