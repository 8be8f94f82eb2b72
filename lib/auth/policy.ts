import type { RequestStatus, Role } from "@/lib/db/generated/enums";

// Who may do what: one declarative matrix, read by `can()` and by nothing else.
// This guards security: every page, action and route asks `can()` on a resource
// it loaded from the database, never on ownership the client claimed.

export const ROLES = ["EMPLOYEE", "APPROVER", "ADMIN"] as const satisfies readonly Role[];

export const ACTIONS = [
  "request.create",
  "request.read",
  "request.cancel",
  "request.review",
  "request.decide",
  "desktop.read",
  "desktop.reboot",
  "desktop.start",
  "desktop.stop",
  "desktop.rebuild",
  "desktop.terminate",
  "desktop.retry",
  "desktop.remove",
  "desktop.billing.change",
  "desktop.billing.request",
  "desktop.billing.decide",
  "fleet.read",
  "fleet.manage",
  "audit.read",
  "directory.manage",
  "bundle.manage",
  "bulk.provision",
  "billing.manage",
  "billing.review",
  "user.manage",
] as const;

export type Action = (typeof ACTIONS)[number];

/** The caller as the policy sees it: loaded from the database, never from the client. */
export type PolicyUser = { id: string; role: Role };

/** A desktop request, as loaded from the database. */
export type RequestResource = { requesterId: string; status: RequestStatus };
/** A desktop, as loaded from the database. Desktops found in AWS may have no owner. */
export type DesktopResource = { ownerId: string | null };

// What each action is done to. Actions on a resource need it loaded from the database.
const RESOURCE_KIND = {
  "request.create": null,
  "request.read": "request",
  "request.cancel": "request",
  "request.review": null,
  "request.decide": "request",
  "desktop.read": "desktop",
  "desktop.reboot": "desktop",
  "desktop.start": "desktop",
  "desktop.stop": "desktop",
  "desktop.rebuild": "desktop",
  "desktop.terminate": "desktop",
  "desktop.retry": "desktop",
  "desktop.remove": "desktop",
  "desktop.billing.change": "desktop",
  "desktop.billing.request": "desktop",
  "desktop.billing.decide": "desktop",
  "fleet.read": null,
  "fleet.manage": null,
  "audit.read": null,
  "directory.manage": null,
  "bundle.manage": null,
  "bulk.provision": null,
  "billing.manage": null,
  "billing.review": null,
  "user.manage": null,
} as const satisfies Record<Action, "request" | "desktop" | null>;

type ResourceOf = {
  [A in Action]: (typeof RESOURCE_KIND)[A] extends "request"
    ? RequestResource
    : (typeof RESOURCE_KIND)[A] extends "desktop"
      ? DesktopResource
      : undefined;
};

export type ResourceFor<A extends Action> = ResourceOf[A];

/**
 * How far a role's grant reaches:
 * - "all":    every resource (or, for actions without a resource, simply allowed);
 * - "own":    only resources the caller owns (requester of a request, owner of a desktop);
 * - "others": only resources someone else owns (separation of duties); an unowned resource
 *             (a desktop found in AWS) is reached only by "all".
 * A role missing from a row is denied.
 */
type Reach = "all" | "own" | "others";

type Rule<A extends Action> = {
  grants: Partial<Record<Role, Reach>>;
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
  "request.read": { grants: OWNER_OR_STAFF },
  // Withdrawing is only possible before anyone has decided.
  "request.cancel": {
    grants: { EMPLOYEE: "own", APPROVER: "own", ADMIN: "own" },
    when: (request) => request.status === "SUBMITTED",
  },
  // The approval queue: everyone's open requests. Deciding one is request.decide, on that request.
  "request.review": { grants: STAFF },
  // Separation of duties: nobody approves or rejects their own request, admins included.
  // Whether the request is still open is the state machine's rule (mutations), not the policy's.
  "request.decide": { grants: { APPROVER: "others", ADMIN: "others" } },
  "desktop.read": { grants: OWNER_OR_STAFF },
  "desktop.reboot": { grants: OWNER_OR_ADMIN },
  "desktop.start": { grants: OWNER_OR_ADMIN },
  "desktop.stop": { grants: OWNER_OR_ADMIN },
  // Product decision: employees may rebuild their own desktop (it wipes only their own C: drive).
  "desktop.rebuild": { grants: OWNER_OR_ADMIN },
  "desktop.terminate": { grants: ADMIN_ONLY },
  // A create that failed before AWS made the desktop: queue it again, or close the row.
  "desktop.retry": { grants: ADMIN_ONLY },
  "desktop.remove": { grants: ADMIN_ONLY },
  // Billing mode (money): admins change it directly; owners ask, and someone else decides.
  "desktop.billing.change": { grants: ADMIN_ONLY },
  "desktop.billing.request": { grants: { EMPLOYEE: "own", APPROVER: "own", ADMIN: "own" } },
  "desktop.billing.decide": { grants: { APPROVER: "others", ADMIN: "others" } },
  // Approvers see the fleet to judge requests, but change nothing in it.
  "fleet.read": { grants: STAFF },
  "fleet.manage": { grants: ADMIN_ONLY },
  "audit.read": { grants: ADMIN_ONLY },
  "directory.manage": { grants: ADMIN_ONLY },
  "bundle.manage": { grants: ADMIN_ONLY },
  "bulk.provision": { grants: ADMIN_ONLY },
  // Prices, cost dashboard, recommendations and the cost policy.
  "billing.manage": { grants: ADMIN_ONLY },
  // The queue of billing-mode requests. Deciding one is desktop.billing.decide, on that desktop.
  "billing.review": { grants: STAFF },
  "user.manage": { grants: ADMIN_ONLY },
};

function ownerOf(kind: "request" | "desktop", resource: RequestResource | DesktopResource): string | null {
  const owner = kind === "request" ? (resource as RequestResource).requesterId : (resource as DesktopResource).ownerId;
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
  const reach = rule.grants[user.role];
  const kind = RESOURCE_KIND[action];
  const resource = args[0] as RequestResource | DesktopResource | undefined;

  if (kind === null) return reach === "all";
  if (!resource) return false;
  if (rule.when && !rule.when(resource as never)) return false;

  const owner = ownerOf(kind, resource);
  const owns = owner !== null && owner === user.id;
  switch (reach) {
    case "all":
      return true;
    case "own":
      return owns;
    case "others":
      return owner !== null && !owns;
    default:
      return false;
  }
}

export function actionNeedsResource(action: Action): boolean {
  return RESOURCE_KIND[action] !== null;
}
