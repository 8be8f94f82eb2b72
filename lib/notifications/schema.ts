// Inputs of the notification settings: one's own preferences, and where admin notices also go.
import { z } from "zod";
import { webhookUrlProblem } from "./chat";
import { NOTIFICATION_KIND_LIST, type NotificationKind } from "./kinds";

/** The form sends a checkbox per kind ("on" when ticked); kinds left out are turned off. */
export const preferencesSchema = z
  .record(z.string(), z.unknown())
  .transform((form) => ({ muted: NOTIFICATION_KIND_LIST.filter((kind) => form[kind] !== "on" && form[kind] !== true) as NotificationKind[] }));

export const noticeRouteSchema = z
  .object({
    name: z.string().trim().min(1, "Give it a name, such as the channel's.").max(80, "At most 80 characters."),
    channel: z.enum(["EMAIL", "SLACK", "TEAMS"], { message: "Choose e-mail, Slack or Microsoft Teams." }),
    target: z.string().trim().min(1, "Enter the address or the webhook URL.").max(2000, "Too long."),
  })
  .superRefine((input, ctx) => {
    if (input.channel === "EMAIL") {
      if (!z.email().safeParse(input.target).success) ctx.addIssue({ code: "custom", path: ["target"], message: "Enter an e-mail address like it-ops@example.com." });
      return;
    }
    const problem = webhookUrlProblem(input.target);
    if (problem) ctx.addIssue({ code: "custom", path: ["target"], message: problem });
  });

export const noticeRouteIdSchema = z.object({ routeId: z.string().min(1) });
