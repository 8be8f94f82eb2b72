// The words of each notification, in plain text and HTML. Rendered when the notification is
// queued (in the event's transaction), so every retry sends the same message.

import { CLIENTS_URL, WEB_CLIENT_URL } from "@/lib/desktops/client-links";

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A message is a heading, paragraphs and optional lines of facts; one shape for text and HTML. */
export type Block = string | { facts: [string, string][] } | { link: string; label: string };

export function render(subject: string, blocks: Block[]): RenderedMessage {
  const text = blocks
    .map((b) =>
      typeof b === "string" ? b : "facts" in b ? b.facts.map(([k, v]) => `${k}: ${v}`).join("\n") : `${b.label}: ${b.link}`,
    )
    .join("\n\n");
  const html = [
    `<!doctype html><html><body style="font-family:sans-serif;font-size:14px;color:#0f172a">`,
    ...blocks.map((b) =>
      typeof b === "string"
        ? `<p>${escape(b)}</p>`
        : "facts" in b
          ? `<table>${b.facts.map(([k, v]) => `<tr><th align="left" style="padding-right:12px">${escape(k)}</th><td>${escape(v)}</td></tr>`).join("")}</table>`
          : `<p><a href="${escape(b.link)}">${escape(b.label)}</a></p>`,
    ),
    `</body></html>`,
  ].join("\n");
  return { subject, text: `${text}\n`, html };
}

export interface RequestFacts {
  requestId: string;
  requesterName: string;
  userName: string;
  directoryName: string;
  bundleName: string;
  runningMode: string;
}

function requestFacts(r: RequestFacts): Block {
  return {
    facts: [
      ["Requested by", r.requesterName],
      ["Directory user", `${r.userName} (${r.directoryName})`],
      ["Bundle", r.bundleName],
      ["Billing", r.runningMode === "ALWAYS_ON" ? "Always on (monthly)" : "AutoStop (hourly)"],
    ],
  };
}

/** Where a request stands in its approval route: "level 2 of 2", or nothing for a single level. */
export type ApprovalStage = { level: number; levels: number; why?: "reminder" | "escalation"; waitingSince?: Date };

export function requestSubmittedMessage(portalUrl: string, r: RequestFacts & { justification: string; stage?: ApprovalStage }): RenderedMessage {
  const stage = r.stage;
  const ofLevels = stage && stage.levels > 1 ? ` (level ${stage.level} of ${stage.levels})` : "";
  const subject =
    stage?.why === "escalation"
      ? `Escalated: desktop request from ${r.requesterName} still waits for approval${ofLevels}`
      : stage?.why === "reminder"
        ? `Reminder: desktop request from ${r.requesterName} waits for your approval${ofLevels}`
        : `Desktop request from ${r.requesterName} waits for your approval${ofLevels}`;
  const waited = stage?.waitingSince ? ` It has waited since ${stage.waitingSince.toISOString().slice(0, 16).replace("T", " ")} UTC.` : "";
  return render(subject, [
    stage?.why === "escalation"
      ? `${r.requesterName}'s desktop request has not been decided in time and is escalated to you.${waited}`
      : stage && stage.level > 1
        ? `${r.requesterName}'s desktop request passed level ${stage.level - 1} and now waits for you.${waited}`
        : `${r.requesterName} asks for a desktop.${waited}`,
    requestFacts(r),
    `Justification: ${r.justification}`,
    { link: `${portalUrl}/approvals`, label: "Decide it in the portal" },
  ]);
}

export function requestDecidedMessage(
  portalUrl: string,
  r: RequestFacts & { approved: boolean; reason: string | null; deciderName: string },
): RenderedMessage {
  const verdict = r.approved ? "approved" : "rejected";
  return render(`Your desktop request was ${verdict}`, [
    r.approved
      ? `${r.deciderName} approved your desktop request. The desktop is being created; you get another message when it is ready.`
      : `${r.deciderName} rejected your desktop request.`,
    r.reason ? `Reason: ${r.reason}` : "No reason was given.",
    requestFacts(r),
    { link: `${portalUrl}/requests/${r.requestId}`, label: "See the request" },
  ]);
}

export function desktopReadyMessage(
  portalUrl: string,
  d: { requestId: string | null; desktopId: string; userName: string; directoryName: string; registrationCode: string | null; webAccess: boolean },
): RenderedMessage {
  return render("Your desktop is ready", [
    "Your Amazon WorkSpaces desktop is ready. To connect:",
    `1. Install the Amazon WorkSpaces client (Windows, macOS, Linux, iPad or Android): ${CLIENTS_URL}`,
    `2. Enter the registration code: ${d.registrationCode ?? "shown in the portal once the directory reports it"}`,
    `3. Sign in as ${d.userName} with your directory (${d.directoryName}) password.`,
    ...(d.webAccess ? [`No install possible? Use the web client with the same registration code: ${WEB_CLIENT_URL}`] : []),
    { link: `${portalUrl}/desktops/${d.desktopId}`, label: "Your desktop in the portal" },
  ]);
}

export function desktopFailedMessage(
  portalUrl: string,
  f: { what: string; desktopLabel: string; code: string; message: string; link: string },
): RenderedMessage {
  return render(`${f.what} failed: ${f.desktopLabel}`, [
    `${f.what} failed for ${f.desktopLabel}.`,
    { facts: [["AWS error code", f.code], ["AWS message", f.message]] },
    { link: `${portalUrl}${f.link}`, label: "Open it in the portal" },
  ]);
}

export function billingModeChangeMessage(
  portalUrl: string,
  c: { desktopId: string; desktopLabel: string; to: string; applied: boolean; effectiveAt: Date },
): RenderedMessage {
  const mode = c.to === "ALWAYS_ON" ? "Always on (billed monthly)" : "AutoStop (billed by the hour)";
  const when = c.effectiveAt.toISOString().slice(0, 16).replace("T", " ") + " UTC";
  return render(c.applied ? `Billing mode changed: ${c.desktopLabel}` : `Billing-mode change scheduled: ${c.desktopLabel}`, [
    c.applied ? `The billing mode of ${c.desktopLabel} is now ${mode}.` : `The billing mode of ${c.desktopLabel} changes to ${mode} on ${when}.`,
    { link: `${portalUrl}/desktops/${c.desktopId}`, label: "See the desktop" },
  ]);
}
