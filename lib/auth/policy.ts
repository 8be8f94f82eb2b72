import type { BillingRequestStatus, BulkJobKind, RequestStatus, Role } from "@/lib/db/generated/enums";

// Who may do what: one declarative matrix, read by `can()` and by nothing else.
// This guards security: every page, action and route asks `can()` on a resource
// it loaded from the database, never on ownership the client claimed.

export const ROLES = ["EMPLOYEE", "APPROVER", "ADMIN"] as const satisfies readonly Role[];

export const ACTIONS = [
  "request.create",
  "request.read",
  "request.cancel",
  "request.review",
  "request.queue",
  "request.decide",
  "desktop.read",
  "desktop.reboot",
  "desktop.start",
  "desktop.stop",
  "desktop.rebuild",
  "desktop.terminate",
  "desktop.migrate",
  "desktop.migrate.request",
  "desktop.restore",
  "desktop.retry",
  "desktop.remove",
  "desktop.billing.change",
  "desktop.billing.request",
  "billing.request.read",
  "billing.request.withdraw",
  "billing.request.decide",
  "desktop.resize.change",
  "desktop.resize.request",
  "resize.review",
  "resize.request.decide",
  "fleet.read",
  "fleet.manage",
  "audit.read",
  "bulk.provision",
  "bulk.job.read",
  "bulk.job.manage",
  "billing.manage",
  "billing.review",
  "user.list",
  "user.read",
  "user.role.change",
  "user.disable",
  "user.password.reset",
  "user.sessions.end",
  "user.mfa.reset",
  "role.mapping.manage",
  "account.password.change",
  "directory.create",
  "directory.read",
  "directory.manage",
  "image.manage",
  "bundle.manage",
  "catalog.manage",
  "notification.preferences",
  "notification.manage",
  "lifecycle.manage",
  "desktop.keep",
  "approval.policy.manage",
] as const;

export type Action = (typeof ACTIONS)[number];

/** The caller as the policy sees it: loaded from the database, never from the client. */
export type PolicyUser = { id: string; role: Role; email?: string };

/**
 * A desktop request, as loaded from the database. `levelManagerEmail`: the requester's manager when
 * the request waits at a level routed to them (level 1 of an approval rule), else null or absent.
 */
export type RequestResource = { requesterId: string; status: RequestStatus; levelManagerEmail?: string | null };
/** A desktop, as loaded from the database. Desktops found in AWS may have no owner. */
export type DesktopResource = { ownerId: string | null };
/** An employee's request to change a desktop's billing mode, as loaded from the database. */
export type BillingRequestResource = { requesterId: string; status: BillingRequestStatus };
/** An owner's request for a different compute type or a bigger volume, as loaded from the database. */
export type ResizeRequestResource = { requesterId: string; status: BillingRequestStatus };
/** A bulk job (provisioning from a CSV, or an action on many desktops), as loaded from the database. */
export type BulkJobResource = { kind: BulkJobKind };
/** A portal user (an account), as loaded from the database: its own id is whose it is. */
export type UserResource = { id: string };

type ResourceKind = "request" | "desktop" | "billingRequest" | "resizeRequest" | "bulkJob" | "user";
type Resource = RequestResource | DesktopResource | BillingRequestResource | ResizeRequestResource | BulkJobResource | UserResource;

// What each action is done to. Actions on a resource need it loaded from the database.
const RESOURCE_KIND = {
  "request.create": null,
  "request.read": "request",
  "request.cancel": "request",
  "request.review": null,
  "request.queue": null,
  "request.decide": "request",
  "desktop.read": "desktop",
  "desktop.reboot": "desktop",
  "desktop.start": "desktop",
  "desktop.stop": "desktop",
  "desktop.rebuild": "desktop",
  "desktop.terminate": "desktop",
  "desktop.migrate": "desktop",
  "desktop.migrate.request": "desktop",
  "desktop.restore": "desktop",
  "desktop.retry": "desktop",
  "desktop.remove": "desktop",
  "desktop.billing.change": "desktop",
  "desktop.billing.request": "desktop",
  "billing.request.read": "billingRequest",
  "billing.request.withdraw": "billingRequest",
  "billing.request.decide": "billingRequest",
  "desktop.resize.change": "desktop",
  "desktop.resize.request": "desktop",
  "resize.review": null,
  "resize.request.decide": "resizeRequest",
  "fleet.read": null,
  "fleet.manage": null,
  "audit.read": null,
  "bulk.provision": null,
  "bulk.job.read": "bulkJob",
  "bulk.job.manage": "bulkJob",
  "billing.manage": null,
  "billing.review": null,
  "user.list": null,
  "user.read": "user",
  "user.role.change": "user",
  "user.disable": "user",
  "user.password.reset": "user",
  "user.sessions.end": "user",
  "user.mfa.reset": "user",
  "role.mapping.manage": null,
  "account.password.change": null,
  "directory.create": null,
  "directory.read": null,
  "directory.manage": null,
  "image.manage": null,
  "bundle.manage": null,
  "catalog.manage": null,
  "notification.preferences": null,
  "notification.manage": null,
  "lifecycle.manage": null,
  "desktop.keep": "desktop",
  "approval.policy.manage": null,
} as const satisfies Record<Action, ResourceKind | null>;

type ResourceOfKind = {
  request: RequestResource;
  desktop: DesktopResource;
  billingRequest: BillingRequestResource;
  resizeRequest: ResizeRequestResource;
  bulkJob: BulkJobResource;
  user: UserResource;
};

type ResourceOf = {
  [A in Action]: (typeof RESOURCE_KIND)[A] extends ResourceKind ? ResourceOfKind[(typeof RESOURCE_KIND)[A]] : undefined;
};

export type ResourceFor<A extends Action> = ResourceOf[A];

/**
 * How far a role's grant reaches:
 * - "all":    every resource (or, for actions without a resource, simply allowed);
 * - "own":    only resources the caller owns (requester of a request or billing request, owner of
 *             a desktop; a bulk job has no owner: any admin may follow and steer it);
 * - "others": only resources someone else owns (separation of duties); an unowned resource
 *             (a desktop found in AWS) is reached only by "all";
 * - "managed": only requests waiting at a level routed to the caller as the requester's manager
 *             (the resource names that manager's e-mail), never one's own: most managers are
 *             plain employees.
 * A list of reaches grants what any of them grants. A role missing from a row is denied.
 */
type Reach = "all" | "own" | "others" | "managed";

type Rule<A extends Action> = {
  grants: Partial<Record<Role, Reach | readonly Reach[]>>;
  /** A condition on the resource's state that holds for every role. */
  when?: (resource: ResourceOf[A]) => boolean;
};

const ALL_ROLES = { EMPLOYEE: "all", APPROVER: "all", ADMIN: "all" } as const;
const OWNER_OR_ADMIN = { EMPLOYEE: "own", APPROVER: "own", ADMIN: "all" } as const;
const OWNER_OR_STAFF = { EMPLOYEE: "own", APPROVER: "all", ADMIN: "all" } as const;
const STAFF = { APPROVER: "all", ADMIN: "all" } as const;
const ADMIN_ONLY = { ADMIN: "all" } as const;

export const POLICY: { [A in Action]: Rule<A> } = {
  "request.create": { grants: ALL_ROLES },
  // A manager sees the requests waiting for their decision (the approvals queue links to them).
  "request.read": { grants: { EMPLOYEE: ["own", "managed"], APPROVER: "all", ADMIN: "all" } },
  // Withdrawing is only possible before anyone has decided.
  "request.cancel": {
    grants: { EMPLOYEE: "own", APPROVER: "own", ADMIN: "own" },
    when: (request) => request.status === "SUBMITTED",
  },
  // The approval queue: everyone's open requests. Deciding one is request.decide, on that request.
  "request.review": { grants: STAFF },
  // Sending decisions from the queue: anyone may be someone's manager. What each person may decide
  // is request.decide on each request (an employee: only what waits for them as manager).
  "request.queue": { grants: ALL_ROLES },
  // Separation of duties: nobody approves or rejects their own request, admins included.
  // Whether the request is still open is the state machine's rule (mutations), not the policy's.
  "request.decide": { grants: { EMPLOYEE: "managed", APPROVER: "others", ADMIN: "others" } },
  "desktop.read": { grants: OWNER_OR_STAFF },
  "desktop.reboot": { grants: OWNER_OR_ADMIN },
  "desktop.start": { grants: OWNER_OR_ADMIN },
  "desktop.stop": { grants: OWNER_OR_ADMIN },
  // Product decision: employees may rebuild their own desktop (it wipes only their own C: drive).
  "desktop.rebuild": { grants: OWNER_OR_ADMIN },
  "desktop.terminate": { grants: ADMIN_ONLY },
  // Migrating replaces the system volume (installed programs are lost) and changes the bundle's price.
  "desktop.migrate": { grants: ADMIN_ONLY },
  // The owner may ask; an approver other than the owner decides (resize.request.decide).
  "desktop.migrate.request": { grants: { EMPLOYEE: "own", APPROVER: "own", ADMIN: "own" } },
  // Restoring loses what was written since the last snapshot; AWS offers it to admins only.
  "desktop.restore": { grants: ADMIN_ONLY },
  // A create that failed before AWS made the desktop: queue it again, or close the row.
  "desktop.retry": { grants: ADMIN_ONLY },
  "desktop.remove": { grants: ADMIN_ONLY },
  // Billing mode (money): admins change it directly; owners ask, and someone else decides.
  "desktop.billing.change": { grants: ADMIN_ONLY },
  "desktop.billing.request": { grants: { EMPLOYEE: "own", APPROVER: "own", ADMIN: "own" } },
  // A billing-mode request is its requester's; approvers and admins see all of them.
  "billing.request.read": { grants: OWNER_OR_STAFF },
  // Withdrawing is only possible before anyone has decided.
  "billing.request.withdraw": {
    grants: { EMPLOYEE: "own", APPROVER: "own", ADMIN: "own" },
    when: (request) => request.status === "SUBMITTED",
  },
  // Money and separation of duties: nobody decides their own billing-mode request.
  "billing.request.decide": { grants: { APPROVER: "others", ADMIN: "others" } },
  // Compute type and volume sizes (money): admins change them directly; owners ask, and what costs
  // more goes to someone else (lib/desktops/resize/rules.ts), who may not be the requester.
  "desktop.resize.change": { grants: ADMIN_ONLY },
  "desktop.resize.request": { grants: { EMPLOYEE: "own", APPROVER: "own", ADMIN: "own" } },
  "resize.review": { grants: STAFF },
  "resize.request.decide": { grants: { APPROVER: "others", ADMIN: "others" } },
  // Approvers see the fleet to judge requests, but change nothing in it.
  "fleet.read": { grants: STAFF },
  "fleet.manage": { grants: ADMIN_ONLY },
  "audit.read": { grants: ADMIN_ONLY },
  "bulk.provision": { grants: ADMIN_ONLY },
  // A provisioning job is bulk.provision's and an action job fleet.manage's: whoever may start a
  // kind of job may follow it, retry its failed items and cancel the rest (policy.test.ts keeps
  // these rows in step with bulk.provision and fleet.manage).
  "bulk.job.read": { grants: ADMIN_ONLY },
  "bulk.job.manage": { grants: ADMIN_ONLY },
  // Prices, cost dashboard, recommendations and the cost policy.
  "billing.manage": { grants: ADMIN_ONLY },
  // The queue of billing-mode requests. Deciding one is desktop.billing.decide, on that desktop.
  "billing.review": { grants: STAFF },
  // Accounts. Nobody changes their own role, disables themselves or resets their own password
  // without the current one (security: a stolen admin session cannot quietly entrench itself, and
  // there is always another admin left to undo a mistake).
  "user.list": { grants: ADMIN_ONLY },
  "user.read": { grants: ADMIN_ONLY },
  "user.role.change": { grants: { ADMIN: "others" } },
  "user.disable": { grants: { ADMIN: "others" } },
  "user.password.reset": { grants: { ADMIN: "others" } },
  // Signing someone out everywhere, and taking away their authenticator app (lost phone).
  "user.sessions.end": { grants: { ADMIN: "others" } },
  "user.mfa.reset": { grants: { ADMIN: "others" } },
  // Which directory or SSO groups give which role at sign-in.
  "role.mapping.manage": { grants: ADMIN_ONLY },
  // One's own password (local accounts; the action checks the current password).
  "account.password.change": { grants: ALL_ROLES },
  // Creating a directory changes the AWS account's network and costs money: admins only.
  "directory.create": { grants: ADMIN_ONLY },
  // Directories carry the domain's registration codes, RADIUS servers and network: admins only.
  "directory.read": { grants: ADMIN_ONLY },
  "directory.manage": { grants: ADMIN_ONLY },
  // Custom images (made from a user's desktop, shareable with other AWS accounts) and the bundles
  // built from them decide what every new desktop runs: admins only.
  "image.manage": { grants: ADMIN_ONLY },
  "bundle.manage": { grants: ADMIN_ONLY },
  // Which bundles employees may request, and under what name: admins only.
  "catalog.manage": { grants: ADMIN_ONLY },
  // Which notifications one receives oneself.
  "notification.preferences": { grants: ALL_ROLES },
  // The notification queue, the local mailbox (everyone's mail) and where admin notices go.
  "notification.manage": { grants: ADMIN_ONLY },
  // Clean-up policies (stop and terminate desktops nobody uses) and leavers: admins only.
  "lifecycle.manage": { grants: ADMIN_ONLY },
  // "Keep my desktop" after a clean-up warning: the owner's word that they still need it.
  "desktop.keep": { grants: { EMPLOYEE: "own", APPROVER: "own", ADMIN: "own" } },
  // Approval policies decide who approves what, and what is approved with nobody looking: admins only.
  "approval.policy.manage": { grants: ADMIN_ONLY },
};

function ownerOf(kind: ResourceKind, resource: Resource): string | null {
  const owner =
    kind === "request" || kind === "billingRequest" || kind === "resizeRequest"
      ? (resource as RequestResource | BillingRequestResource | ResizeRequestResource).requesterId
      : kind === "desktop"
        ? (resource as DesktopResource).ownerId
        : kind === "user"
          ? (resource as UserResource).id
          : null;
  return typeof owner === "string" && owner !== "" ? owner : null;
}

// Actions on a resource need it; actions without one take none. Checked by the compiler.
type ResourceArgs<A extends Action> = [ResourceOf[A]] extends [undefined]
  ? [resource?: undefined]
  : [resource: ResourceOf[A]];

/**
 * May `user` do `action` (to `resource`)? Fails closed: no user, an unknown role or
 * action, or a missing resource for an action that needs one, all answer false.
 */
export function can<A extends Action>(user: PolicyUser | null | undefined, action: A, ...args: ResourceArgs<A>): boolean {
  if (!user) return false;
  if (!Object.hasOwn(POLICY, action)) return false;
  const rule = POLICY[action] as Rule<Action>;
  if (!Object.hasOwn(rule.grants, user.role)) return false;
  const granted = rule.grants[user.role];
  const reaches: readonly Reach[] = Array.isArray(granted) ? granted : [granted as Reach];
  const kind = RESOURCE_KIND[action];
  const resource = args[0] as Resource | undefined;

  if (kind === null) return reaches.includes("all");
  if (!resource) return false;
  if (rule.when && !rule.when(resource as never)) return false;

  const owner = ownerOf(kind, resource);
  const owns = owner !== null && owner === user.id;
  const manager = kind === "request" ? (resource as RequestResource).levelManagerEmail?.trim().toLowerCase() : undefined;
  return reaches.some((reach) => {
    switch (reach) {
      case "all":
        return true;
      case "own":
        return owns;
      case "others":
        return owner !== null && !owns;
      case "managed":
        return owner !== null && !owns && Boolean(manager) && manager === user.email?.trim().toLowerCase();
      default:
        return false;
    }
  });
}

/** What an action is done to ("desktop", "request", ...), or null; for the audit trail. */
export function resourceKindOf(action: Action): ResourceKind | null {
  return RESOURCE_KIND[action];
}

export function actionNeedsResource(action: Action): boolean {
  return RESOURCE_KIND[action] !== null;
}
