// What the portal tells people, and to whom. The one list of notification kinds: preferences,
// templates and the admin pages read it.

export const NOTIFICATION_KINDS = {
  "request.submitted": { label: "A request waits for my approval", audience: "approvers" },
  "request.decided": { label: "My request was approved or rejected", audience: "requester" },
  "desktop.ready": { label: "My desktop is ready", audience: "owner" },
  "desktop.failed": { label: "A desktop could not be created, or an action on it failed", audience: "admins" },
  "billing.mode_change": { label: "A billing-mode change of my desktop was scheduled or applied", audience: "owner" },
  "lifecycle.warning": { label: "My desktop is unused and will be cleaned up unless I keep it", audience: "owner" },
  "lifecycle.action": { label: "My unused desktop was stopped or terminated", audience: "owner" },
  "lifecycle.report_leaver": { label: "Someone who reports to me left: what happens to their desktops", audience: "manager" },
  "lifecycle.leaver": { label: "A leaver's desktops were stopped or terminated", audience: "admins" },
} as const;

import type { Role } from "@/lib/db/generated/enums";

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export const NOTIFICATION_KIND_LIST = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

/** Admin notices also go to the routes admins set up: shared addresses and chat webhooks (notifyAdmins in mutations.ts, chat.ts). */
export function isAdminNotice(kind: NotificationKind): boolean {
  return NOTIFICATION_KINDS[kind].audience === "admins";
}

/** The kinds a person of this role can receive (and so choose on their account page). */
export function kindsFor(role: Role): NotificationKind[] {
  return NOTIFICATION_KIND_LIST.filter((kind) => {
    const audience = NOTIFICATION_KINDS[kind].audience;
    return audience === "admins" ? role === "ADMIN" : audience === "approvers" ? role !== "EMPLOYEE" : true;
  });
}
