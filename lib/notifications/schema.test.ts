import { describe, expect, it } from "vitest";
import { webhookUrlProblem } from "./chat";
import { noticeRouteSchema, preferencesSchema } from "./schema";

const fieldErrors = (input: Record<string, string>) => {
  const parsed = noticeRouteSchema.safeParse(input);
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("admin notice routes", () => {
  it("takes an e-mail address, or an https webhook URL", () => {
    expect(fieldErrors({ name: "IT operations", channel: "EMAIL", target: "it-ops@example.com" })).toEqual({});
    expect(fieldErrors({ name: "Ops", channel: "SLACK", target: "https://hooks.slack.com/services/T0/B0/abc" })).toEqual({});
    expect(fieldErrors({ name: "Ops", channel: "TEAMS", target: "https://contoso.webhook.office.com/webhookb2/x" })).toEqual({});
  });

  it("says at the field what is wrong with an address or URL", () => {
    expect(fieldErrors({ name: "IT", channel: "EMAIL", target: "it-ops at example" })).toEqual({ target: "Enter an e-mail address like it-ops@example.com." });
    expect(fieldErrors({ name: "Ops", channel: "SLACK", target: "hooks.slack.com/services/x" })).toEqual({ target: "Enter the webhook's full URL, starting with https://." });
    expect(fieldErrors({ name: "Ops", channel: "TEAMS", target: "http://contoso.webhook.office.com/x" })).toEqual({ target: "The webhook URL must start with https://." });
    expect(fieldErrors({ name: "Ops", channel: "SLACK", target: "https://user:pw@hooks.slack.com/x" })).toEqual({ target: "The URL must not contain a user name or password." });
    expect(fieldErrors({ name: "", channel: "FAX", target: "" })).toMatchObject({ name: "Give it a name, such as the channel's.", channel: "Choose e-mail, Slack or Microsoft Teams." });
  });

  it("allows plain http only to this machine, and only where tests allow it", () => {
    expect(webhookUrlProblem("http://127.0.0.1:3650/hook", true)).toBeNull();
    expect(webhookUrlProblem("http://127.0.0.1:3650/hook", false)).toBe("The webhook URL must start with https://.");
    expect(webhookUrlProblem("http://10.0.0.5/hook", true)).toBe("The webhook URL must start with https://.");
  });
});

describe("preferences", () => {
  it("turns off every kind whose box is not ticked", () => {
    expect(preferencesSchema.parse({ "desktop.ready": "on", "request.decided": "on" }).muted).toEqual(["request.submitted", "desktop.failed", "billing.mode_change", "lifecycle.warning", "lifecycle.action", "lifecycle.report_leaver", "lifecycle.leaver"]);
  });
});
