import { describe, expect, it } from "vitest";
import type { BillingRequestStatus, RequestStatus, Role } from "@/lib/db/generated/enums";
import {
  ACTIONS,
  actionNeedsResource,
  can,
  ROLES,
  type Action,
  type BillingRequestResource,
  type BulkJobResource,
  type DesktopResource,
  type PolicyUser,
  type RequestResource,
  type UserResource,
} from "./policy";

// The whole role x action table, written out by hand and independently of POLICY,
// so that a change to the policy must be made twice: once on purpose, once here.
//
//   "yes"     allowed (actions without a resource)
//   "no"      denied
//   "any"     allowed on anyone's resource
//   "own"     allowed on the caller's own resource only
//   "others"  allowed on other people's resources only (never one's own)
//   "managed" allowed only on requests waiting for the caller as the requester's manager (below)
//   "own+managed" both
type Cell = "yes" | "no" | "any" | "own" | "others" | "managed" | "own+managed";

const TABLE: Record<Action, Record<Role, Cell>> = {
  //                     EMPLOYEE           APPROVER            ADMIN
  "request.create":    { EMPLOYEE: "yes", APPROVER: "yes",    ADMIN: "yes" },
  "request.read":      { EMPLOYEE: "own+managed", APPROVER: "any", ADMIN: "any" },
  "request.cancel":    { EMPLOYEE: "own", APPROVER: "own",    ADMIN: "own" }, // and only while SUBMITTED
  "request.review":    { EMPLOYEE: "no",  APPROVER: "yes",    ADMIN: "yes" },
  "request.queue":     { EMPLOYEE: "yes", APPROVER: "yes",    ADMIN: "yes" },
  "request.decide":    { EMPLOYEE: "managed", APPROVER: "others", ADMIN: "others" },
  "desktop.read":      { EMPLOYEE: "own", APPROVER: "any",    ADMIN: "any" },
  "desktop.reboot":    { EMPLOYEE: "own", APPROVER: "own",    ADMIN: "any" },
  "desktop.start":     { EMPLOYEE: "own", APPROVER: "own",    ADMIN: "any" },
  "desktop.stop":      { EMPLOYEE: "own", APPROVER: "own",    ADMIN: "any" },
  "desktop.rebuild":   { EMPLOYEE: "own", APPROVER: "own",    ADMIN: "any" },
  "desktop.terminate": { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "any" },
  "desktop.migrate":   { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "any" },
  "desktop.migrate.request": { EMPLOYEE: "own", APPROVER: "own", ADMIN: "own" },
  "desktop.restore":   { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "any" },
  "desktop.retry":     { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "any" },
  "desktop.remove":    { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "any" },
  "desktop.billing.change":  { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "any" },
  "desktop.billing.request": { EMPLOYEE: "own", APPROVER: "own",    ADMIN: "own" },
  "billing.request.read":     { EMPLOYEE: "own", APPROVER: "any",    ADMIN: "any" },
  "billing.request.withdraw": { EMPLOYEE: "own", APPROVER: "own",    ADMIN: "own" }, // and only while SUBMITTED
  "billing.request.decide":   { EMPLOYEE: "no",  APPROVER: "others", ADMIN: "others" },
  "desktop.resize.change":    { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "any" },
  "desktop.resize.request":   { EMPLOYEE: "own", APPROVER: "own",    ADMIN: "own" },
  "resize.review":            { EMPLOYEE: "no",  APPROVER: "yes",    ADMIN: "yes" },
  "resize.request.decide":    { EMPLOYEE: "no",  APPROVER: "others", ADMIN: "others" },
  "fleet.read":        { EMPLOYEE: "no",  APPROVER: "yes",    ADMIN: "yes" },
  "fleet.manage":      { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "yes" },
  "audit.read":        { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "yes" },
  "bulk.provision":    { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "yes" },
  "bulk.job.read":     { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "any" },
  "bulk.job.manage":   { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "any" },
  "billing.manage":    { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "yes" },
  "billing.review":    { EMPLOYEE: "no",  APPROVER: "yes",    ADMIN: "yes" },
  "user.list":         { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "yes" },
  "user.read":         { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "any" },
  "user.role.change":  { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "others" },
  "user.disable":      { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "others" },
  "user.password.reset": { EMPLOYEE: "no", APPROVER: "no",    ADMIN: "others" },
  "user.sessions.end": { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "others" },
  "user.mfa.reset":    { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "others" },
  "role.mapping.manage": { EMPLOYEE: "no", APPROVER: "no",    ADMIN: "yes" },
  "account.password.change": { EMPLOYEE: "yes", APPROVER: "yes", ADMIN: "yes" },
  "directory.create":  { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "yes" },
  "directory.read":    { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "yes" },
  "directory.manage":  { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "yes" },
  "image.manage":      { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "yes" },
  "bundle.manage":     { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "yes" },
  "catalog.manage":    { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "yes" },
  "notification.preferences": { EMPLOYEE: "yes", APPROVER: "yes", ADMIN: "yes" },
  "notification.manage": { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "yes" },
  "lifecycle.manage":  { EMPLOYEE: "no",  APPROVER: "no",     ADMIN: "yes" },
  "desktop.keep":      { EMPLOYEE: "own", APPROVER: "own",    ADMIN: "own" },
  "approval.policy.manage": { EMPLOYEE: "no", APPROVER: "no",  ADMIN: "yes" },
};

// State conditions that hold for every role, on top of the table.
const ONLY_WHILE: Partial<Record<Action, RequestStatus[]>> = {
  "request.cancel": ["SUBMITTED"],
};
const BILLING_ONLY_WHILE: Partial<Record<Action, BillingRequestStatus[]>> = {
  "billing.request.withdraw": ["SUBMITTED"],
};
const BILLING_STATUSES: BillingRequestStatus[] = ["SUBMITTED", "APPROVED", "REJECTED", "CANCELLED"];
const JOB_KINDS: BulkJobResource["kind"][] = ["PROVISION", "ACTION"];

const STATUSES: RequestStatus[] = [
  "SUBMITTED",
  "APPROVED",
  "REJECTED",
  "CANCELLED",
  "PROVISIONING",
  "READY",
  "FAILED",
];

const ME = "user-me";
const SOMEONE_ELSE = "user-other";

type Whose = "own" | "other's" | "unowned";
type AnyResource = RequestResource | DesktopResource | BillingRequestResource | BulkJobResource | UserResource;
type Case = {
  role: Role;
  action: Action;
  whose: Whose | null;
  status: string | null;
  resource: AnyResource | undefined;
  expected: boolean;
};

function resourceKind(action: Action): "request" | "desktop" | "billingRequest" | "bulkJob" | "user" | null {
  if (!actionNeedsResource(action)) return null;
  if (action.startsWith("user.")) return "user";
  if (action.startsWith("request.")) return "request";
  // A resize request has a billing request's shape (requester and status).
  if (action.startsWith("billing.request.") || action.startsWith("resize.request.")) return "billingRequest";
  if (action.startsWith("bulk.job.")) return "bulkJob";
  return "desktop";
}

function expectedFor(cell: Cell, whose: Whose | null): boolean {
  switch (cell) {
    case "yes":
      return whose === null;
    case "no":
      return false;
    case "any":
      return whose !== null;
    case "own":
    case "own+managed":
      return whose === "own";
    case "others":
      return whose === "other's";
    case "managed":
      // The table's resources name no manager: see "a requester's manager" below.
      return false;
  }
}

// Every cell of the table, expanded over whose resource it is and, for requests, every status.
function allCases(): Case[] {
  const cases: Case[] = [];
  for (const action of ACTIONS) {
    for (const role of ROLES) {
      const cell = TABLE[action][role];
      const kind = resourceKind(action);
      if (kind === null) {
        cases.push({ role, action, whose: null, status: null, resource: undefined, expected: expectedFor(cell, null) });
      } else if (kind === "request") {
        for (const whose of ["own", "other's"] as const) {
          for (const status of STATUSES) {
            const requesterId = whose === "own" ? ME : SOMEONE_ELSE;
            const allowedStatuses = ONLY_WHILE[action];
            const stateOk = !allowedStatuses || allowedStatuses.includes(status);
            cases.push({
              role,
              action,
              whose,
              status,
              resource: { requesterId, status },
              expected: stateOk && expectedFor(cell, whose),
            });
          }
        }
      } else if (kind === "billingRequest") {
        for (const whose of ["own", "other's"] as const) {
          for (const status of BILLING_STATUSES) {
            const allowedStatuses = BILLING_ONLY_WHILE[action];
            const stateOk = !allowedStatuses || allowedStatuses.includes(status);
            const resource = { requesterId: whose === "own" ? ME : SOMEONE_ELSE, status };
            cases.push({ role, action, whose, status, resource, expected: stateOk && expectedFor(cell, whose) });
          }
        }
      } else if (kind === "bulkJob") {
        // A bulk job has no owner: only "any" reaches it, whatever its kind.
        for (const jobKind of JOB_KINDS) {
          cases.push({ role, action, whose: "unowned", status: jobKind, resource: { kind: jobKind }, expected: cell === "any" });
        }
      } else if (kind === "user") {
        // An account is its own: "own" is the caller's account.
        for (const whose of ["own", "other's"] as const) {
          cases.push({ role, action, whose, status: null, resource: { id: whose === "own" ? ME : SOMEONE_ELSE }, expected: expectedFor(cell, whose) });
        }
      } else {
        for (const whose of ["own", "other's", "unowned"] as const) {
          const ownerId = whose === "own" ? ME : whose === "other's" ? SOMEONE_ELSE : null;
          // A desktop with no owner (found in AWS) is nobody's own: only "any" reaches it.
          const expected = whose === "unowned" ? cell === "any" : expectedFor(cell, whose);
          cases.push({ role, action, whose, status: null, resource: { ownerId }, expected });
        }
      }
    }
  }
  return cases;
}

function check(user: PolicyUser | null, action: Action, resource: AnyResource | undefined) {
  // Iterating over every action loses the per-action resource type; the cast is the test's, not the app's.
  return (can as (u: PolicyUser | null, a: Action, r?: unknown) => boolean)(user, action, resource);
}

describe("can(): the whole role x action table", () => {
  it("has a row in the test table for every action, and no other", () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ACTIONS].sort());
    expect([...ROLES].sort()).toEqual(["ADMIN", "APPROVER", "EMPLOYEE"]);
  });

  const cases = allCases();

  it.each(cases.map((c) => [
    `${c.role.padEnd(8)} ${c.action.padEnd(17)} ${c.whose ?? "-"}${c.status ? ` ${c.status}` : ""} -> ${c.expected ? "allow" : "deny"}`,
    c,
  ] as const))("%s", (_name, c) => {
    const user: PolicyUser = { id: ME, role: c.role };
    expect(check(user, c.action, c.resource)).toBe(c.expected);
  });

  it("covers every action for every role", () => {
    for (const action of ACTIONS) {
      for (const role of ROLES) {
        expect(cases.some((c) => c.action === action && c.role === role)).toBe(true);
      }
    }
  });
});

describe("can(): roles nest, ADMIN ⊇ APPROVER ⊇ EMPLOYEE", () => {
  const variants = allCases().filter((c) => c.role === "EMPLOYEE");
  it.each(variants.map((c) => [`${c.action} ${c.whose ?? "-"}${c.status ? ` ${c.status}` : ""}`, c] as const))(
    "%s",
    (_name, c) => {
      const as = (role: Role) => check({ id: ME, role }, c.action, c.resource);
      if (as("EMPLOYEE")) expect(as("APPROVER")).toBe(true);
      if (as("APPROVER")) expect(as("ADMIN")).toBe(true);
    },
  );

  it("gives each higher role strictly more than the one below", () => {
    const allowed = (role: Role) =>
      allCases()
        .filter((c) => c.role === "EMPLOYEE")
        .filter((c) => check({ id: ME, role }, c.action, c.resource)).length;
    expect(allowed("APPROVER")).toBeGreaterThan(allowed("EMPLOYEE"));
    expect(allowed("ADMIN")).toBeGreaterThan(allowed("APPROVER"));
  });
});

describe("can(): fails closed", () => {
  const admin: PolicyUser = { id: ME, role: "ADMIN" };

  it("denies a missing user", () => {
    for (const action of ACTIONS) {
      expect(check(null, action, { requesterId: ME, status: "SUBMITTED", ownerId: ME } as never)).toBe(false);
      expect(check(undefined as never, action, undefined)).toBe(false);
    }
  });

  it("denies an action on a resource when no resource is given, even to an admin", () => {
    for (const action of ACTIONS.filter(actionNeedsResource)) {
      expect(check(admin, action, undefined)).toBe(false);
    }
  });

  it("denies an unknown role and an unknown action", () => {
    expect(check({ id: ME, role: "SUPERUSER" as Role }, "request.create", undefined)).toBe(false);
    expect(check(admin, "request.delete" as Action, undefined)).toBe(false);
    expect(check(admin, "constructor" as Action, undefined)).toBe(false);
    expect(check(admin, "__proto__" as Action, undefined)).toBe(false);
  });

  it("does not treat an empty id as ownership", () => {
    const nobody: PolicyUser = { id: "", role: "EMPLOYEE" };
    expect(can(nobody, "desktop.reboot", { ownerId: "" })).toBe(false);
    expect(can(nobody, "request.cancel", { requesterId: "", status: "SUBMITTED" })).toBe(false);
  });

  it("never lets an admin or approver decide their own billing-mode request", () => {
    for (const role of ["APPROVER", "ADMIN"] as const) {
      for (const status of BILLING_STATUSES) {
        expect(can({ id: ME, role }, "billing.request.decide", { requesterId: ME, status })).toBe(false);
      }
    }
  });

  it("never lets anyone withdraw someone else's billing-mode request", () => {
    for (const role of ROLES) {
      expect(can({ id: ME, role }, "billing.request.withdraw", { requesterId: SOMEONE_ELSE, status: "SUBMITTED" })).toBe(false);
    }
  });

  it("never lets an admin or approver decide their own request", () => {
    for (const role of ["APPROVER", "ADMIN"] as const) {
      for (const status of STATUSES) {
        expect(can({ id: ME, role }, "request.decide", { requesterId: ME, status })).toBe(false);
      }
    }
  });
});

describe("can(): bulk jobs follow the right to start them", () => {
  // Provisioning jobs are started with bulk.provision, action jobs with fleet.manage: whoever may
  // follow, retry or cancel a job of a kind is exactly whoever may start one.
  const startedWith = { PROVISION: "bulk.provision", ACTION: "fleet.manage" } as const;
  it.each(ROLES.flatMap((role) => JOB_KINDS.map((kind) => [role, kind] as const)))("%s, %s job", (role, kind) => {
    const user: PolicyUser = { id: ME, role };
    const mayStart = can(user, startedWith[kind]);
    expect(can(user, "bulk.job.read", { kind })).toBe(mayStart);
    expect(can(user, "bulk.job.manage", { kind })).toBe(mayStart);
  });
});

describe("can(): a requester's manager, whatever their role", () => {
  const manager: PolicyUser = { id: ME, role: "EMPLOYEE", email: "Manager@Example.com" };
  const waitingForMe: RequestResource = { requesterId: SOMEONE_ELSE, status: "SUBMITTED", levelManagerEmail: "manager@example.com" };

  it("sees and decides a request whose current level waits for them", () => {
    expect(can(manager, "request.read", waitingForMe)).toBe(true);
    expect(can(manager, "request.decide", waitingForMe)).toBe(true);
  });

  it("neither sees nor decides a request waiting for another manager, for no manager, or their own", () => {
    for (const request of [
      { ...waitingForMe, levelManagerEmail: "someone.else@example.com" },
      { ...waitingForMe, levelManagerEmail: null },
      { requesterId: SOMEONE_ELSE, status: "SUBMITTED" as const },
      { ...waitingForMe, requesterId: ME },
    ]) {
      expect(can(manager, "request.decide", request)).toBe(false);
      expect(can(manager, "request.read", request)).toBe(request.requesterId === ME);
    }
  });

  it("needs the caller's e-mail: without it, the manager grant reaches nothing", () => {
    expect(can({ id: ME, role: "EMPLOYEE" }, "request.decide", waitingForMe)).toBe(false);
  });

  it("opens the approvals queue for sending decisions, but not everyone's queue", () => {
    expect(can(manager, "request.queue")).toBe(true);
    expect(can(manager, "request.review")).toBe(false);
  });
});
