// Benchmark 3: the admin fleet page (app/(portal)/admin/fleet) under 20 concurrent clients (20
// admins, each with their own session). Its targets (issue 11): flat in fleet size (p95 with
// 10,000 desktops ≤ 1.2 × p95 with 100) and close to a page of the same layout with almost no data
// (≤ 1.5 × /requests), both measured in the same run. Benchmark 4: what watching the page costs,
// in a real headless Chromium: one tab's requests and bytes, and the portal's CPU while 20 admins
// watch a fleet of which 1 % changes per minute.
//
// The portal runs as `node --import tsx scripts/start.ts` (production build, embedded PGlite and
// emulator, or PostgreSQL) on free loopback ports with a temporary PORTAL_DATA_DIR whose database
// is seeded before start. The worker is off: the desktops exist only in the database, and a sweep
// would mark them gone.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { startEmulator } from "@/lib/aws-emulator/server";
import { memoryCallLog } from "@/lib/aws/call-log";
import { createAwsGateway } from "@/lib/aws/gateway";
import { unlimitedRateLimiter } from "@/lib/aws/rate-limiter";
import { createDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { hashPassword } from "@/lib/auth/password";
import { seedDemo } from "@/prisma/seed";
import { DEMO_PASSWORD } from "@/prisma/demo-accounts";
import { chromium, type Browser, type Page } from "@playwright/test";
import { freePort, percentile, sleep, type Row } from "./support";

const STATES = ["AVAILABLE", "AVAILABLE", "AVAILABLE", "AVAILABLE", "AVAILABLE", "AVAILABLE", "STOPPED", "STOPPED", "PENDING", "ERROR", "REBOOTING", "TERMINATED"] as const;

export const benchAdmin = (i: number) => `bench-admin-${i}@example.com`;

/**
 * Seeds the demo (accounts, catalogue), `admins` extra admin accounts (bench-admin-N@example.com,
 * demo password) and `count` desktops into a PGlite folder or a PostgreSQL database.
 */
export async function seedDesktops(target: { pgliteDir: string } | { databaseUrl: string }, count: number, admins = 0) {
  const emulator = await startEmulator({ port: 0, timeScale: "test", seed: true, sessions: false });
  const handle = createDb(target);
  const aws = createAwsGateway({ callLog: memoryCallLog(), limiter: unlimitedRateLimiter, clientOptions: { endpoint: emulator.url } });
  try {
    await migrateDatabase(handle.db, { migrationsDir: path.resolve("prisma/migrations") });
    await seedDemo(handle.db, aws, "us-east-1");
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await handle.db.user.createMany({
      data: Array.from({ length: admins }, (_, i) => ({ email: benchAdmin(i), name: `Bench admin ${i}`, role: "ADMIN" as const, passwordHash })),
    });
    const directory = await handle.db.directory.findFirstOrThrow({ where: { registered: true } });
    const bundles = await handle.db.bundle.findMany({ where: { available: true }, take: 10, select: { id: true } });
    const owners = await handle.db.user.findMany({ select: { id: true } });
    const base = Date.now() - count * 60_000;
    for (let i = 0; i < count; i += 1000) {
      await handle.db.desktop.createMany({
        data: Array.from({ length: Math.min(1000, count - i) }, (_, k) => {
          const n = i + k;
          const state = STATES[n % STATES.length];
          return {
            workspaceId: `ws-b${n.toString(36).padStart(8, "0")}`,
            directoryId: directory.id,
            userName: `fleet${String(n).padStart(5, "0")}`,
            bundleId: bundles[n % bundles.length].id,
            ownerId: n % 3 === 0 ? owners[n % owners.length].id : null,
            runningMode: n % 4 === 0 ? ("ALWAYS_ON" as const) : ("AUTO_STOP" as const),
            autoStopTimeoutMinutes: n % 4 === 0 ? null : 60,
            state,
            origin: n % 10 === 0 ? "IMPORTED" : "PORTAL",
            createdAt: new Date(base + n * 60_000),
            stateChangedAt: new Date(base + n * 60_000),
            terminatedAt: state === "TERMINATED" ? new Date() : null,
          };
        }),
      });
    }
  } finally {
    aws.destroy();
    await handle.close();
    await emulator.close();
  }
}

/** Signs in through Auth.js's credentials callback (csrf token + cookie); returns the cookie header. */
async function signIn(base: string, email: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  keep(csrf);
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, csrfToken, callbackUrl: `${base}/admin/fleet` }),
  });
  keep(response);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed: HTTP ${response.status}`);
  return cookie();
}

/** Each client uses its own session (cookies[i]), as separate admins would. */
async function load(url: string | (() => string), cookies: (string | undefined)[], clients: number, perClient: number): Promise<{ latencies: number[]; errors: number; bytes: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const cookie = cookies[client % cookies.length];
      for (let i = 0; i < perClient; i++) {
        const started = performance.now();
        try {
          const response = await fetch(typeof url === "string" ? url : url(), { headers: cookie ? { cookie } : {}, redirect: "manual" });
          const body = await response.arrayBuffer();
          if (response.status !== 200) errors++;
          bytes = body.byteLength;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - started);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), errors, bytes };
}

type Portal = { base: string; pid: number; cookies: string[]; stop: () => Promise<void> };

/** Seeds a database with `desktops` and `admins` bench admins, starts the portal on it and signs every admin in. */
async function startPortal(options: { desktops: number; admins: number; startTimeoutMs: number; databaseUrl?: string }): Promise<Portal> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-bench-"));
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const base = `http://localhost:${port}`;
  let child: ReturnType<typeof spawn> | undefined;
  let output = "";
  const stop = async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      const exited = await Promise.race([new Promise((r) => child!.once("exit", r)), sleep(15_000).then(() => "timeout")]);
      if (exited === "timeout") child.kill("SIGKILL");
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    console.log(`[bench] fleet page: seeding ${options.desktops} desktops into ${options.databaseUrl ? "PostgreSQL" : dataDir}…`);
    await seedDesktops(options.databaseUrl ? { databaseUrl: options.databaseUrl } : { pgliteDir: path.join(dataDir, "pglite") }, options.desktops, options.admins);

    console.log(`[bench] fleet page: starting the portal on ${base} (builds first if sources changed)…`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORTAL_DATA_DIR: dataDir,
      PORT: String(port),
      PORTAL_URL: base,
      PORTAL_EMULATOR: "on",
      PORTAL_EMULATOR_PORT: String(emulatorPort),
      // No directory sign-in here, so no LDAPS listener on a port the bench did not reserve.
      PORTAL_DEMO_DIRECTORY: "off",
      PORTAL_WORKER: "off",
      PORTAL_SEED_DEMO: "on",
      // The bench admins sign in with a password through Auth.js's endpoint, which has no second
      // step; a page costs the same session query either way.
      PORTAL_MFA_REQUIRED_ROLES: "none",
      NEXT_TELEMETRY_DISABLED: "1",
    };
    delete env.DATABASE_URL;
    if (options.databaseUrl) {
      env.DATABASE_URL = options.databaseUrl;
      // Outside the embedded default the secret must come from the environment.
      env.AUTH_SECRET = randomBytes(33).toString("base64");
    }
    delete env.AWS_ENDPOINT_URL;
    delete env.AUTH_URL;
    child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"], detached: false });
    child.stdout!.on("data", (c) => (output += c));
    child.stderr!.on("data", (c) => (output += c));
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), options.startTimeoutMs);
      const check = setInterval(() => {
        if (output.includes("is ready")) {
          clearInterval(check);
          clearTimeout(timer);
          resolve(true);
        }
      }, 200);
      child!.on("exit", () => {
        clearInterval(check);
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (!ready) throw new Error(`the portal did not start:\n${output.slice(-3000)}`);
    const cookies: string[] = [];
    for (let i = 0; i < options.admins; i++) cookies.push(await signIn(base, benchAdmin(i)));
    return { base, pid: child.pid!, cookies, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const fmt = (r: { latencies: number[] }) => `${percentile(r.latencies, 50).toFixed(0)} ms / ${percentile(r.latencies, 95).toFixed(0)} ms`;
const p95 = (r: { latencies: number[] }) => percentile(r.latencies, 95);
const verdict = (ok: boolean, target: string) => `target ${target}: ${ok ? "met" : "MISSED"}`;

/** The fleet page's total as the page prints it ("10,000 desktops"). */
async function fleetTotal(base: string, cookie: string): Promise<string> {
  const page = await fetch(`${base}/admin/fleet`, { headers: { cookie } });
  const html = await page.text();
  const total = /data-testid="fleet-total"[^>]*>([\d,]+)/.exec(html)?.[1];
  if (page.status !== 200 || !total) throw new Error(`fleet page: HTTP ${page.status}, no total`);
  return total;
}

/**
 * Benchmark 3, on one database: the fleet page with 100 desktops, then with `desktops`, each on a
 * fresh portal; the same-layout near-empty page and reference pages on the large one. With
 * `watch`, the large portal also runs benchmark 4 (see watchBenchmark).
 */
export async function fleetPageBenchmark(options: {
  desktops: number;
  clients: number;
  perClient: number;
  startTimeoutMs: number;
  /** Creates an empty PostgreSQL database per portal; unset: the embedded PGlite. */
  database?: () => Promise<{ url: string; close: () => Promise<void> }>;
  watch?: { windowMs: number; watchers: number; changesPerMinute: number };
}): Promise<{ page: Row[]; watch?: Row[] }> {
  const { clients, perClient } = options;
  const measureFleet = async (desktops: number, more: (portal: Portal, databaseUrl?: string) => Promise<void>) => {
    const database = await options.database?.();
    const portal = await startPortal({ desktops, admins: Math.max(clients, options.watch?.watchers ?? 0), startTimeoutMs: options.startTimeoutMs, databaseUrl: database?.url });
    try {
      const { base, cookies } = portal;
      const total = await fleetTotal(base, cookies[0]);
      // Warm up under the same load: a fresh server runs its first few hundred requests
      // unoptimized, and whichever path came first would pay for all of them.
      for (const url of [`${base}/admin/fleet`, `${base}/requests`]) await load(url, cookies, clients, 5);
      console.log(`[bench] fleet page, ${desktops} desktops: ${clients} clients × ${perClient} requests each…`);
      const fleet = await load(`${base}/admin/fleet`, cookies, clients, perClient);
      await more(portal, database?.url);
      return { total, fleet, portal };
    } finally {
      await portal.stop();
      await database?.close();
    }
  };

  const small = await measureFleet(100, async () => {});
  const reference: Record<string, { latencies: number[]; errors: number; bytes: number }> = {};
  let asset = "";
  let watch: Row[] | undefined;
  let ownCpuMs = 0;
  const large = await measureFleet(options.desktops, async ({ base, cookies, pid }, databaseUrl) => {
    const html = await (await fetch(`${base}/admin/fleet`, { headers: { cookie: cookies[0] } })).text();
    asset = /\/_next\/static\/[^"'\s)]+\.(?:css|js)/.exec(html)?.[0] ?? "";
    if (!asset) throw new Error("no static asset found in the page");
    const searchUrl = `${base}/admin/fleet?q=fleet0123`;
    for (const url of [searchUrl, `${base}/help`, `${base}${asset}`]) await load(url, cookies, clients, 5);
    await load(`${base}/sign-in`, [undefined], clients, 5);
    // A page of the same layout with almost no data: what signing, layout and rendering cost alone.
    const ticksBefore = cpuTicks(pid);
    reference.own = await load(`${base}/requests`, cookies, clients, perClient);
    // Latency on a shared 2-core machine moves with whatever else runs; the portal's own CPU per
    // page does not, so this is the figure to compare between two builds.
    ownCpuMs = ((cpuTicks(pid) - ticksBefore) / CLOCK_TICKS_PER_S) * 1000 / (clients * perClient);
    reference.search = await load(searchUrl, cookies, clients, perClient);
    // Every request a list nobody asked for in the last seconds: the read and the render, unshared.
    let n = 0;
    reference.uncached = await load(() => `${base}/admin/fleet?q=fleet${String(n++ % 10_000).padStart(5, "0").slice(0, 4)}&page=${1 + (n % 3)}`, cookies, clients, perClient);
    // The framework's floor: a page rendered per request with no session, no query (signed out).
    reference.floor = await load(`${base}/sign-in`, [undefined], clients, perClient);
    reference.staticPage = await load(`${base}/help`, cookies, clients, perClient);
    reference.asset = await load(`${base}${asset}`, cookies, clients, perClient);
    if (options.watch) watch = await watchBenchmark({ base, cookies, pid, desktops: options.desktops, databaseUrl, ...options.watch });
  });

  const flat = p95(large.fleet) / p95(small.fleet);
  const layout = p95(large.fleet) / p95(reference.own);
  const page: Row[] = [
    ["fleet page, 100 desktops, median / p95", fmt(small.fleet), `page shows ${small.total}; ${small.fleet.errors} errors, ${(small.fleet.bytes / 1024).toFixed(0)} KiB`],
    [`fleet page, ${options.desktops} desktops, median / p95`, fmt(large.fleet), `page shows ${large.total} (all but terminated); ${large.fleet.errors} errors, ${(large.fleet.bytes / 1024).toFixed(0)} KiB`],
    ["near-empty page (/requests) median / p95", fmt(reference.own), `same session and layout, few rows; ${reference.own.errors} errors`],
    ["near-empty page (/requests): portal CPU per request", `${ownCpuMs.toFixed(1)} ms`, "user + system time of the portal's processes, the load-independent figure"],
    [`p95 ratio fleet ${options.desktops} / fleet 100`, flat.toFixed(2), verdict(flat <= 1.2, "≤ 1.2 (flat in fleet size)")],
    ["p95 ratio fleet / near-empty page", layout.toFixed(2), verdict(layout <= 1.5, "≤ 1.5")],
    ["fleet page ?q= search median / p95", fmt(reference.search), `every client the same search; ${reference.search.errors} errors`],
    ["fleet page, every request a new list", fmt(reference.uncached), `a different search or page each time (no shared read); ${reference.uncached.errors} errors`],
    ["empty dynamic page (/sign-in) median / p95", fmt(reference.floor), `signed out: no session, no query (the framework's floor); ${reference.floor.errors} errors`],
    ["static page (/help) median / p95", fmt(reference.staticPage), `prerendered at build, for reference; ${reference.staticPage.errors} errors`],
    ["static asset median / p95", fmt(reference.asset), `${asset.slice(0, 60)}, for reference; ${reference.asset.errors} errors`],
  ];
  return { page, watch };
}

const REFRESH_MS = 3_000;

/** CPU time (user + system, in clock ticks) of a process and all its descendants, from /proc. */
export function cpuTicks(rootPid: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    total += stats.get(pid)?.ticks ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) pending.push(child);
  }
  return total;
}
export const CLOCK_TICKS_PER_S = 100; // USER_HZ on Linux

/** Opens one tab per cookie on the fleet page, waits until each shows its table, then counts every request for `windowMs`. */
async function watch(browser: Browser, base: string, pid: number, cookies: string[], windowMs: number) {
  const pages: Page[] = [];
  let requests = 0;
  let bytes = 0;
  let counting = false;
  for (const header of cookies) {
    const context = await browser.newContext();
    await context.addCookies(
      header.split("; ").map((pair) => {
        const eq = pair.indexOf("=");
        return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: base };
      }),
    );
    const page = await context.newPage();
    page.on("requestfinished", () => {
      if (counting) requests++;
    });
    page.on("requestfailed", () => {
      if (counting) requests++;
    });
    // Bytes as on the wire, from Chromium's own network events: the request's headers as sent
    // (the session cookie included) and everything received (headers and encoded body).
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    cdp.on("Network.requestWillBeSentExtraInfo", (e) => {
      if (counting) bytes += Object.entries(e.headers).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 0);
    });
    cdp.on("Network.loadingFinished", (e) => {
      if (counting) bytes += e.encodedDataLength;
    });
    await page.goto(`${base}/admin/fleet`);
    await page.locator("tr[data-desktop-id]").first().waitFor({ timeout: 60_000 });
    pages.push(page);
  }
  for (const page of pages) await page.waitForLoadState("networkidle");
  counting = true;
  const started = { at: performance.now(), ticks: cpuTicks(pid) };
  await sleep(windowMs);
  counting = false;
  const seconds = (performance.now() - started.at) / 1000;
  // The portal's CPU over the window, as a share of one core.
  const cpu = ((cpuTicks(pid) - started.ticks) / CLOCK_TICKS_PER_S / seconds) * 100;
  await Promise.all(pages.map((p) => p.context().close()));
  return { requests, bytes, seconds, cpu };
}

/** The bytes of a GET's response on the wire (headers and encoded body), asked for as a browser asks. */
async function answerSize(url: string, cookie: string): Promise<number> {
  const { hostname, port, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(`GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nCookie: ${cookie}\r\nAccept-Encoding: gzip, deflate, br\r\nConnection: close\r\n\r\n`);
    });
    let bytes = 0;
    socket.on("data", (chunk) => (bytes += chunk.length));
    socket.on("end", () => resolve(bytes));
    socket.on("error", reject);
  });
}

/** Changes `perMinute` desktops' states per minute, one of them on the watchers' page every refresh interval, until `until`. */
async function changeFleet(databaseUrl: string, perMinute: number, until: () => boolean): Promise<number> {
  const handle = createDb({ databaseUrl });
  let changed = 0;
  try {
    const ids = (await handle.db.desktop.findMany({ where: { state: { not: "TERMINATED" } }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], select: { id: true } })).map((d) => d.id);
    const perInterval = Math.max(1, Math.round((perMinute * REFRESH_MS) / 60_000));
    while (!until()) {
      // The first page (the newest 50) always has a change: the worst case for the watchers.
      const batch = [ids[Math.floor(Math.random() * Math.min(50, ids.length))]];
      while (batch.length < perInterval) batch.push(ids[Math.floor(Math.random() * ids.length)]);
      const now = new Date();
      for (const id of batch) {
        const { state } = await handle.db.desktop.findUniqueOrThrow({ where: { id }, select: { state: true } });
        await handle.db.desktop.update({ where: { id }, data: { state: state === "AVAILABLE" ? "STOPPED" : "AVAILABLE", stateChangedAt: now } });
        changed++;
      }
      await sleep(REFRESH_MS);
    }
  } finally {
    await handle.close();
  }
  return changed;
}

/**
 * Benchmark 4 on a running portal: one tab watching the fleet page (requests and bytes), then
 * `watchers` tabs (separate admin sessions) and the portal's CPU meanwhile. The desktops change
 * (1 % of the fleet per minute) only on PostgreSQL: the changes are written from outside the
 * portal, which an embedded PGlite (one process) does not allow.
 */
async function watchBenchmark(o: { base: string; cookies: string[]; pid: number; desktops: number; databaseUrl?: string; windowMs: number; watchers: number; changesPerMinute: number }): Promise<Row[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const changing = o.databaseUrl ? `${o.changesPerMinute} desktops changing per minute` : "no desktop changing (PGlite)";
    const withChanges = async (tabs: number) => {
      const run = () => watch(browser, o.base, o.pid, o.cookies.slice(0, tabs), o.windowMs);
      if (!o.databaseUrl) return run();
      let done = false;
      const changer = changeFleet(o.databaseUrl, o.changesPerMinute, () => done);
      try {
        return await run();
      } finally {
        done = true;
        await changer;
      }
    };
    console.log(`[bench] watching: one tab for ${o.windowMs / 1000} s, ${changing}…`);
    const one = await withChanges(1);
    const intervals = (one.seconds * 1000) / REFRESH_MS;
    const perInterval = { requests: one.requests / intervals, bytes: one.bytes / intervals };
    // A changed page's answer (no version given), as a browser receives it: compressed when the
    // server compresses. Measured on the wire, since fetch() decompresses.
    const fullBytes = await answerSize(`${o.base}/admin/fleet/live`, o.cookies[0]);

    console.log(`[bench] watching: ${o.watchers} tabs for ${o.windowMs / 1000} s, ${changing}…`);
    const many = await withChanges(o.watchers);
    return [
      ["database", o.databaseUrl ? "PostgreSQL" : "embedded PGlite (default)", changing],
      ["one watching tab: requests / minute", (one.requests / (one.seconds / 60)).toFixed(1), `${one.requests} in ${one.seconds.toFixed(0)} s`],
      ["one watching tab: KB / minute", (one.bytes / 1024 / (one.seconds / 60)).toFixed(1), "request and response, headers included"],
      ["one watching tab: requests / refresh interval (3 s)", perInterval.requests.toFixed(2), verdict(perInterval.requests <= 1, "≤ 1")],
      ["one watching tab: KB / refresh interval", (perInterval.bytes / 1024).toFixed(2), verdict(perInterval.bytes <= 20 * 1024, "≤ 20 KB")],
      ["a changed page's answer (50 rows)", `${(fullBytes / 1024).toFixed(1)} KB`, `headers and body as sent; ${verdict(fullBytes <= 20 * 1024, "≤ 20 KB")}`],
      [`${o.watchers} watching tabs: portal CPU`, `${many.cpu.toFixed(1)} % of one core`, verdict(many.cpu <= 25, "≤ 25 %")],
      [`${o.watchers} watching tabs: requests / tab / interval`, (many.requests / o.watchers / ((many.seconds * 1000) / REFRESH_MS)).toFixed(2), `${many.requests} requests in ${many.seconds.toFixed(0)} s`],
    ];
  } finally {
    await browser.close();
  }
}
