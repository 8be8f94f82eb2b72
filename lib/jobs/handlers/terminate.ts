// TERMINATE: TerminateWorkspaces, up to 25 desktops per call. A desktop AWS no longer returns is terminated.

import { WORKSPACES_BATCH_LIMIT } from "@/lib/aws/workspaces";
import { desktopActionHandler } from "./desktop-action";

export const terminateHandler = desktopActionHandler({
  action: "terminate",
  batchLimit: WORKSPACES_BATCH_LIMIT,
  send: (api, ids, context) => api.terminateWorkspaces(ids, context),
  confirmingStates: ["TERMINATING", "TERMINATED"],
  absenceConfirms: true,
});
