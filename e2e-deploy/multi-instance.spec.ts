// The portal as several processes behind a real reverse proxy: two web instances and two workers on
// one PostgreSQL, behind nginx terminating TLS with a generated certificate (scripts/multi-instance.ts).
// Every response says which instance served it (X-Portal-Instance, PORTAL_INSTANCE_NAME).
import { test as base, expect, type Browser, type Page, type Response } from "@playwright/test";
import pg from "pg";
import { startMultiInstance, portsFrom, type MultiInstance } from "../scripts/multi-instance";
import { ApprovalsPage, DesktopPage, failSignIn, RequestFormPage, signIn, USERS } from "../e2e/pages/portal";

let stack: MultiInstance;
let db: pg.Client;

const test = base.extend<{ person: (who: keyof typeof USERS) => Promise<Page> }>({
  person: async ({ browser }, use) => {
    const contexts: Awaited<ReturnType<Browser["newContext"]>>[] = [];
    await use(async (who) => {
      const context = await browser.newContext({ baseURL: stack.url });
      contexts.push(context);
      const page = await context.newPage();
      await signIn(page, USERS[who]);
      return page;
    });
    for (const context of contexts) await context.close();
  },
});
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(900_000);
  stack = await startMultiInstance({
    ports: portsFrom(process.env.MULTI_PORTS, "4181-4199"),
    pgPort: Number(process.env.MULTI_PG_PORT ?? 54339),
    // A killed worker's claims are taken over after 4 s instead of a minute.
    workerEnv: { WORKER_LEASE_MS: "4000", WORKER_UNKNOWN_OUTCOME_DELAY_MS: "1000" },
    verbose: Boolean(process.env.MULTI_VERBOSE),
  });
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
});

test.afterAll(async () => {
  await db?.end();
  await stack?.stop();
});

const instanceOf = (response: Response | null) => response?.headers()["x-portal-instance"];

async function emulatorDesktopsOf(userName: string): Promise<{ WorkspaceId: string; State: string }[]> {
  const state = (await (await fetch(`${stack.emulatorUrl}/emulator/state`)).json()) as { workspaces?: { WorkspaceId: string; UserName: string; State: string }[] };
  return (state.workspaces ?? []).filter((w) => w.UserName.toLowerCase() === userName);
}

async function createOperationOf(requestId: string) {
  const { rows } = await db.query<{ id: string; status: string; lockedBy: string | null }>(
    `SELECT id, status, "lockedBy" FROM "Operation" WHERE "requestId" = $1 AND type = 'CREATE'`,
    [requestId],
  );
  return rows[0];
}

/** CreateWorkspaces calls the workers recorded for an operation (AwsCall rows). */
async function createCallsFor(operationId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "AwsCall" WHERE operation = 'CreateWorkspaces' AND $1 = ANY("operationIds")`, [operationId]);
  return Number(rows[0].n);
}

test("a session works on whichever instance answers", async ({ person }) => {
  const alice = await person("alice");
  const servedBy: (string | undefined)[] = [];
  for (let i = 0; i < 12 && new Set(servedBy).size < 2; i++) {
    const response = await alice.goto("/requests");
    servedBy.push(instanceOf(response));
    // Still Alice, wherever the page came from.
    await expect(alice.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expect(alice).toHaveURL(/\/requests$/);
    // Round robin: another request now and then, so that pages do not always land on one instance.
    if (i % 2 === 1) await alice.request.get("/help");
  }
  expect(new Set(servedBy)).toEqual(new Set(["web-1", "web-2"]));
});

test("a request approved on one instance is provisioned once, by one worker, and the fleet view updates on both instances", async ({ person }) => {
  const alice = await person("alice");
  const requestId = await new RequestFormPage(alice).submitValid("multi-instance: approved on one instance");
  await alice.close();

  // Dave watches the fleet, filtered to Alice, before the approval: the row appears live.
  const dave = await person("dave");
  const live: { instance?: string; status: number; etag?: string }[] = [];
  dave.on("response", (r) => {
    if (new URL(r.url()).pathname === "/admin/fleet/live") live.push({ instance: instanceOf(r), status: r.status(), etag: r.headers()["etag"] });
  });
  await dave.goto("/admin/fleet?q=alice");
  const row = dave.locator("tr[data-desktop-id]").filter({ has: dave.getByRole("link", { name: "alice", exact: true }) });
  await expect(row).toHaveCount(0);

  const carol = await person("carol");
  const approvals = new ApprovalsPage(carol);
  await approvals.open();
  const approved = carol.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/approvals");
  await approvals.approve(requestId);
  expect(["web-1", "web-2"]).toContain(instanceOf(await approved));
  // From here only Dave's watch polls, so the proxy alternates it between the instances.
  await carol.close();

  await expect(row.locator('[data-state="AVAILABLE"]')).toBeVisible({ timeout: 120_000 });
  // Both instances serve the final list: each answered a watch with its version (200) or
  // confirmed it was current (304 for that version).
  await dave.waitForTimeout(7_000);
  const finalVersion = live.filter((l) => l.status === 200).at(-1)?.etag;
  expect(finalVersion).toBeTruthy();
  const current = new Set(live.filter((l) => l.etag === finalVersion).map((l) => l.instance));
  expect(current).toEqual(new Set(["web-1", "web-2"]));

  // Exactly once: one CreateWorkspaces for the operation, one desktop in AWS, closed by a worker.
  const op = await createOperationOf(requestId);
  expect(op.status).toBe("SUCCEEDED");
  expect(await createCallsFor(op.id)).toBe(1);
  expect(await emulatorDesktopsOf("alice")).toHaveLength(1);
});

test("killing one web instance and one worker mid-job (kill -9) loses nothing and duplicates nothing", async ({ person }) => {
  const bob = await person("bob");
  const carol = await person("carol");
  const requestId = await new RequestFormPage(bob).submitValid("multi-instance: survives kill -9");

  // AWS takes 5 s to answer CreateWorkspaces, so that the worker dies while its call is out.
  await fetch(`${stack.emulatorUrl}/emulator/config`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ faults: { operations: { CreateWorkspaces: { latencyMs: 5_000 } } } }),
  });
  const approvals = new ApprovalsPage(carol);
  await approvals.open();
  await approvals.approve(requestId);

  let holder: string | null = null;
  await expect
    .poll(async () => (holder = (await createOperationOf(requestId))?.lockedBy ?? null), { timeout: 30_000, intervals: [100] })
    .toMatch(/^worker-/);
  // Its CreateWorkspaces is on the wire: kill that worker, and one web instance, without warning.
  await new Promise((r) => setTimeout(r, 1_000));
  const worker = stack.workers.find((w) => w.name === holder)!;
  const web = stack.web[0];
  worker.child.kill("SIGKILL");
  web.child.kill("SIGKILL");
  await Promise.all([worker.exited, web.exited]);
  await fetch(`${stack.emulatorUrl}/emulator/config`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ faults: {} }),
  });

  // The other worker takes the claim over, finds the desktop the dead one created, and follows it.
  await bob.goto(`/requests/${requestId}`);
  const answers = new Set<string | undefined>();
  // Pages and data, not static files the browser may take from its cache (with their old headers).
  bob.on("response", (r) => {
    if (["document", "fetch", "xhr"].includes(r.request().resourceType())) answers.add(instanceOf(r));
  });
  await expect
    .poll(async () => (await createOperationOf(requestId)).status, { timeout: 120_000, intervals: [500] })
    .toBe("SUCCEEDED");
  const { rows } = await db.query<{ id: string; state: string; workspaceId: string | null }>(`SELECT id, state, "workspaceId" FROM "Desktop" WHERE "requestId" = $1`, [requestId]);
  expect(rows).toHaveLength(1);
  await bob.goto(`/desktops/${rows[0].id}`);
  await new DesktopPage(bob).expectState("AVAILABLE", 120_000);
  // Only the surviving instance answers now; the proxy skipped the dead one.
  expect([...answers].filter(Boolean)).toEqual(["web-2"]);

  // Nothing duplicated: one desktop for Bob in AWS, the one the portal holds; at most the dead
  // worker's call was sent (the survivor looked before sending again).
  const inAws = await emulatorDesktopsOf("bob");
  expect(inAws).toHaveLength(1);
  expect(inAws[0].WorkspaceId).toBe(rows[0].workspaceId);
  expect(await createCallsFor((await createOperationOf(requestId)).id)).toBeLessThanOrEqual(1);
});

test("the portal records the client's own address: one trusted hop, whatever X-Forwarded-For the client sends", async ({ browser, person }) => {
  const email = `forged-${Date.now()}@example.com`;
  const context = await browser.newContext({ baseURL: stack.url, extraHTTPHeaders: { "x-forwarded-for": "203.0.113.77" } });
  await failSignIn(await context.newPage(), email);
  await context.close();

  const dave = await person("dave");
  await dave.goto(`/admin/audit?q=${encodeURIComponent(email)}`);
  const row = dave.getByRole("row").filter({ hasText: email });
  await expect(row).toHaveCount(1);
  // The browser's address as nginx saw it, not the forged entry nor nginx's own (the socket's peer).
  await expect(row).toContainText(/from 127\.0\.0\.1\b/);
  await expect(row).not.toContainText("203.0.113.77");
  await expect(row).not.toContainText(stack.proxyAddress);
});
