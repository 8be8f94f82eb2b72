// What a failed request's page says about telling the admins: only what the notices' rows show
// (requestFailureNotice), in plain words. The server's reason for a refused notice is for admins.

import type { RequestFailureNotice } from "./queries";

const ASK = " Ask your IT service desk if you still need a desktop.";

export function failureNoticeWords(notice: RequestFailureNotice, viewer: { isAdmin: boolean; asksServiceDesk: boolean }): string {
  const reason = (r: string | null) => (viewer.isAdmin && r ? ` Last answer: ${r}` : "");
  const ask = viewer.asksServiceDesk ? ASK : "";
  switch (notice.state) {
    case "bulk":
      return "It is listed with AWS's reason on its bulk job's page.";
    case "sent": {
      const how = notice.email && notice.chat ? "by e-mail and in chat" : notice.email ? "by e-mail" : "in chat";
      return `The portal's administrators have been sent AWS's reason ${how}.${ask}`;
    }
    case "queued":
      return notice.retrying
        ? `AWS's reason has not reached the portal's administrators yet: the portal keeps trying to send it.${reason(notice.lastError)}${ask}`
        : `AWS's reason is queued to be sent to the portal's administrators.${ask}`;
    case "failed":
      return `The portal could not send AWS's reason to its administrators.${reason(notice.lastError)}${ask}`;
    case "none":
      return viewer.asksServiceDesk
        ? "No administrator was notified automatically. Tell your IT service desk if you still need a desktop."
        : "No administrator was notified: every admin has turned these notices off, and no shared address or chat channel is set up.";
  }
}
