// Chat channels: incoming webhooks of Slack and Microsoft Teams. The message formats, and which
// URLs an admin may enter.

import { z } from "zod";

/** Slack: { text } with mrkdwn. Teams (Workflows incoming webhook): a message with an Adaptive Card. */
export function chatPayload(format: "SLACK" | "TEAMS", message: { subject: string; text: string }): unknown {
  if (format === "SLACK") return { text: `*${message.subject}*\n${message.text.trim()}` };
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: message.subject, weight: "Bolder", size: "Medium", wrap: true },
            { type: "TextBlock", text: message.text.trim(), wrap: true },
          ],
        },
      },
    ],
  };
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** https only: the URL is a secret that posts into the channel. Plain http is allowed to this
 *  machine under tests only (the test receiver), never in a running portal. */
export function webhookUrlProblem(value: string, allowLoopbackHttp = process.env.NODE_ENV === "test"): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter the webhook's full URL, starting with https://.";
  }
  if (url.username || url.password) return "The URL must not contain a user name or password.";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && allowLoopbackHttp && LOOPBACK.has(url.hostname)) return null;
  return "The webhook URL must start with https://.";
}

export const webhookUrl = z
  .string()
  .trim()
  .min(1, "Enter the webhook's URL.")
  .max(2000, "The URL is too long.")
  .superRefine((value, ctx) => {
    const problem = webhookUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
