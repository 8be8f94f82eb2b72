// REBUILD: RebuildWorkspaces, which AWS takes one desktop per call.

import { desktopActionHandler } from "./desktop-action";

export const rebuildHandler = desktopActionHandler({
  action: "rebuild",
  batchLimit: 1,
  send: (api, [id], context) => api.rebuildWorkspace(id, context),
  confirmingStates: ["REBUILDING"],
});
