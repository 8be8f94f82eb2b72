// The lifecycle against the real database, with clock control: every pass is given its time.
// Never-used and idle desktops with their cost; policies (dry run, warning, keep, stop, terminate);
// leavers (stop at the leave date, terminate after the grace period, restore access).
import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { openLdapClient } from "@/lib/auth/directory/ldap-connection";
import { createDirectoryUser, getDirectoryUser, setDirectoryUserEnabled, type DirectoryConnection } from "@/lib/directories/users/ldap-admin";
import { BILLING_DIRECTORY, billingPeople, useBillingTestDb } from "@/test-support/billing-fixture";
import { keepDesktop, markLeaving, recordDryRun, restoreAccess, saveLifecyclePolicy, setLifecyclePolicyEnabled } from "./mutations";
import { planPolicy } from "./policy-pass";
import { listInactiveDesktops } from "./queries";
import { DAY_MS } from "./rules";
import { runLifecycleOnce } from "./scheduler";

const fx = useBillingTestDb();
const NOW = new Date("2026-12-10T12:00:00Z");
const ago = (days: number, from = NOW) => new Date(from.getTime() - days * DAY_MS);

describe("never-used and idle desktops", () => {
  it("lists desktops nobody connected to and desktops idle for N days, with what they cost a month", async () => {
    const neverUsed = await fx.desktop({ runningMode: "ALWAYS_ON", createdAt: ago(40) });
    const idle = await fx.desktop({ runningMode: "AUTO_STOP", createdAt: ago(90) });
    await fx.db.desktop.update({ where: { id: idle.id }, data: { lastConnectedAt: ago(35) } });
    const used = await fx.desktop({ runningMode: "ALWAYS_ON", createdAt: ago(90) });
    await fx.db.desktop.update({ where: { id: used.id }, data: { lastConnectedAt: ago(2) } });
    const young = await fx.desktop({ runningMode: "ALWAYS_ON", createdAt: ago(10) });

    const list = await listInactiveDesktops(30, NOW, fx.db);
    const ids = list.rows.map((r) => r.id);
    expect(ids).toContain(neverUsed.id);
    expect(ids).toContain(idle.id);
    expect(ids).not.toContain(used.id);
    expect(ids).not.toContain(young.id);
    const never = list.rows.find((r) => r.id === neverUsed.id)!;
    expect(never).toMatchObject({ kind: "NEVER_USED", days: 40, currency: "USD" });
    // Standard Windows AlwaysOn at list price: a whole month's fee.
    expect(never.monthlyCost).toBeGreaterThan(20);
    expect(list.rows.find((r) => r.id === idle.id)).toMatchObject({ kind: "IDLE", days: 35 });
    expect(list.totals[0].monthly).toBeGreaterThanOrEqual(never.monthlyCost!);

    // A longer period lists fewer.
    expect((await listInactiveDesktops(38, NOW, fx.db)).rows.map((r) => r.id)).toEqual([neverUsed.id]);
    await fx.db.desktop.updateMany({ where: { id: { in: [neverUsed.id, idle.id, used.id, young.id] } }, data: { state: "TERMINATED", terminatedAt: NOW } });
  });
});

const dave = billingPeople.dave;
const later = (days: number) => new Date(NOW.getTime() + days * DAY_MS);

async function operationsOf(desktopId: string) {
  return fx.db.operation.findMany({ where: { desktopId, type: { in: ["STOP", "TERMINATE"] } }, orderBy: { createdAt: "asc" }, select: { type: true, status: true } });
}
async function noticesTo(email: string, kind: string) {
  return fx.db.notification.findMany({ where: { recipient: email, kind }, orderBy: { createdAt: "asc" } });
}
const actionsOf = async (desktopId: string) => (await fx.auditOf(desktopId)).map((a) => a.action).filter((a) => a.startsWith("lifecycle.") || a.startsWith("desktop.lifecycle"));

describe("an idle-desktop policy", () => {
  it("runs a dry run first, then warns the owner, who keeps one desktop; the other is stopped, then terminated after the grace period, each step once", async () => {
    const kept = await fx.desktop({ runningMode: "AUTO_STOP", createdAt: ago(120) });
    const dropped = await fx.desktop({ runningMode: "AUTO_STOP", createdAt: ago(120) });
    const exempt = await fx.desktop({ runningMode: "AUTO_STOP", createdAt: ago(120) });
    await fx.db.desktop.updateMany({ where: { id: { in: [kept.id, dropped.id, exempt.id] } }, data: { lastConnectedAt: ago(45) } });
    await fx.db.desktopTagSet.create({ data: { desktopId: exempt.id, tags: { LifecycleExempt: "yes" }, refreshedAt: NOW } });

    const saved = await fx.db.$transaction((tx) =>
      saveLifecyclePolicy(tx, dave, { name: "Idle 30 days", directoryId: null, tagKey: null, tagValue: null, inactiveDays: 30, stopAfterDays: 7, terminateAfterDays: 14, exemptTagKey: "LifecycleExempt" }),
    );
    if (!saved.ok) throw new Error(saved.message);
    const policy = (await fx.db.lifecyclePolicy.findUniqueOrThrow({ where: { id: saved.policyId } }))!;

    // Nothing happens before the admin enables it, and enabling needs the dry run.
    await runLifecycleOnce(fx.db, { now: NOW });
    expect(await noticesTo("alice@example.com", "lifecycle.warning")).toHaveLength(0);
    expect(await fx.db.$transaction((tx) => setLifecyclePolicyEnabled(tx, dave, policy.id, true))).toMatchObject({ ok: false, code: "CONFLICT" });

    const plan = await planPolicy(fx.db, policy, NOW);
    const planned = new Map(plan.map((p) => [p.desktopId, p.step]));
    expect(planned.get(kept.id)).toBe("WARN");
    expect(planned.get(dropped.id)).toBe("WARN");
    expect(planned.get(exempt.id)).toBe("EXEMPT");
    await fx.db.$transaction((tx) => recordDryRun(tx, dave, policy.id, { steps: plan.length }, NOW));
    expect(await fx.db.$transaction((tx) => setLifecyclePolicyEnabled(tx, dave, policy.id, true))).toEqual({ ok: true });

    // The pass does what the dry run listed, and a second pass at the same time adds nothing.
    const first = await runLifecycleOnce(fx.db, { now: NOW });
    expect(first.policies.warned).toBe(2);
    expect((await runLifecycleOnce(fx.db, { now: NOW })).policies).toEqual({ warned: 0, stopped: 0, terminated: 0, closed: 0 });
    const warnings = await noticesTo("alice@example.com", "lifecycle.warning");
    expect(warnings).toHaveLength(2);
    expect(warnings[0].subject).toBe("Your desktop is unused: keep it or lose it");
    expect(warnings[0].text).toContain("has not been used for 45 days");
    expect(warnings[0].text).toContain("It will be stopped on 2026-12-17. It will be terminated on 2026-12-24");
    expect(warnings.map((w) => w.text).join()).toContain(`/desktops/${kept.id}/keep`);
    expect(warnings[0].html).toContain(">Keep my desktop</a>");
    expect(await fx.db.operation.count({ where: { type: "SEND_NOTIFICATION", notification: { kind: "lifecycle.warning" } } })).toBe(2);

    // The owner keeps one with one click: the clock starts again.
    expect(await fx.db.$transaction((tx) => keepDesktop(tx, billingPeople.alice, kept.id, later(2)))).toEqual({ ok: true });

    // A week later the other is stopped, once however many passes run.
    await runLifecycleOnce(fx.db, { now: later(8) });
    await runLifecycleOnce(fx.db, { now: later(8.5) });
    expect(await operationsOf(dropped.id)).toEqual([{ type: "STOP", status: "QUEUED" }]);
    expect(await operationsOf(kept.id)).toEqual([]);
    expect((await noticesTo("alice@example.com", "lifecycle.action")).map((n) => n.subject)).toEqual(["Your unused desktop was stopped"]);
    await fx.db.desktop.update({ where: { id: dropped.id }, data: { state: "STOPPED" } });

    // After the grace period it is terminated, once; the kept one is left alone.
    await runLifecycleOnce(fx.db, { now: later(15) });
    await runLifecycleOnce(fx.db, { now: later(16) });
    expect(await operationsOf(dropped.id)).toEqual([
      { type: "STOP", status: "QUEUED" },
      { type: "TERMINATE", status: "QUEUED" },
    ]);
    expect(await operationsOf(kept.id)).toEqual([]);
    expect(await operationsOf(exempt.id)).toEqual([]);

    expect(await actionsOf(dropped.id)).toEqual(["lifecycle.warn", "lifecycle.stop", "lifecycle.terminate"]);
    expect(await actionsOf(kept.id)).toEqual(["lifecycle.warn", "desktop.lifecycle.keep"]);
    const keepEvent = (await fx.auditOf(kept.id)).find((a) => a.action === "desktop.lifecycle.keep")!;
    expect(keepEvent).toMatchObject({ actorEmail: "alice@example.com", message: "Kept by its owner after the warning" });

    // Thirty days after the keep, still unused: warned again (a fresh case).
    await runLifecycleOnce(fx.db, { now: later(33) });
    expect(await noticesTo("alice@example.com", "lifecycle.warning")).toHaveLength(3);
    await fx.db.lifecyclePolicy.update({ where: { id: policy.id }, data: { enabled: false } });
    await fx.db.desktop.updateMany({ where: { id: { in: [kept.id, dropped.id, exempt.id] } }, data: { state: "TERMINATED", terminatedAt: NOW } });
  });

  it("closes the warning of a desktop used again, and a muted owner gets no warning", async () => {
    const d = await fx.desktop({ runningMode: "ALWAYS_ON", createdAt: ago(120), ownerId: billingPeople.carol.id });
    await fx.db.desktop.update({ where: { id: d.id }, data: { lastConnectedAt: ago(60) } });
    await fx.db.notificationPreference.create({ data: { userId: billingPeople.carol.id, muted: ["lifecycle.warning"] } });
    const saved = await fx.db.$transaction((tx) =>
      saveLifecyclePolicy(tx, dave, { name: "Directory idle", directoryId: "d-9067000001", tagKey: null, tagValue: null, inactiveDays: 30, stopAfterDays: null, terminateAfterDays: null, exemptTagKey: "LifecycleExempt" }),
    );
    if (!saved.ok) throw new Error(saved.message);
    await fx.db.lifecyclePolicy.update({ where: { id: saved.policyId }, data: { enabled: true, dryRunAt: NOW } });
    await runLifecycleOnce(fx.db, { now: NOW });
    expect(await actionsOf(d.id)).toEqual(["lifecycle.warn"]);
    expect(await noticesTo("carol@example.com", "lifecycle.warning")).toHaveLength(0);
    await fx.db.desktop.update({ where: { id: d.id }, data: { lastConnectedAt: later(1) } });
    await runLifecycleOnce(fx.db, { now: later(2) });
    expect(await actionsOf(d.id)).toEqual(["lifecycle.warn", "lifecycle.close"]);
    expect((await fx.db.desktopLifecycle.findUniqueOrThrow({ where: { desktopId: d.id } })).warnedAt).toBeNull();
    await fx.db.lifecyclePolicy.update({ where: { id: saved.policyId }, data: { enabled: false } });
    await fx.db.desktop.update({ where: { id: d.id }, data: { state: "TERMINATED", terminatedAt: NOW } });
  });
});

// ── Leavers, against the Samba AD DC (scripts/samba-test-dc.sh; .ci/run starts it) ──
const LDAP_URL = process.env.SAMBA_TEST_LDAP_URL;
const CA_FILE = process.env.SAMBA_TEST_CA_FILE;
const DOMAIN = process.env.SAMBA_TEST_DOMAIN ?? "corp.example.com";
const PASSWORD = process.env.SAMBA_TEST_ADMIN_PASSWORD ?? "";
const NO_DC = !LDAP_URL || !CA_FILE || !PASSWORD;
if (NO_DC) console.warn("Skipping the leaver directory tests: no Samba test DC (SAMBA_TEST_LDAP_URL or SAMBA_TEST_ADMIN_PASSWORD is unset).");

const run = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 36 ** 2).toString(36)}`;
const created: string[] = [];
const conn = (): DirectoryConnection => ({
  endpoint: { url: LDAP_URL ?? "", caPem: CA_FILE ? fs.readFileSync(CA_FILE, "utf8") : undefined, timeoutMs: 5_000 },
  domain: DOMAIN,
  admin: { bindName: `Administrator@${DOMAIN}`, password: PASSWORD },
});
const connectionFor = () => conn();

async function directoryPerson(suffix: string) {
  const userName = `h15l-${run}-${suffix}`.slice(0, 20);
  const made = await createDirectoryUser(conn(), { userName, givenName: "Leo", surname: `Leaver${suffix}`, email: `${userName}@example.com`, password: "Initial-Pass-1234" });
  if (!made.ok) throw new Error(made.message);
  created.push(userName);
  const user = await fx.db.user.create({
    data: { email: `${userName}@example.com`, name: `Leo Leaver ${suffix}`, source: "DIRECTORY", directoryId: BILLING_DIRECTORY, directoryUserName: userName, managerEmail: "mia.manager@example.com" },
  });
  const desktop = await fx.desktop({ runningMode: "AUTO_STOP", ownerId: user.id, createdAt: ago(60) });
  await fx.db.desktop.update({ where: { id: desktop.id }, data: { lastConnectedAt: ago(1) } });
  return { userName, user, desktop };
}

/** Removes the account from the directory altogether (an admin deleting a leaver in AD). */
async function deleteDirectoryUser(userName: string) {
  const client = openLdapClient(conn().endpoint);
  await client.bind(`Administrator@${DOMAIN}`, PASSWORD);
  try {
    await client.del(`CN=${userName},CN=Users,${process.env.SAMBA_TEST_BASE_DN}`);
  } finally {
    await client.unbind();
  }
}

describe.skipIf(NO_DC)("leavers found in the directory", () => {
  afterAll(async () => {
    const client = openLdapClient(conn().endpoint);
    await client.bind(`Administrator@${DOMAIN}`, PASSWORD);
    for (const userName of created) await client.del(`CN=${userName},CN=Users,${process.env.SAMBA_TEST_BASE_DN}`).catch(() => {});
    await client.unbind();
  });

  it("finds a person disabled in the directory, stops their desktop, tells their manager and the admins, and terminates it after the grace period", async () => {
    const leo = await directoryPerson("a");
    await runLifecycleOnce(fx.db, { now: NOW, connectionFor });
    expect(await fx.db.leaver.count({ where: { userId: leo.user.id } })).toBe(0);

    expect(await setDirectoryUserEnabled(conn(), { userName: leo.userName, enabled: false })).toEqual({ ok: true });
    const found = await runLifecycleOnce(fx.db, { now: NOW, connectionFor });
    expect(found.directoryCheck).toMatchObject({ found: 1, problems: [] });
    expect(found.leavers.stopped).toBe(1);
    const leaver = await fx.db.leaver.findFirstOrThrow({ where: { userId: leo.user.id } });
    expect(leaver).toMatchObject({ source: "DIRECTORY", reason: "disabled in corp.example.com", stoppedAt: NOW, terminateAt: later(7) });
    expect(await operationsOf(leo.desktop.id)).toEqual([{ type: "STOP", status: "QUEUED" }]);
    const toManager = await noticesTo("mia.manager@example.com", "lifecycle.report_leaver");
    expect(toManager.map((n) => n.subject)).toEqual([`Leaver: Leo Leaver a's desktops were stopped`]);
    expect(toManager[0].text).toContain("will be terminated on 2026-12-17");
    expect(await noticesTo("dave@example.com", "lifecycle.leaver")).toHaveLength(1);

    // Later passes before the end of the grace period add nothing; after it, the desktop is terminated once.
    await runLifecycleOnce(fx.db, { now: later(3), connectionFor });
    expect(await operationsOf(leo.desktop.id)).toHaveLength(1);
    await fx.db.desktop.update({ where: { id: leo.desktop.id }, data: { state: "STOPPED" } });
    await runLifecycleOnce(fx.db, { now: later(7), connectionFor });
    await runLifecycleOnce(fx.db, { now: later(8), connectionFor });
    expect(await operationsOf(leo.desktop.id)).toEqual([
      { type: "STOP", status: "QUEUED" },
      { type: "TERMINATE", status: "QUEUED" },
    ]);
    expect((await noticesTo("mia.manager@example.com", "lifecycle.report_leaver")).map((n) => n.subject)).toEqual([
      `Leaver: Leo Leaver a's desktops were stopped`,
      `Leaver: Leo Leaver a's desktops are being terminated`,
    ]);
    const trail = (await fx.db.auditEvent.findMany({ where: { OR: [{ targetId: leo.user.id }, { targetId: leo.desktop.id }] }, orderBy: { at: "asc" } })).map((a) => a.action);
    expect(trail).toEqual(["user.leaver.found", "lifecycle.leaver.stop", "user.leaver.stop", "lifecycle.leaver.terminate", "user.leaver.terminate"]);
    await fx.db.desktop.update({ where: { id: leo.desktop.id }, data: { state: "TERMINATED", terminatedAt: later(8) } });
  });

  it("finds a person removed from the directory (not just disabled), stops their desktop and terminates it after the grace period", async () => {
    const rex = await directoryPerson("r");
    await runLifecycleOnce(fx.db, { now: NOW, connectionFor });
    expect(await fx.db.leaver.count({ where: { userId: rex.user.id } })).toBe(0);

    await deleteDirectoryUser(rex.userName);
    expect(await getDirectoryUser(conn(), rex.userName)).toMatchObject({ ok: false });
    // One person gone among the directory's people: well under the guard against a service
    // account that sees too little (more than 5 and more than half missing marks nobody).
    const found = await runLifecycleOnce(fx.db, { now: NOW, connectionFor });
    expect(found.directoryCheck).toMatchObject({ found: 1, problems: [] });
    const leaver = await fx.db.leaver.findFirstOrThrow({ where: { userId: rex.user.id } });
    expect(leaver).toMatchObject({ source: "DIRECTORY", reason: "removed from corp.example.com", stoppedAt: NOW, terminateAt: later(7) });
    expect(await operationsOf(rex.desktop.id)).toEqual([{ type: "STOP", status: "QUEUED" }]);
    expect((await noticesTo("mia.manager@example.com", "lifecycle.report_leaver")).map((n) => n.subject)).toContain(`Leaver: Leo Leaver r's desktops were stopped`);

    // Still gone on later passes: found once, and terminated once the grace period is over.
    await runLifecycleOnce(fx.db, { now: later(3), connectionFor });
    expect(await fx.db.leaver.count({ where: { userId: rex.user.id } })).toBe(1);
    expect(await operationsOf(rex.desktop.id)).toHaveLength(1);
    await fx.db.desktop.update({ where: { id: rex.desktop.id }, data: { state: "STOPPED" } });
    await runLifecycleOnce(fx.db, { now: later(7), connectionFor });
    expect(await operationsOf(rex.desktop.id)).toEqual([
      { type: "STOP", status: "QUEUED" },
      { type: "TERMINATE", status: "QUEUED" },
    ]);
    await fx.db.desktop.update({ where: { id: rex.desktop.id }, data: { state: "TERMINATED", terminatedAt: later(8) } });
  });

  it("restoring access within the grace period cancels the termination, enables the account again and closes the case", async () => {
    const lea = await directoryPerson("b");
    await setDirectoryUserEnabled(conn(), { userName: lea.userName, enabled: false });
    await runLifecycleOnce(fx.db, { now: NOW, connectionFor });
    const leaver = await fx.db.leaver.findFirstOrThrow({ where: { userId: lea.user.id } });
    expect(await operationsOf(lea.desktop.id)).toEqual([{ type: "STOP", status: "QUEUED" }]);

    expect(await fx.db.$transaction((tx) => restoreAccess(tx, dave, leaver.id, later(3)))).toEqual({ ok: true });
    // The account is enabled again by the worker (a DIRECTORY_USER operation), not in this request.
    const enable = await fx.db.operation.findFirstOrThrow({ where: { type: "DIRECTORY_USER", directoryId: BILLING_DIRECTORY, payload: { path: ["userName"], equals: lea.userName } } });
    expect(enable.payload).toMatchObject({ action: "ENABLE" });
    // Still disabled in AD meanwhile: not found as a leaver again, and never terminated.
    await runLifecycleOnce(fx.db, { now: later(8), connectionFor });
    expect(await operationsOf(lea.desktop.id)).toEqual([{ type: "STOP", status: "QUEUED" }]);
    expect(await fx.db.leaver.count({ where: { userId: lea.user.id } })).toBe(1);

    await setDirectoryUserEnabled(conn(), { userName: lea.userName, enabled: true });
    const check = await runLifecycleOnce(fx.db, { now: later(9), connectionFor });
    expect(check.directoryCheck?.cleared).toBe(1);
    expect((await fx.db.leaver.findUniqueOrThrow({ where: { id: leaver.id } })).clearedAt).toEqual(later(9));
    const restore = await fx.db.auditEvent.findFirstOrThrow({ where: { action: "user.leaver.restore", targetId: lea.user.id } });
    expect(restore).toMatchObject({ actorEmail: "dave@example.com", message: "Access restored; the termination due 2026-12-17 is cancelled" });
    // A restored leaver who is then restored again is refused (nothing open).
    expect(await fx.db.$transaction((tx) => restoreAccess(tx, dave, leaver.id, later(9)))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    await fx.db.desktop.update({ where: { id: lea.desktop.id }, data: { state: "TERMINATED", terminatedAt: later(9) } });
  });

  it("marks nobody when the service account sees too few of a directory's people (a wrong base DN, a filtered view)", async () => {
    const other = await fx.db.directory.create({ data: { id: "d-9067000099", name: "branch.example.com", type: "SIMPLE_AD", region: "us-east-1", stage: "Active", registered: true } });
    // Six people the DC has never heard of, each with a desktop: more than 5, and more than half.
    const ghosts = [];
    for (let i = 0; i < 6; i++) {
      const user = await fx.db.user.create({ data: { email: `ghost${i}-${run}@example.com`, name: `Ghost ${i}`, source: "DIRECTORY", directoryId: other.id, directoryUserName: `h15g-${run}-${i}` } });
      ghosts.push({ user, desktop: await fx.desktop({ runningMode: "AUTO_STOP", ownerId: user.id, createdAt: ago(60) }) });
    }
    const pass = await runLifecycleOnce(fx.db, { now: later(10), connectionFor });
    expect(pass.directoryCheck?.problems).toEqual([
      { directoryId: other.id, message: "6 of 6 people were not found: check the service account's view of the directory. Nobody was marked as a leaver." },
    ]);
    expect(await fx.db.leaver.count({ where: { userId: { in: ghosts.map((g) => g.user.id) } } })).toBe(0);
    for (const g of ghosts) expect(await operationsOf(g.desktop.id)).toEqual([]);
    await fx.db.desktop.updateMany({ where: { id: { in: ghosts.map((g) => g.desktop.id) } }, data: { state: "TERMINATED", terminatedAt: later(10) } });
    await fx.db.user.updateMany({ where: { directoryId: other.id }, data: { directoryId: null, directoryUserName: null } });
  });
});

describe("leavers marked by an admin or disabled in the portal", () => {
  it("stops an admin-marked leaver's desktops at the leave date, not before; a restore after the stop cancels the termination", async () => {
    const frank = await fx.db.user.create({ data: { email: "frank.leaving@example.com", name: "Frank Leaving", managerEmail: "carol@example.com" } });
    const desktop = await fx.desktop({ runningMode: "AUTO_STOP", ownerId: frank.id, createdAt: ago(60) });
    expect(await fx.db.$transaction((tx) => markLeaving(tx, dave, { userId: frank.id, leaveAt: later(5) }))).toEqual({ ok: true });
    await runLifecycleOnce(fx.db, { now: later(4) });
    expect(await operationsOf(desktop.id)).toEqual([]);
    await runLifecycleOnce(fx.db, { now: later(5) });
    expect(await operationsOf(desktop.id)).toEqual([{ type: "STOP", status: "QUEUED" }]);
    // The manager is a portal user: told by e-mail, as their preferences allow.
    expect(await noticesTo("carol@example.com", "lifecycle.report_leaver")).toHaveLength(1);
    const leaver = await fx.db.leaver.findFirstOrThrow({ where: { userId: frank.id } });
    expect(await fx.db.$transaction((tx) => restoreAccess(tx, dave, leaver.id, later(6)))).toEqual({ ok: true });
    await runLifecycleOnce(fx.db, { now: later(20) });
    expect(await operationsOf(desktop.id)).toEqual([{ type: "STOP", status: "QUEUED" }]);
    await fx.db.desktop.update({ where: { id: desktop.id }, data: { state: "TERMINATED", terminatedAt: later(20) } });
  });

  it("takes a person disabled in the portal (or by the IdP's sign-in) with desktops as a leaver, once", async () => {
    const gina = await fx.db.user.create({ data: { email: "gina@example.com", name: "Gina Gone", source: "SSO", disabled: true } });
    const desktop = await fx.desktop({ runningMode: "AUTO_STOP", ownerId: gina.id, createdAt: ago(60) });
    const first = await runLifecycleOnce(fx.db, { now: NOW });
    expect(first.leavers).toMatchObject({ found: 1, stopped: 1 });
    expect((await runLifecycleOnce(fx.db, { now: NOW })).leavers).toEqual({ found: 0, stopped: 0, terminated: 0 });
    expect(await fx.db.leaver.findFirstOrThrow({ where: { userId: gina.id } })).toMatchObject({ source: "DISABLED", reason: "disabled by the identity provider's sign-in" });
    expect(await operationsOf(desktop.id)).toEqual([{ type: "STOP", status: "QUEUED" }]);
    await fx.db.desktop.update({ where: { id: desktop.id }, data: { state: "TERMINATED", terminatedAt: NOW } });
  });
});
