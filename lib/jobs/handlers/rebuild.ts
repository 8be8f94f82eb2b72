// REBUILD: RebuildWorkspaces, which AWS takes one desktop per call.

import { ACTION_CONFIRMING_STATES } from "@/lib/desktops/desktop-state";
import { desktopActionHandler } from "./desktop-action";

export const rebuildHandler = desktopActionHandler({
  action: "rebuild",
  batchLimit: 1,
  send: (api, [id], context) => api.rebuildWorkspace(id, context),
  confirmingStates: ACTION_CONFIRMING_STATES.rebuild,
});
