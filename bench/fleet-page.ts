// Benchmark 3: the admin fleet page (app/(portal)/admin/fleet) with 10,000 desktops, under 20
// concurrent clients (20 admins, each with their own session), side by side with a static page
// of the same server (/help, prerendered at build) and a static asset. The portal runs as
// `node --import tsx scripts/start.ts` (production build, embedded PGlite and emulator) on free
// loopback ports with a temporary PORTAL_DATA_DIR whose database is seeded before start. The
// worker is off: the desktops exist only in the database, and a sweep would mark them gone.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
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
import { freePort, percentile, sleep, type Row } from "./support";

const STATES = ["AVAILABLE", "AVAILABLE", "AVAILABLE", "AVAILABLE", "AVAILABLE", "AVAILABLE", "STOPPED", "STOPPED", "PENDING", "ERROR", "REBOOTING", "TERMINATED"] as const;

const benchAdmin = (i: number) => `bench-admin-${i}@example.com`;

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

export async function fleetPageBenchmark(options: {
  desktops: number;
  clients: number;
  perClient: number;
  startTimeoutMs: number;
  /** A PostgreSQL database (empty) to run the portal on instead of its embedded PGlite. */
  databaseUrl?: string;
}): Promise<Row[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-bench-"));
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const base = `http://localhost:${port}`;
  let child: ReturnType<typeof spawn> | undefined;
  let output = "";
  try {
    console.log(`[bench] fleet page: seeding ${options.desktops} desktops into ${dataDir}…`);
    await seedDesktops(
      options.databaseUrl ? { databaseUrl: options.databaseUrl } : { pgliteDir: path.join(dataDir, "pglite") },
      options.desktops,
      options.clients,
    );

    console.log(`[bench] fleet page: starting the portal on ${base} (builds first if sources changed)…`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORTAL_DATA_DIR: dataDir,
      PORT: String(port),
      PORTAL_URL: base,
      PORTAL_EMULATOR: "on",
      PORTAL_EMULATOR_PORT: String(emulatorPort),
      PORTAL_WORKER: "off",
      PORTAL_SEED_DEMO: "on",
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
    for (let i = 0; i < options.clients; i++) cookies.push(await signIn(base, benchAdmin(i)));
    const cookie = cookies[0];
    const page = await fetch(`${base}/admin/fleet`, { headers: { cookie } });
    const html = await page.text();
    if (page.status !== 200 || !html.includes("desktop(s)")) throw new Error(`fleet page: HTTP ${page.status}`);
    const total = /([\d,]+) desktop\(s\)/.exec(html)?.[1];
    const asset = /\/_next\/static\/[^"'\s)]+\.(?:css|js)/.exec(html)?.[0];
    if (!asset) throw new Error("no static asset found in the page");
    const help = await fetch(`${base}/help`);
    // The static page: prerendered at build (○ in next build's route list), the same for everyone.
    if (help.status !== 200 || !(await help.text()).includes("How do I connect?")) throw new Error(`/help: HTTP ${help.status}`);
    const searchUrl = `${base}/admin/fleet?q=fleet0123`;

    // Warm up every path measured below, under the same load: a fresh server runs its first few
    // hundred requests unoptimized (V8 has not compiled the hot code yet), and whichever path came
    // first would pay for all of them.
    for (const url of [`${base}/admin/fleet`, searchUrl, `${base}/requests`, `${base}/help`, `${base}${asset}`]) {
      await load(url, cookies, options.clients, 5);
    }
    await load(`${base}/sign-in`, [undefined], options.clients, 5);

    console.log(`[bench] fleet page: ${options.clients} clients × ${options.perClient} requests each…`);
    const fleet = await load(`${base}/admin/fleet`, cookies, options.clients, options.perClient);
    const search = await load(searchUrl, cookies, options.clients, options.perClient);
    // Every request a list nobody asked for in the last seconds: the read and the render, unshared.
    let n = 0;
    const uncached = await load(() => `${base}/admin/fleet?q=fleet${String(n++ % 10_000).padStart(5, "0").slice(0, 4)}&page=${1 + (n % 3)}`, cookies, options.clients, options.perClient);
    const staticPage = await load(`${base}/help`, cookies, options.clients, options.perClient);
    const stat = await load(`${base}${asset}`, cookies, options.clients, options.perClient);
    // A page of the same layout with almost no data: what signing, layout and rendering cost alone.
    const own = await load(`${base}/requests`, cookies, options.clients, options.perClient);
    // The framework's floor: a page rendered per request with no session, no query and little
    // markup (the sign-in page, signed out). No dynamic page can be cheaper than this one.
    const floor = await load(`${base}/sign-in`, [undefined], options.clients, options.perClient);
    const fmt = (r: { latencies: number[] }) => `${percentile(r.latencies, 50).toFixed(0)} ms / ${percentile(r.latencies, 95).toFixed(0)} ms`;
    const ratio = percentile(fleet.latencies, 95) / percentile(staticPage.latencies, 95);
    const floorRatio = percentile(floor.latencies, 95) / percentile(staticPage.latencies, 95);
    const assetRatio = percentile(fleet.latencies, 95) / percentile(stat.latencies, 95);
    return [
      ["database", options.databaseUrl ? "PostgreSQL" : "embedded PGlite (default)", ""],
      ["desktops in the database", String(options.desktops), `page shows ${total} (all but terminated)`],
      ["clients × requests", `${options.clients} × ${options.perClient}`, `loopback, one admin session per client`],
      ["fleet page median / p95", fmt(fleet), `${fleet.errors} errors, ${(fleet.bytes / 1024).toFixed(0)} KiB`],
      ["fleet page ?q= search median / p95", fmt(search), `every client the same search; ${search.errors} errors`],
      ["fleet page, every request a new list", fmt(uncached), `a different search or page each time (no shared read); ${uncached.errors} errors`],
      ["small page (/requests) median / p95", fmt(own), `same session and layout, few rows; ${own.errors} errors`],
      ["empty dynamic page (/sign-in) median / p95", fmt(floor), `signed out: no session, no query; ${floor.errors} errors`],
      ["static page (/help) median / p95", fmt(staticPage), `prerendered at build; ${staticPage.errors} errors`],
      ["static asset median / p95", fmt(stat), `${asset.slice(0, 60)}, ${stat.errors} errors`],
      ["p95 ratio fleet / static page", ratio.toFixed(2), ratio <= 2 ? "target ≤ 2: met" : "target ≤ 2: MISSED"],
      ["p95 ratio empty dynamic page / static page", floorRatio.toFixed(2), "the floor of any page rendered per request"],
      ["p95 ratio fleet / static asset", assetRatio.toFixed(2), "for reference (a file, no page rendering)"],
    ];
  } finally {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      const exited = await Promise.race([new Promise((r) => child!.once("exit", r)), sleep(15_000).then(() => "timeout")]);
      if (exited === "timeout") child.kill("SIGKILL");
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
