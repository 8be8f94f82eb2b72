// Every server action and every route handler, found on disk, called directly (not through the
// UI) by every kind of caller against a real database: allowed calls get past the policy, refused
// ones are answered as refused, change nothing, and are recorded in the audit trail.
//
// A new "use server" export or route.ts handler without a line in ACTIONS or ROUTES fails
// "has an entry for every server action and route". Add one line: who may call it, and how to call it.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { createTestDb } from "@/test-support/test-db";

let testDb: PrismaClient;
let caller: { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" } | null = null;

vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return testDb;
  },
}));
vi.mock("@/lib/auth/session", () => ({
  getActionUser: async () => caller,
  getCurrentUser: async () => caller,
  // Every caller here has a complete session (signing-in stages are tested in lib/mfa/mfa.test.ts).
  getSessionState: async () =>
    caller && { id: `s-${caller.id}`, method: "PASSWORD", amr: ["pwd"], stage: "complete", mfaEnabled: false, user: caller, createdAt: new Date(), lastSeenAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000) },
}));
// Watched, not replaced: how many statements write a batch's refusals.
vi.mock("@/lib/audit/mutations", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/audit/mutations")>();
  return { ...original, recordAuditMany: vi.fn(original.recordAuditMany) };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.7" }) }));
// No AWS here: directory creation's EC2 reads answer "unavailable", so an allowed create stops at a CONFLICT.
vi.mock("@/lib/directories/create/aws", () => {
  const unavailable = async () => ({ ok: false, kind: "server", code: "Unavailable", message: "No AWS in this test." });
  return { directoryCreationAws: () => ({ describeSubnets: unavailable, describeDirectories: unavailable, describeSecurityGroups: unavailable }) };
});
// Nor for a directory's settings: its reads answer "unavailable", so an allowed change that needs them stops at a CONFLICT.
vi.mock("@/lib/directories/settings-aws", () => {
  const unavailable = async () => ({ ok: false, kind: "server", code: "Unavailable", message: "No AWS in this test." });
  return { directorySettingsAws: () => ({ describeDirectories: unavailable, describeSecurityGroups: unavailable, describeIpGroups: unavailable, describeWorkspaceDirectories: unavailable }) };
});
// No AWS for images and bundles either: their reads answer "unavailable" (an allowed change stops at a CONFLICT).
vi.mock("@/lib/images/aws", () => {
  const unavailable = async () => ({ ok: false, kind: "server", code: "Unavailable", message: "No AWS in this test." });
  return { imagesAws: () => ({ workspaceImages: { describeImages: unavailable, describeImagePermissions: unavailable }, workspaces: { describeBundles: unavailable } }) };
});
// Quick set-up and clean-up read AWS the same way: unavailable here, so an allowed call stops at a CONFLICT.
vi.mock("@/lib/directories/quick-setup/aws", () => {
  const unavailable = async () => ({ ok: false, kind: "server", code: "Unavailable", message: "No AWS in this test." });
  return {
    quickSetupAws: () => ({
      region: "us-east-1",
      portalNetwork: { zones: unavailable, findVpcs: unavailable },
      directoryCreation: { describeDirectories: unavailable, describeVpcs: unavailable },
      workspaces: { describeWorkspacesPage: unavailable, describeWorkspaceDirectories: unavailable },
    }),
  };
});
// Auth.js itself is not under test here: signing in checks credentials through it.
vi.mock("@/lib/auth/auth", () => ({
  signInWithPassword: async () => ({ ok: false, code: "INVALID_CREDENTIALS", message: "Wrong e-mail or password." }),
  signOutSession: async () => {},
  startSsoSignIn: async () => {},
  handlers: { GET: async () => new Response(null), POST: async () => new Response(null) },
}));

const ROOT = fileURLToPath(new URL("..", import.meta.url));

// ---------------------------------------------------------------------------------------------
// Who calls

const people = {
  owner: { id: "u-bob", email: "bob@example.com", name: "Bob", role: "EMPLOYEE" as const },
  other: { id: "u-alice", email: "alice@example.com", name: "Alice", role: "EMPLOYEE" as const },
  approver: { id: "u-carol", email: "carol@example.com", name: "Carol", role: "APPROVER" as const },
  admin: { id: "u-dave", email: "dave@example.com", name: "Dave", role: "ADMIN" as const },
};
type Who = keyof typeof people | "anonymous";
const CALLERS: Who[] = ["anonymous", "owner", "other", "approver", "admin"];
const EVERYONE: Who[] = CALLERS;
const SIGNED_IN: Who[] = ["owner", "other", "approver", "admin"];

// ---------------------------------------------------------------------------------------------
// The expectations: one line per server action ("file#export") and per route ("file GET").
// `allowed`: who gets past authentication and the policy (the call may still fail on the
// desktop's state or the input, e.g. CONFLICT); everyone else must be refused.

const DIRECTORY = "d-1234567890";
const BUNDLE = "wsb-abcdefgh1";
const CSV = `user_name,directory_id,bundle_id,running_mode,autostop_timeout_hours,tags\nbob,${DIRECTORY},${BUNDLE},AUTO_STOP,2,CostCenter=42\n`;
const upload = (extra: Record<string, string> = {}) => {
  const form = new FormData();
  form.set("file", new File([CSV], "people.csv", { type: "text/csv" }));
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  return form;
};
const everyFilter = { kind: "filter", filter: { q: "", state: "", runningMode: "" } };
const price = { region: "us-east-1", computeType: "CUSTOM_TEST", platform: "LINUX", currency: "USD", alwaysOnMonthly: "67", autoStopMonthly: "19", autoStopHourly: "0.6", includedStorageGiB: "275", storagePerGiBMonthly: "0.1", source: "test", priceId: "" };
const policySettings = { autoApply: false, exemptTagKey: "BillingExempt", costCentreTagKey: "CostCenter", departmentTagKey: "Department", minObservedHours: "72", assumedAutoStopHours: "1" };

type Call = (fn: (...args: never[]) => Promise<unknown>) => Promise<unknown>;
type Entry = { allowed: Who[]; call: Call } | { public: string };
const call = (...args: unknown[]): Call => (fn) => (fn as (...a: unknown[]) => Promise<unknown>)(...args);

const ACTIONS: Record<string, Entry> = {
  "lib/auth/actions.ts#signIn": { allowed: EVERYONE, call: call({ email: "bob@example.com", password: "wrong", callbackUrl: "/" }) },
  "lib/auth/actions.ts#signOut": { allowed: EVERYONE, call: call() },
  "lib/auth/actions.ts#signInWithSso": { allowed: EVERYONE, call: call({ callbackUrl: "/" }) },
  "lib/mfa/actions.ts#verifyTwoStep": { allowed: SIGNED_IN, call: call({ code: "123456", callbackUrl: "/" }) },
  "lib/mfa/actions.ts#startMfaSetup": { allowed: SIGNED_IN, call: call({}) },
  "lib/mfa/actions.ts#confirmMfaSetup": { allowed: SIGNED_IN, call: call({ code: "000000" }) },
  "lib/mfa/actions.ts#turnOffMfa": { allowed: SIGNED_IN, call: call({ code: "000000" }) },
  "lib/mfa/actions.ts#newRecoveryCodes": { allowed: SIGNED_IN, call: call({ code: "000000" }) },
  "lib/directories/create/actions.ts#createDirectory": { allowed: ["admin"], call: call({ directoryType: "SimpleAD", size: "Small", name: "new.example.com", password: "Str0ng-Pass", vpcId: "vpc-0def0000000000001", subnetA: "subnet-0def00000000000a1", subnetB: "subnet-0def00000000000a2" }) },
  "lib/requests/actions.ts#submitRequest": { allowed: SIGNED_IN, call: call({ bundleId: BUNDLE, runningMode: "AUTO_STOP", autoStopTimeoutHours: "2", justification: "I need a desktop for work." }) },
  "lib/requests/actions.ts#cancelRequest": { allowed: ["owner"], call: call({ requestId: "r-bob" }) },
  // r-bob names no manager; an employee decides only as the requester's manager ("a requester's manager" below).
  "lib/requests/actions.ts#decideRequests": { allowed: ["approver", "admin"], call: call({ requestIds: ["r-bob"], decision: "APPROVE" }) },
  "lib/desktops/actions.ts#runDesktopAction": { allowed: ["owner", "admin"], call: call({ desktopId: "dk-bob", action: "reboot" }) },
  "lib/desktops/migrate/actions.ts#migrateDesktop": { allowed: ["admin"], call: call({ desktopId: "dk-bob", bundleId: BUNDLE }) },
  "lib/desktops/migrate/actions.ts#requestMigration": { allowed: ["owner"], call: call({ desktopId: "dk-bob", bundleId: BUNDLE, reason: "Builds take all morning." }) },
  "lib/desktops/restore/actions.ts#restoreDesktop": { allowed: ["admin"], call: call({ desktopId: "dk-bob" }) },
  "lib/billing/mode-changes/actions.ts#changeBillingMode": { allowed: ["admin"], call: call({ desktopId: "dk-bob", toMode: "ALWAYS_ON" }) },
  "lib/billing/mode-changes/actions.ts#cancelBillingChange": { allowed: ["admin"], call: call({ changeId: "ch-bob" }) },
  "lib/billing/mode-requests/actions.ts#requestBillingMode": { allowed: ["owner"], call: call({ desktopId: "dk-bob", toMode: "ALWAYS_ON", reason: "Working full days from now on." }) },
  "lib/billing/mode-requests/actions.ts#withdrawBillingRequest": { allowed: ["owner"], call: call({ requestId: "br-bob" }) },
  "lib/billing/mode-requests/actions.ts#decideBillingRequest": { allowed: ["approver", "admin"], call: call({ requestId: "br-bob", decision: "REJECT", reason: "Not now." }) },
  "lib/desktops/resize/actions.ts#changeDesktopSize": { allowed: ["admin"], call: call({ desktopId: "dk-bob", target: { kind: "COMPUTE", computeType: "PERFORMANCE" } }) },
  "lib/desktops/resize/actions.ts#requestDesktopSize": { allowed: ["owner"], call: call({ desktopId: "dk-bob", target: { kind: "USER_VOLUME", sizeGiB: 100 }, reason: "My projects no longer fit." }) },
  "lib/desktops/resize/actions.ts#decideSizeRequest": { allowed: ["approver", "admin"], call: call({ requestId: "rz-bob", decision: "REJECT", reason: "Not now." }) },
  "lib/billing/prices/actions.ts#savePrice": { allowed: ["admin"], call: call(price) },
  "lib/billing/costs/actions.ts#applyRecommendation": { allowed: ["admin"], call: call({ desktopId: "dk-bob" }) },
  "lib/billing/costs/actions.ts#saveBillingPolicy": { allowed: ["admin"], call: call(policySettings) },
  "lib/directories/quick-setup/actions.ts#previewQuickSetup": { allowed: ["admin"], call: call({ networkMode: "new", vpcCidr: "10.0.0.0/16", subnetACidr: "10.0.1.0/24", subnetAZone: "us-east-1a", subnetBCidr: "10.0.2.0/24", subnetBZone: "us-east-1b", name: "quick.example.com", size: "Small", password: "Str0ng-Pass" }) },
  "lib/directories/quick-setup/actions.ts#startQuickSetup": { allowed: ["admin"], call: call({ networkMode: "new", vpcCidr: "10.0.0.0/16", subnetACidr: "10.0.1.0/24", subnetAZone: "us-east-1a", subnetBCidr: "10.0.2.0/24", subnetBZone: "us-east-1b", name: "quick.example.com", size: "Small", password: "Str0ng-Pass" }) },
  "lib/directories/quick-setup/actions.ts#retryQuickSetupStep": { allowed: ["admin"], call: call({ setupId: "op-quick-setup", password: "" }) },
  "lib/directories/clean-up/actions.ts#previewCleanUp": { allowed: ["admin"], call: call({ directoryId: DIRECTORY }) },
  "lib/directories/clean-up/actions.ts#startCleanUp": { allowed: ["admin"], call: call({ directoryId: DIRECTORY, confirmName: "corp.example.com" }) },
  "lib/directories/clean-up/actions.ts#retryCleanUpStep": { allowed: ["admin"], call: call({ operationId: "op-clean-up" }) },
  "lib/directories/actions.ts#registerDirectory": { allowed: ["admin"], call: call({ directoryId: DIRECTORY }) },
  "lib/directories/actions.ts#deregisterDirectory": { allowed: ["admin"], call: call({ directoryId: DIRECTORY }) },
  "lib/directories/actions.ts#setDeviceAccess": { allowed: ["admin"], call: call({ directoryId: DIRECTORY, DeviceTypeWindows: "on" }) },
  "lib/directories/actions.ts#setSelfServicePermissions": { allowed: ["admin"], call: call({ directoryId: DIRECTORY, RestartWorkspace: "on" }) },
  "lib/directories/actions.ts#setCreationProperties": { allowed: ["admin"], call: call({ directoryId: DIRECTORY, defaultOu: "OU=Desktops,DC=corp,DC=example,DC=com" }) },
  "lib/directories/ip-groups/actions.ts#createIpGroup": { allowed: ["admin"], call: call({ name: "offices", rules: "203.0.113.0/24 Head office" }) },
  "lib/directories/ip-groups/actions.ts#replaceIpRules": { allowed: ["admin"], call: call({ groupId: "wsipg-abcdefgh1", rules: "203.0.113.0/24" }) },
  "lib/directories/ip-groups/actions.ts#addIpRules": { allowed: ["admin"], call: call({ groupId: "wsipg-abcdefgh1", rules: "198.51.100.0/24" }) },
  "lib/directories/ip-groups/actions.ts#removeIpRule": { allowed: ["admin"], call: call({ groupId: "wsipg-abcdefgh1", ipRule: "203.0.113.0/24" }) },
  "lib/directories/ip-groups/actions.ts#deleteIpGroup": { allowed: ["admin"], call: call({ groupId: "wsipg-abcdefgh1" }) },
  "lib/directories/ip-groups/actions.ts#associateIpGroup": { allowed: ["admin"], call: call({ directoryId: DIRECTORY, groupId: "wsipg-abcdefgh1" }) },
  "lib/directories/ip-groups/actions.ts#disassociateIpGroup": { allowed: ["admin"], call: call({ directoryId: DIRECTORY, groupId: "wsipg-abcdefgh1" }) },
  "lib/directories/radius/actions.ts#saveRadiusSettings": { allowed: ["admin"], call: call({ directoryId: DIRECTORY, servers: "10.1.0.20", port: "1812", timeoutSeconds: "5", retries: "3", protocol: "PAP", sharedSecret: "Radius-secret-1" }) },
  "lib/directories/radius/actions.ts#disableRadius": { allowed: ["admin"], call: call({ directoryId: DIRECTORY }) },
  "lib/images/actions.ts#createImage": { allowed: ["admin"], call: call({ desktopId: "dk-bob", name: "golden", description: "Golden image" }) },
  "lib/images/actions.ts#deleteImage": { allowed: ["admin"], call: call({ imageId: "wsi-abcdefgh1" }) },
  "lib/images/actions.ts#copyImage": { allowed: ["admin"], call: call({ imageId: "wsi-abcdefgh1", destinationRegion: "eu-west-1", name: "golden" }) },
  "lib/images/actions.ts#shareImage": { allowed: ["admin"], call: call({ imageId: "wsi-abcdefgh1", accountId: "210987654321" }) },
  "lib/images/actions.ts#unshareImage": { allowed: ["admin"], call: call({ imageId: "wsi-abcdefgh1", accountId: "210987654321" }) },
  "lib/bundles/actions.ts#createBundle": { allowed: ["admin"], call: call({ name: "golden-standard", description: "Golden", imageId: "wsi-abcdefgh1", computeType: "STANDARD", rootVolumeGiB: "80", userVolumeGiB: "50" }) },
  "lib/bundles/actions.ts#updateBundle": { allowed: ["admin"], call: call({ bundleId: BUNDLE, imageId: "wsi-abcdefgh1" }) },
  "lib/bundles/actions.ts#deleteBundle": { allowed: ["admin"], call: call({ bundleId: BUNDLE }) },
  // Allowed calls stop at a CONFLICT when no service account is set up (this test configures none).
  "lib/directories/users/actions.ts#createDirectoryUserAction": { allowed: ["admin"], call: call({ directoryId: DIRECTORY, userName: "new.user", givenName: "New", surname: "User", email: "", password: "Str0ng-Pass" }) },
  "lib/directories/users/actions.ts#resetDirectoryUserPasswordAction": { allowed: ["admin"], call: call({ directoryId: DIRECTORY, userName: "bob", password: "Str0ng-Pass" }) },
  "lib/directories/users/actions.ts#previewDirectoryUsersCsv": { allowed: ["admin"], call: (fn) => call(upload({ directoryId: DIRECTORY }))(fn) },
  "lib/directories/users/actions.ts#confirmDirectoryUsersCsv": { allowed: ["admin"], call: (fn) => call(upload({ directoryId: DIRECTORY, sha256: "0".repeat(64), expectedRows: "1" }))(fn) },
  "lib/directories/users/actions.ts#setDirectoryUserEnabledAction": { allowed: ["admin"], call: call({ directoryId: DIRECTORY, userName: "bob", enabled: false }) },
  "lib/billing/costs/actions.ts#runCostPolicy": { allowed: ["admin"], call: call({ dryRun: false }) },
  "lib/bulk/actions.ts#previewProvisioningCsv": { allowed: ["admin"], call: (fn) => call(upload())(fn) },
  "lib/bulk/actions.ts#confirmProvisioningCsv": { allowed: ["admin"], call: (fn) => call(upload({ sha256: "0".repeat(64), expectedRows: "1" }))(fn) },
  "lib/bulk/actions.ts#retryFailedItems": { allowed: ["admin"], call: call({ jobId: "job-provision" }) },
  "lib/bulk/actions.ts#cancelRemainingItems": { allowed: ["admin"], call: call({ jobId: "job-action" }) },
  "lib/bulk/actions.ts#previewFleetAction": { allowed: ["admin"], call: call({ action: "reboot", selection: everyFilter }) },
  "lib/desktops/actions.ts#resolveFailedCreate": { allowed: ["admin"], call: call({ desktopId: "dk-bob-failed", action: "remove" }) },
  "lib/bulk/actions.ts#resolveFailedCreatesInFleet": { allowed: ["admin"], call: call({ action: "remove", selection: { kind: "ids", desktopIds: ["dk-bob-failed"] }, expectedCount: 1 }) },
  "lib/bulk/actions.ts#startFleetAction": { allowed: ["admin"], call: call({ action: "reboot", selection: everyFilter, expectedCount: 1, confirm: "" }) },
  // Accounts: Frank (local) and Erin (directory) are nobody in the table; one's own account is refused in lib/users/accounts.test.ts.
  "lib/users/actions.ts#changeUserRole": { allowed: ["admin"], call: call({ userId: "u-frank", role: "APPROVER" }) },
  "lib/users/actions.ts#setRoleOverride": { allowed: ["admin"], call: call({ userId: "u-erin", role: "ADMIN" }) },
  "lib/users/actions.ts#setUserDisabled": { allowed: ["admin"], call: call({ userId: "u-frank", disabled: "true" }) },
  "lib/users/actions.ts#resetUserPassword": { allowed: ["admin"], call: call({ userId: "u-frank", mode: "generate" }) },
  "lib/users/actions.ts#endUserSessions": { allowed: ["admin"], call: call({ userId: "u-frank" }) },
  "lib/users/actions.ts#resetUserMfa": { allowed: ["admin"], call: call({ userId: "u-frank" }) },
  "lib/guardrails/actions.ts#saveGuardrails": { allowed: ["admin"], call: call({ directoryId: DIRECTORY, requiredTags: "CostCentre = 1000, 2000", maxComputeEMPLOYEE: "STANDARD", desktopsPerUser: "2" }) },
  "lib/catalog/actions.ts#offerBundle": { allowed: ["admin"], call: call({ bundleId: BUNDLE, displayName: "Office desktop", roles: ["EMPLOYEE"], groups: "Finance, Sales" }) },
  "lib/catalog/actions.ts#withdrawOffer": { allowed: ["admin"], call: call({ bundleId: BUNDLE }) },
  "lib/users/actions.ts#saveRoleMapping": { allowed: ["admin"], call: call({ source: "SSO", groupName: "Portal Admins", role: "ADMIN" }) },
  "lib/users/actions.ts#deleteRoleMapping": { allowed: ["admin"], call: call({ mappingId: "rm-approvers" }) },
  // Everyone signed in may try; the people here have no password, so it answers CONFLICT (use your directory).
  // The one-time setup link is the credential, not a session: an unknown link is refused as CONFLICT (lib/users/first-admin.test.ts).
  "lib/users/actions.ts#createFirstAdmin": { allowed: EVERYONE, call: call({ token: "x".repeat(43), name: "Ada", email: "ada@example.com", password: "first admin passphrase", confirm: "first admin passphrase" }) },
  "lib/notifications/actions.ts#saveNotificationPreferences": { allowed: SIGNED_IN, call: call({ "desktop.ready": "on" }) },
  "lib/notifications/actions.ts#addNoticeRoute": { allowed: ["admin"], call: call({ name: "IT operations", channel: "EMAIL", target: "it-ops@example.com" }) },
  "lib/approvals/actions.ts#saveApprovalRule": { allowed: ["admin"], call: call({ name: "Cheap", outcome: "AUTO_APPROVE", maxMonthlyCost: "40" }) },
  "lib/approvals/actions.ts#deleteApprovalRule": { allowed: ["admin"], call: call({ ruleId: "ar-1" }) },
  "lib/approvals/actions.ts#moveApprovalRule": { allowed: ["admin"], call: call({ ruleId: "ar-2", direction: "up" }) },
  "lib/approvals/actions.ts#previewApproval": { allowed: ["admin"], call: call({ userId: "u-bob", bundleId: BUNDLE, directoryId: DIRECTORY, runningMode: "AUTO_STOP" }) },
  "lib/notifications/actions.ts#removeNoticeRoute": { allowed: ["admin"], call: call({ routeId: "nr-ops" }) },
  "lib/lifecycle/actions.ts#saveLifecyclePolicy": { allowed: ["admin"], call: call({ name: "Idle desktops", directoryId: "", tagKey: "", tagValue: "", inactiveDays: "30", stopAfterDays: "7", terminateAfterDays: "14", exemptTagKey: "LifecycleExempt" }) },
  "lib/lifecycle/actions.ts#deleteLifecyclePolicy": { allowed: ["admin"], call: call({ policyId: "lp-idle" }) },
  "lib/lifecycle/actions.ts#dryRunLifecyclePolicy": { allowed: ["admin"], call: call({ policyId: "lp-idle" }) },
  "lib/lifecycle/actions.ts#setLifecyclePolicyEnabled": { allowed: ["admin"], call: call({ policyId: "lp-idle", enabled: true }) },
  "lib/lifecycle/actions.ts#runLifecycleNow": { allowed: ["admin"], call: call({}) },
  "lib/lifecycle/actions.ts#keepDesktop": { allowed: ["owner"], call: call({ desktopId: "dk-bob" }) },
  "lib/lifecycle/actions.ts#markLeaving": { allowed: ["admin"], call: call({ userId: "u-frank", leaveOn: "2030-01-31" }) },
  "lib/lifecycle/actions.ts#restoreLeaverAccess": { allowed: ["admin"], call: call({ leaverId: "lv-frank" }) },
  "lib/lifecycle/actions.ts#saveLifecycleSettings": { allowed: ["admin"], call: call({ leaverGraceDays: "7" }) },
  "lib/users/actions.ts#changeOwnPassword": { allowed: SIGNED_IN, call: call({ currentPassword: "old passphrase x", password: "a new long passphrase", confirm: "a new long passphrase" }) },
};

const url = (p: string) => new Request(`http://localhost${p}`);
const ROUTES: Record<string, Entry> = {
  "app/api/auth/[...nextauth]/route.ts GET": { public: "Auth.js's own endpoints (session, CSRF token, sign-out, credentials callback): no portal data" },
  "app/api/auth/[...nextauth]/route.ts POST": { public: "Auth.js's own endpoints (session, CSRF token, sign-out, credentials callback): no portal data" },
  "app/healthz/route.ts GET": { public: "health check for load balancers: says only \"ok\"" },
  "app/readyz/route.ts GET": { public: "readiness check for load balancers: names a failed check in a word (database, migrations, worker), no details" },
  "app/(portal)/admin/billing/export/route.ts GET": { allowed: ["admin"], call: call(url("/admin/billing/export")) },
  "app/(portal)/admin/audit/export/route.ts GET": { allowed: ["admin"], call: call(url("/admin/audit/export")) },
  "app/(portal)/admin/fleet/export.csv/route.ts GET": { allowed: ["approver", "admin"], call: call(url("/admin/fleet/export.csv")) },
  "app/(portal)/admin/fleet/live/route.ts GET": { allowed: ["approver", "admin"], call: call(url("/admin/fleet/live")) },
  "app/(portal)/admin/bulk/template.csv/route.ts GET": { allowed: ["admin"], call: call(url("/admin/bulk/template.csv")) },
  "app/(portal)/admin/bulk/[id]/results.csv/route.ts GET": {
    allowed: ["admin"],
    call: call(url("/admin/bulk/job-provision/results.csv"), { params: Promise.resolve({ id: "job-provision" }) }),
  },
};

// ---------------------------------------------------------------------------------------------
// Discovery, from the file system

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "generated" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(path.relative(ROOT, full).split(path.sep).join("/"));
  }
  return out;
}

const sourceFiles = ["app", "lib", "components"].flatMap((dir) => walk(path.join(ROOT, dir)));
// A file whose first statement is the directive: every export of it is a server action.
const serverActionFiles = sourceFiles.filter((file) => /^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use server["']/.test(fs.readFileSync(path.join(ROOT, file), "utf8")));
const routeFiles = sourceFiles.filter((file) => file.startsWith("app/") && /(^|\/)route\.tsx?$/.test(file));

const modules = new Map<string, Record<string, unknown>>();
async function load(file: string) {
  if (!modules.has(file)) modules.set(file, (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>);
  return modules.get(file)!;
}

let discoveredActions: string[] = [];
let discoveredRoutes: string[] = [];

// ---------------------------------------------------------------------------------------------
// The database every call meets: Bob's request, desktops, billing request and scheduled change,
// and one bulk job of each kind.

async function fixture() {
  await testDb.bulkJobItem.deleteMany();
  await testDb.bulkJob.deleteMany();
  await testDb.billingModeRequest.deleteMany();
  await testDb.desktopChangeRequest.deleteMany();
  await testDb.operation.deleteMany();
  await testDb.billingModeChange.deleteMany();
  await testDb.desktop.deleteMany();
  await testDb.requestEvent.deleteMany();
  await testDb.desktopRequest.deleteMany();
  await testDb.billingPrice.deleteMany({ where: { computeType: "CUSTOM_TEST" } });
  await testDb.billingPolicy.deleteMany();
  await testDb.bundleOffer.deleteMany();
  // The guardrails a table row saved (saveGuardrails caps employees at Standard) would hide bigger bundles.
  await testDb.directoryGuardrail.deleteMany();
  await testDb.bundle.deleteMany({ where: { id: { not: BUNDLE } } });
  await testDb.noticeRoute.deleteMany();
  await testDb.noticeRoute.create({ data: { id: "nr-ops", name: "IT operations", channel: "EMAIL", target: "it-ops@example.com" } });
  await testDb.lifecyclePolicy.deleteMany();
  await testDb.lifecyclePolicy.create({ data: { id: "lp-idle", name: "Idle desktops", inactiveDays: 30, dryRunAt: new Date() } });
  await testDb.desktopLifecycle.deleteMany();
  await testDb.leaver.deleteMany();
  await testDb.leaver.create({ data: { id: "lv-frank", userId: "u-frank", source: "ADMIN", reason: "marked as leaving", leaveAt: new Date("2030-01-31T00:00:00Z") } });
  await testDb.approvalRule.deleteMany();
  await testDb.approvalRule.createMany({
    data: [
      { id: "ar-1", position: 1, name: "Graphics", outcome: "TWO_LEVELS", computeTypes: ["GRAPHICS_G4DN"], level1Manager: true },
      { id: "ar-2", position: 2, name: "Standard", outcome: "AUTO_APPROVE", computeTypes: ["STANDARD"] },
    ],
  });
  await testDb.directory.upsert({
    where: { id: DIRECTORY },
    create: { id: DIRECTORY, name: "corp.example.com", type: "SIMPLE_AD", region: "us-east-1", stage: "Active", registered: true, registrationCode: "SLiad+ABC123" },
    update: {},
  });
  await testDb.bundle.upsert({
    where: { id: BUNDLE },
    create: { id: BUNDLE, name: "Standard with Windows 11", owner: "AMAZON", computeType: "STANDARD", platform: "WINDOWS", rootVolumeGiB: 80, userVolumeGiB: 50, region: "us-east-1" },
    update: {},
  });
  for (const p of Object.values(people)) {
    await testDb.user.upsert({ where: { id: p.id }, create: { ...p, directoryId: DIRECTORY, directoryUserName: p.email.split("@")[0] }, update: {} });
  }
  // Bob's open request, his desktops and his failed create are in different directories, so that
  // none duplicates another (one desktop per user and directory).
  for (const [id, name] of [["d-2234567890", "lab.example.com"], ["d-3234567890", "eu.example.com"]]) {
    await testDb.directory.upsert({
      where: { id },
      create: { id, name, type: "SIMPLE_AD", region: "us-east-1", stage: "Active", registered: true },
      update: {},
    });
  }
  await testDb.desktopRequest.create({
    data: { id: "r-bob", requesterId: people.owner.id, directoryId: "d-2234567890", userName: "bob", bundleId: BUNDLE, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, justification: "Bob needs a desktop." },
  });
  const createdAt = new Date(Date.now() - 40 * 86_400_000);
  for (const [id, mode] of [["dk-bob", "AUTO_STOP"], ["dk-bob-2", "ALWAYS_ON"]] as const) {
    await testDb.desktop.create({
      data: {
        id,
        workspaceId: `ws-${id.replace(/[^a-z0-9]/g, "")}`,
        ownerId: people.owner.id,
        directoryId: DIRECTORY,
        userName: "bob",
        bundleId: BUNDLE,
        runningMode: mode,
        autoStopTimeoutMinutes: mode === "AUTO_STOP" ? 60 : null,
        state: "AVAILABLE",
        createdAt,
        billingChanges: { create: { toMode: mode, status: "APPLIED", effectiveAt: createdAt, autoStopTimeoutMinutes: mode === "AUTO_STOP" ? 60 : null } },
      },
    });
  }
  // A create AWS refused (no WorkSpace id, in a third directory): only admins may retry or remove it.
  await testDb.desktop.create({
    data: { id: "dk-bob-failed", ownerId: people.owner.id, directoryId: "d-3234567890", userName: "bob", bundleId: BUNDLE, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, state: "ERROR" },
  });
  await testDb.billingModeChange.create({
    data: { id: "ch-bob", desktopId: "dk-bob-2", fromMode: "ALWAYS_ON", toMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, status: "PENDING", effectiveAt: new Date(Date.now() + 86_400_000) },
  });
  await testDb.desktopChangeRequest.create({ data: { id: "rz-bob", desktopId: "dk-bob-2", requesterId: people.owner.id, toComputeType: "PERFORMANCE", reason: "Builds take all morning." } });
  await testDb.billingModeRequest.create({ data: { id: "br-bob", desktopId: "dk-bob-2", requesterId: people.owner.id, toMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, reason: "I only use it on Mondays." } });
  await testDb.bulkJob.create({ data: { id: "job-provision", kind: "PROVISION", fileName: "people.csv", createdById: people.admin.id } });
  // Accounts the user actions act on (reset, not deleted: audit rows point at them).
  const frank = { id: "u-frank", email: "frank@example.com", name: "Frank", role: "EMPLOYEE" as const, disabled: false, passwordHash: null };
  const erin = { id: "u-erin", email: "erin@corp.example.com", name: "Erin", role: "EMPLOYEE" as const, source: "DIRECTORY" as const, externalId: "directory:d|erin", groups: ["Staff"], roleOverride: null };
  for (const data of [frank, erin]) await testDb.user.upsert({ where: { id: data.id }, create: data, update: data });
  await testDb.roleMapping.deleteMany();
  await testDb.roleMapping.create({ data: { id: "rm-approvers", source: "DIRECTORY", groupName: "Approvers", groupKey: "approvers", role: "APPROVER" } });
  await testDb.bulkJob.create({ data: { id: "job-action", kind: "ACTION", action: "reboot", createdById: people.admin.id } });
  // A finished quick set-up and clean-up: an allowed retry is refused as CONFLICT (only failed ones are retried).
  await testDb.operation.create({
    data: {
      id: "op-quick-setup",
      type: "QUICK_SETUP",
      status: "SUCCEEDED",
      region: "us-east-1",
      payload: { network: { kind: "default", vpcId: "vpc-0def0000000000001", subnetIds: ["subnet-0def00000000000a1", "subnet-0def00000000000a2"] }, directory: { name: "quick.example.com", size: "Small" }, users: [], desktops: null },
    },
  });
  await testDb.operation.create({
    data: { id: "op-clean-up", type: "CLEAN_UP", status: "SUCCEEDED", region: "us-east-1", directoryId: DIRECTORY, payload: { directoryId: DIRECTORY, directoryName: "corp.example.com", vpcId: null, setupId: null } },
  });
}

/** Everything a call could change, except the record of refused calls. */
async function snapshot() {
  const rows = await Promise.all([
    testDb.desktopRequest.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true } }),
    testDb.desktop.findMany({ orderBy: { id: "asc" }, select: { id: true, state: true, runningMode: true } }),
    testDb.operation.count(),
    testDb.billingModeChange.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true } }),
    testDb.billingModeRequest.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true } }),
    testDb.desktopChangeRequest.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true } }),
    testDb.billingPrice.count(),
    testDb.billingPolicy.count(),
    testDb.approvalRule.findMany({ orderBy: { id: "asc" }, select: { id: true, position: true, name: true } }),
    testDb.bulkJob.count(),
    testDb.bulkJobItem.count(),
    testDb.auditEvent.count({ where: { outcome: { not: "DENIED" } } }),
    testDb.user.findMany({ orderBy: { id: "asc" }, select: { id: true, role: true, roleOverride: true, disabled: true, passwordHash: true } }),
    testDb.roleMapping.findMany({ orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify(rows);
}

const denied = () => testDb.auditEvent.findMany({ where: { outcome: "DENIED" }, select: { id: true, actorEmail: true, action: true } });

let close: () => Promise<void>;
beforeAll(async () => {
  ({ db: testDb, close } = await createTestDb());
  discoveredActions = [];
  for (const file of serverActionFiles) {
    for (const name of Object.keys(await load(file))) discoveredActions.push(`${file}#${name}`);
  }
  discoveredRoutes = [];
  for (const file of routeFiles) {
    for (const name of Object.keys(await load(file)).filter((n) => HTTP_METHODS.includes(n))) discoveredRoutes.push(`${file} ${name}`);
  }
}, 120_000);
afterAll(async () => close?.());

// ---------------------------------------------------------------------------------------------

describe("discovery", () => {
  it("finds the server action files and the route handlers", () => {
    // A guard against a discovery that silently finds nothing.
    expect(serverActionFiles).toEqual(expect.arrayContaining(["lib/auth/actions.ts", "lib/bulk/actions.ts", "lib/requests/actions.ts"]));
    expect(discoveredActions.length).toBeGreaterThanOrEqual(Object.keys(ACTIONS).length);
    expect(discoveredRoutes).toEqual(expect.arrayContaining(["app/(portal)/admin/billing/export/route.ts GET"]));
  });

  it("has an entry for every server action and route, and none for what no longer exists", () => {
    expect(discoveredActions.filter((key) => !(key in ACTIONS)), "server actions without an entry in ACTIONS").toEqual([]);
    expect(discoveredRoutes.filter((key) => !(key in ROUTES)), "route handlers without an entry in ROUTES").toEqual([]);
    expect(Object.keys(ACTIONS).filter((key) => !discoveredActions.includes(key)), "ACTIONS entries for nothing").toEqual([]);
    expect(Object.keys(ROUTES).filter((key) => !discoveredRoutes.includes(key)), "ROUTES entries for nothing").toEqual([]);
  });

  it("covers the CSV downloads", () => {
    expect(Object.keys(ROUTES).filter((key) => /csv|export/.test(key) && "allowed" in ROUTES[key]).sort()).toEqual([
      "app/(portal)/admin/audit/export/route.ts GET",
      "app/(portal)/admin/billing/export/route.ts GET",
      "app/(portal)/admin/bulk/[id]/results.csv/route.ts GET",
      "app/(portal)/admin/bulk/template.csv/route.ts GET",
      "app/(portal)/admin/fleet/export.csv/route.ts GET",
    ]);
  });
});

type Outcome = { kind: "allowed" } | { kind: "refused"; code: string } | { kind: "failed"; code: string };

/** What a call's answer says: a server action's result value, a route's status, or a redirect. */
function outcomeOf(answer: unknown): Outcome {
  if (answer instanceof Response) {
    if (answer.status === 401) return { kind: "refused", code: "UNAUTHENTICATED" };
    if (answer.status === 403) return { kind: "refused", code: "FORBIDDEN" };
    if (answer.status === 404) return { kind: "refused", code: "NOT_FOUND" };
    return answer.ok ? { kind: "allowed" } : { kind: "refused", code: `HTTP ${answer.status}` };
  }
  const result = answer as { ok: boolean; code?: string; message?: string };
  if (result.ok) return { kind: "allowed" };
  if (["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"].includes(result.code!)) return { kind: "refused", code: result.code! };
  // Past the policy, a call may still meet a rule on the object's state (a change already
  // scheduled, nothing left to retry) or wrong credentials; bad input or a crash means the table's
  // call never reached what it is meant to test.
  if (result.code === "CONFLICT" || result.code === "INVALID_CREDENTIALS") return { kind: "allowed" };
  return { kind: "failed", code: `${result.code}: ${result.message}` };
}

async function invoke(entry: Extract<Entry, { allowed: Who[] }>, fn: unknown): Promise<Outcome> {
  try {
    return outcomeOf(await entry.call(fn as (...args: never[]) => Promise<unknown>));
  } catch (error) {
    // redirect() answers by throwing (signing out, signing in).
    if (String((error as { digest?: unknown })?.digest ?? "").startsWith("NEXT_REDIRECT")) return { kind: "allowed" };
    throw error;
  }
}

function matrix(table: Record<string, Entry>, resolve: (key: string) => Promise<unknown>) {
  for (const [key, entry] of Object.entries(table)) {
    if ("public" in entry) {
      it(`${key}: public (${entry.public})`, () => expect(entry.public.length).toBeGreaterThan(10));
      continue;
    }
    for (const who of CALLERS) {
      const allowed = entry.allowed.includes(who);
      it(`${key}: ${who} ${allowed ? "may" : "may not"}`, async () => {
        await fixture();
        caller = who === "anonymous" ? null : people[who];
        const fn = await resolve(key);
        const before = await snapshot();
        const deniedBefore = new Set((await denied()).map((e) => e.id));
        const outcome = await invoke(entry, fn);
        const newlyDenied = (await denied()).filter((e) => !deniedBefore.has(e.id));
        if (allowed) {
          expect(outcome).toEqual({ kind: "allowed" });
          expect(newlyDenied).toEqual([]);
          return;
        }
        expect(outcome.kind).toBe("refused");
        if (outcome.kind !== "refused") return;
        if (who === "anonymous") expect(outcome.code).toBe("UNAUTHENTICATED");
        else {
          // Someone else's object is "not found" (ids cannot be probed); a visible one is "forbidden".
          expect(["FORBIDDEN", "NOT_FOUND"]).toContain(outcome.code);
          expect(newlyDenied.map((e) => e.actorEmail), "the refusal is in the audit trail").toEqual([people[who].email]);
        }
        expect(await snapshot(), "a refused call changes nothing").toBe(before);
      });
    }
  }
}

describe("server actions × callers", () => {
  matrix(ACTIONS, async (key) => {
    const [file, name] = key.split("#");
    return (await load(file))[name];
  });
});

describe("routes × callers", () => {
  matrix(ROUTES, async (key) => {
    const [file, method] = key.split(" ");
    return (await load(file))[method];
  });
});
const validRequest = { bundleId: BUNDLE, runningMode: "AUTO_STOP", autoStopTimeoutHours: "2", justification: "I need a desktop for work." };
const { submitRequest, decideRequests } = await import("@/lib/requests/actions");
const { runDesktopAction } = await import("@/lib/desktops/actions");
const { migrateDesktop, requestMigration } = await import("@/lib/desktops/migrate/actions");
const { listMigrationTargets } = await import("@/lib/desktops/migrate/queries");
const { restoreDesktop } = await import("@/lib/desktops/restore/actions");

describe("bad input changes nothing and names the field", () => {
  beforeEach(async () => {
    await fixture();
    caller = people.other;
  });
  it.each([
    ["empty justification", { ...validRequest, justification: "" }, "justification"],
    ["10,000-character justification", { ...validRequest, justification: "x".repeat(10_000) }, "justification"],
    ["unknown bundle id", { ...validRequest, bundleId: "wsb-zzzzzzzz9" }, "bundleId"],
    ["malformed bundle id", { ...validRequest, bundleId: "<script>" }, "bundleId"],
    ["fractional timeout", { ...validRequest, autoStopTimeoutHours: "1.5" }, "autoStopTimeoutHours"],
    ["running mode not offered", { ...validRequest, runningMode: "MANUAL" }, "runningMode"],
  ])("%s", async (_name, input, field) => {
    const before = await snapshot();
    const result = await submitRequest(input);
    expect(result).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    if (!result.ok) expect(result.fieldErrors?.[field]).toBeTruthy();
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a bundle the catalogue does not offer to the requester, and takes one that is offered to their role", async () => {
    const { listRequestableBundles } = await import("@/lib/catalog/queries");
    await testDb.bundle.create({ data: { id: "wsb-offered01", name: "Standard with Windows 10 (Server 2022 based)", owner: "AMAZON", computeType: "STANDARD", platform: "WINDOWS", rootVolumeGiB: 80, userVolumeGiB: 50, region: "us-east-1" } });
    // Fresh install: every current bundle but the outdated (Windows 10) one.
    expect((await listRequestableBundles(people.other.id)).map((b) => b.id)).toEqual([BUNDLE]);
    await testDb.bundleOffer.create({ data: { bundleId: "wsb-offered01", displayName: "Office desktop", roles: ["EMPLOYEE"] } });
    await testDb.bundleOffer.create({ data: { bundleId: BUNDLE, displayName: "Approvers' desktop", roles: ["APPROVER"] } });
    expect((await listRequestableBundles(people.other.id)).map((b) => [b.id, b.name])).toEqual([["wsb-offered01", "Office desktop"]]);
    const before = await snapshot();
    const refused = await submitRequest(validRequest);
    expect(refused).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { bundleId: expect.stringContaining("not offered") } });
    expect(await snapshot()).toEqual(before);
    expect(await submitRequest({ ...validRequest, bundleId: "wsb-offered01" })).toMatchObject({ ok: true });
  });

  it("stores script in a justification as plain text", async () => {
    const justification = `<script>alert(1)</script> needed for work`;
    const result = await submitRequest({ ...validRequest, justification });
    expect(result.ok).toBe(true);
    if (result.ok) expect((await testDb.desktopRequest.findUniqueOrThrow({ where: { id: result.requestId } })).justification).toBe(justification);
  });

  it("an approval writes decision, desktop and create operation together; a second approval changes nothing", async () => {
    caller = people.approver;
    const first = await decideRequests({ requestIds: ["r-bob"], decision: "APPROVE" });
    expect(first).toMatchObject({ ok: true, decided: ["r-bob"] });
    const desktop = await testDb.desktop.findUniqueOrThrow({ where: { requestId: "r-bob" } });
    expect(desktop).toMatchObject({ state: "REQUESTED", ownerId: people.owner.id, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60 });
    expect(await testDb.operation.findMany({ where: { requestId: "r-bob" } })).toMatchObject([{ type: "CREATE", status: "QUEUED" }]);
    const before = await snapshot();
    const second = await decideRequests({ requestIds: ["r-bob"], decision: "APPROVE" });
    expect(second).toMatchObject({ ok: true, decided: [], skipped: [{ id: "r-bob" }] });
    expect(await snapshot()).toEqual(before);
  });

  it("records every refused id of a batch decision in the audit trail, in one statement", async () => {
    const { recordAuditMany } = await import("@/lib/audit/mutations");
    await testDb.desktopRequest.create({
      data: { id: "r-carol", requesterId: people.approver.id, directoryId: "d-3234567890", userName: "carol", bundleId: BUNDLE, runningMode: "ALWAYS_ON", justification: "Carol needs a desktop too." },
    });
    caller = people.approver;
    vi.mocked(recordAuditMany).mockClear();
    const result = await decideRequests({ requestIds: ["r-bob", "r-carol", "r-nope-1", "r-nope-2"], decision: "APPROVE" });
    expect(result).toMatchObject({ ok: true, decided: ["r-bob"] });
    const denied = await testDb.auditEvent.findMany({ where: { outcome: "DENIED", action: "request.decide", targetId: { in: ["r-carol", "r-nope-1", "r-nope-2"] } }, orderBy: { targetId: "asc" } });
    expect(denied.map((e) => [e.targetId, e.actorEmail, e.details])).toEqual([
      ["r-carol", people.approver.email, { code: "FORBIDDEN", via: "action" }],
      ["r-nope-1", people.approver.email, { code: "NOT_FOUND", via: "action" }],
      ["r-nope-2", people.approver.email, { code: "NOT_FOUND", via: "action" }],
    ]);
    const refusalWrites = vi.mocked(recordAuditMany).mock.calls.filter(([, events]) => events.some((e) => e.outcome === "DENIED"));
    expect(refusalWrites.map(([, events]) => events.length)).toEqual([3]);
  });

  it("refuses a desktop action the state forbids, with AWS's reason", async () => {
    caller = people.owner;
    await testDb.desktop.update({ where: { id: "dk-bob" }, data: { state: "STOPPED" } });
    const result = await runDesktopAction({ desktopId: "dk-bob", action: "reboot" });
    expect(result).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringContaining("stopped") });
  });
});

describe("a requester's manager who is an employee (decideRequests)", () => {
  beforeEach(async () => {
    await fixture();
    // Bob's request waits at level 1 of 2 for his manager Alice, an employee.
    await testDb.desktopRequest.update({ where: { id: "r-bob" }, data: { approvalLevels: 2, level1ManagerEmail: people.other.email } });
  });

  it("lets the manager pass level 1, and nobody else without the approver role", async () => {
    caller = people.owner;
    expect(await decideRequests({ requestIds: ["r-bob"], decision: "APPROVE" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    caller = people.other;
    const deniedBefore = (await denied()).length;
    expect(await decideRequests({ requestIds: ["r-bob"], decision: "APPROVE" })).toMatchObject({ ok: true, decided: ["r-bob"] });
    expect((await denied()).length).toBe(deniedBefore);
    expect(await testDb.desktopRequest.findUniqueOrThrow({ where: { id: "r-bob" } })).toMatchObject({ status: "SUBMITTED", approvalLevel: 2 });
  });

  it("refuses the manager at level 2 as if the request did not exist, changes nothing and audits it", async () => {
    await testDb.desktopRequest.update({ where: { id: "r-bob" }, data: { approvalLevel: 2 } });
    caller = people.other;
    const before = await snapshot();
    const deniedBefore = new Set((await denied()).map((e) => e.id));
    expect(await decideRequests({ requestIds: ["r-bob"], decision: "REJECT", reason: "No." })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect((await denied()).filter((e) => !deniedBefore.has(e.id)).map((e) => [e.actorEmail, e.action])).toEqual([[people.other.email, "request.decide"]]);
    expect(await snapshot()).toBe(before);
  });
});

describe("migrating a desktop to another bundle (admins)", () => {
  beforeEach(async () => {
    await fixture();
    caller = people.admin;
    await testDb.bundle.create({ data: { id: "wsb-power0001", name: "Power with Windows Server 2022", owner: "AMAZON", computeType: "POWER", platform: "WINDOWS", rootVolumeGiB: 175, userVolumeGiB: 100, region: "us-east-1" } });
    await testDb.bundle.create({ data: { id: "wsb-linux0001", name: "Standard with Ubuntu 22.04", owner: "AMAZON", computeType: "STANDARD", platform: "LINUX", rootVolumeGiB: 80, userVolumeGiB: 50, region: "us-east-1" } });
  });
  it("offers the catalogue's other Windows bundles, refuses one it does not offer (nothing written), and queues MIGRATE for one it does", async () => {
    expect((await listMigrationTargets("dk-bob")).map((b) => b.id)).toEqual(["wsb-power0001"]);
    const before = await snapshot();
    const refused = await migrateDesktop({ desktopId: "dk-bob", bundleId: "wsb-linux0001" });
    expect(refused).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { bundleId: expect.any(String) } });
    expect(await snapshot()).toEqual(before);

    expect(await migrateDesktop({ desktopId: "dk-bob", bundleId: "wsb-power0001" })).toEqual({ ok: true });
    const ops = await testDb.operation.findMany({ where: { desktopId: "dk-bob", type: "MIGRATE" } });
    expect(ops.map((o) => [o.status, o.payload])).toEqual([["QUEUED", { bundleId: "wsb-power0001" }]]);
    // One change at a time.
    expect(await migrateDesktop({ desktopId: "dk-bob", bundleId: "wsb-power0001" })).toMatchObject({ ok: false, code: "CONFLICT" });
  });

  it("lets the owner ask (a request for an approver, no operation), refusing a bundle not offered at the field; another employee is refused", async () => {
    caller = people.owner;
    const before = await snapshot();
    const refused = await requestMigration({ desktopId: "dk-bob", bundleId: "wsb-linux0001", reason: "Builds take all morning." });
    expect(refused).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { bundleId: expect.any(String) } });
    expect(await snapshot()).toEqual(before);

    expect(await requestMigration({ desktopId: "dk-bob", bundleId: "wsb-power0001", reason: "Builds take all morning." })).toEqual({ ok: true });
    expect(await testDb.desktopChangeRequest.findMany({ where: { desktopId: "dk-bob" }, select: { status: true, toBundleId: true, requesterId: true } })).toEqual([
      { status: "SUBMITTED", toBundleId: "wsb-power0001", requesterId: people.owner.id },
    ]);
    expect(await testDb.operation.count({ where: { desktopId: "dk-bob", type: "MIGRATE" } })).toBe(0);

    caller = people.other;
    expect(await requestMigration({ desktopId: "dk-bob", bundleId: "wsb-power0001", reason: "Builds take all morning." })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("refuses a desktop AWS cannot migrate now, with the reason", async () => {
    await testDb.desktop.update({ where: { id: "dk-bob" }, data: { state: "REBOOTING" } });
    expect(await migrateDesktop({ desktopId: "dk-bob", bundleId: "wsb-power0001" })).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringContaining("available or stopped") });
  });
});

describe("restoring a desktop to its last snapshot (admins)", () => {
  beforeEach(async () => {
    await fixture();
    caller = people.admin;
  });
  it("queues RESTORE in a state AWS restores from, refuses others with the reason, one change at a time", async () => {
    await testDb.desktop.update({ where: { id: "dk-bob" }, data: { state: "REBOOTING" } });
    expect(await restoreDesktop({ desktopId: "dk-bob" })).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringContaining("rebooting") });
    await testDb.desktop.update({ where: { id: "dk-bob" }, data: { state: "STOPPED" } });
    expect(await restoreDesktop({ desktopId: "dk-bob" })).toEqual({ ok: true });
    expect((await testDb.operation.findMany({ where: { desktopId: "dk-bob", type: "RESTORE" } })).map((o) => o.status)).toEqual(["QUEUED"]);
    expect(await restoreDesktop({ desktopId: "dk-bob" })).toMatchObject({ ok: false, code: "CONFLICT" });
  });
});
