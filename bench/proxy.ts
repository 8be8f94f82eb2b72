// Benchmark 6: the busiest pages (the admin fleet page, /requests, the approver queue) through nginx
// with TLS, against one web instance and then two, in one run on one PostgreSQL
// (scripts/multi-instance.ts). Target: two instances serve ≥ 1.5 × the requests per second of one.
// On a small shared machine that depends on where the cores go, so each phase also reports the CPU
// each process used (from /proc/<pid>/stat before and after): the instances, nginx, PostgreSQL,
// this load generator, and whatever else ran on the machine meanwhile.
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import { createDb } from "@/lib/db/client";
import { startMultiInstance, type MultiInstance } from "@/scripts/multi-instance";
import { DEMO_PASSWORD } from "@/prisma/demo-accounts";
import { benchAdmin, CLOCK_TICKS_PER_S, cpuTicks, seedDesktops } from "./fleet-page";
import { percentile, type Row } from "./support";

const PAGES = ["/admin/fleet", "/requests", "/approvals"] as const;

// The certificate is generated at start: the load generator does not verify it.
const agent = new https.Agent({ keepAlive: true, maxSockets: 256, rejectUnauthorized: false });

function request(url: string, options: { method?: string; cookie?: string; body?: string; contentType?: string } = {}) {
  return new Promise<{ status: number; cookies: string[]; body: string }>((resolve, reject) => {
    const req = https.request(
      url,
      {
        agent,
        method: options.method ?? "GET",
        headers: {
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(options.body ? { "content-type": options.contentType!, "content-length": Buffer.byteLength(options.body) } : {}),
        },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, cookies: ([] as string[]).concat(res.headers["set-cookie"] ?? []), body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Signs in through Auth.js's credentials callback over the proxy; returns the cookie header. */
async function signInThroughProxy(base: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (cookies: string[]) => {
    for (const c of cookies) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await request(`${base}/api/auth/csrf`);
  keep(csrf.cookies);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const answer = await request(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    cookie: cookie(),
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, csrfToken, callbackUrl: `${base}/admin/fleet` }).toString(),
  });
  keep(answer.cookies);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in through the proxy failed: HTTP ${answer.status}`);
  return cookie();
}

/** Open requests for the approver queue, from the fleet's owners. */
async function queueRequests(databaseUrl: string, count: number) {
  const handle = createDb({ databaseUrl });
  try {
    const directory = await handle.db.directory.findFirstOrThrow({ where: { registered: true } });
    const bundle = await handle.db.bundle.findFirstOrThrow({ where: { available: true } });
    const owners = await handle.db.user.findMany({ where: { role: "EMPLOYEE" }, select: { id: true } });
    await handle.db.desktopRequest.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        requesterId: owners[i % owners.length].id,
        directoryId: directory.id,
        userName: `queue${String(i).padStart(5, "0")}`,
        bundleId: bundle.id,
        runningMode: "AUTO_STOP" as const,
        autoStopTimeoutMinutes: 60,
        justification: "benchmark",
        status: "SUBMITTED" as const,
      })),
    });
  } finally {
    await handle.close();
  }
}

/** user + system ticks of one process alone (not its children). */
function ownTicks(pid: number): number {
  const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/** Busy ticks of the whole machine (all cores), from /proc/stat. */
function machineTicks(): number {
  const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  return cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7];
}

interface Phase {
  perSecond: number;
  byPage: Record<string, number[]>;
  errors: number;
  cpu: { name: string; cores: number }[];
}

/** `clients` signed-in admins, each requesting the pages in turn for `seconds`. */
async function drive(base: string, cookies: string[], seconds: number) {
  const byPage: Record<string, number[]> = Object.fromEntries(PAGES.map((p) => [p, []]));
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    cookies.map(async (cookie, client) => {
      for (let i = client; performance.now() < until; i++) {
        const page = PAGES[i % PAGES.length];
        const started = performance.now();
        const answer = await request(`${base}${page}`, { cookie }).catch(() => ({ status: 0 }));
        if (answer.status === 200) byPage[page].push(performance.now() - started);
        else errors++;
      }
    }),
  );
  return { byPage, errors };
}

async function measure(stack: MultiInstance, instances: string[], cookies: string[], seconds: number): Promise<Phase> {
  await stack.useInstances(instances);
  await drive(stack.url, cookies, 3); // the new nginx workers' connections, the caches
  const processes = [
    ...stack.web.map((w) => ({ name: w.name, ticks: () => cpuTicks(w.pid) })),
    { name: "nginx", ticks: () => cpuTicks(stack.nginx.pid) },
    { name: "PostgreSQL", ticks: () => cpuTicks(stack.postgresPid) },
    { name: "load generator", ticks: () => ownTicks(process.pid) },
  ];
  const before = processes.map((p) => p.ticks());
  const machineBefore = machineTicks();
  const started = performance.now();
  const { byPage, errors } = await drive(stack.url, cookies, seconds);
  const elapsedS = (performance.now() - started) / 1000;
  const used = processes.map((p, i) => ({ name: p.name, cores: (p.ticks() - before[i]) / CLOCK_TICKS_PER_S / elapsedS }));
  const machine = (machineTicks() - machineBefore) / CLOCK_TICKS_PER_S / elapsedS;
  const ours = used.reduce((sum, u) => sum + u.cores, 0);
  used.push({ name: "everything else on the machine", cores: Math.max(0, machine - ours) });
  const served = Object.values(byPage).reduce((sum, l) => sum + l.length, 0);
  return { perSecond: served / elapsedS, byPage, errors, cpu: used };
}

export async function proxyBenchmark(o: { fleet: number; clients: number; seconds: number; ports: number[]; pgPort: number }): Promise<Row[]> {
  console.log(`[bench] proxy: PostgreSQL, ${o.fleet} desktops, two web instances behind nginx (builds first if sources changed)…`);
  const stack = await startMultiInstance({
    ports: o.ports,
    pgPort: o.pgPort,
    workers: 0,
    // The bench admins sign in with a password through Auth.js's endpoint, which has no second step.
    webEnv: { PORTAL_MFA_REQUIRED_ROLES: "none" },
    seed: async (databaseUrl) => {
      await seedDesktops({ databaseUrl }, o.fleet, o.clients);
      await queueRequests(databaseUrl, 50);
    },
  });
  try {
    const cookies: string[] = [];
    for (let i = 0; i < o.clients; i++) cookies.push(await signInThroughProxy(stack.url, benchAdmin(i)));
    // Both instances warm (a fresh server runs its first requests unoptimized), then one, then two.
    await stack.useInstances(stack.web.map((w) => w.name));
    await drive(stack.url, cookies, 10);
    console.log(`[bench] proxy: ${o.clients} clients for ${o.seconds} s through one instance, then two…`);
    const one = await measure(stack, [stack.web[0].name], cookies, o.seconds);
    const two = await measure(stack, stack.web.map((w) => w.name), cookies, o.seconds);
    const ratio = two.perSecond / one.perSecond;
    const latency = (l: number[]) => {
      const sorted = [...l].sort((a, b) => a - b);
      return `${percentile(sorted, 50).toFixed(0)} / ${percentile(sorted, 95).toFixed(0)} ms`;
    };
    const rows: Row[] = [];
    for (const [label, phase] of [["one instance", one], ["two instances", two]] as const) {
      rows.push([
        `${label}: requests per second`,
        phase.perSecond.toFixed(1),
        `${phase.errors} errors; median / p95: ${PAGES.map((p) => `${p} ${latency(phase.byPage[p])}`).join(", ")}`,
      ]);
      rows.push([`${label}: CPU (cores busy)`, phase.cpu.reduce((s, c) => s + c.cores, 0).toFixed(2), phase.cpu.map((c) => `${c.name} ${c.cores.toFixed(2)}`).join(", ")]);
    }
    rows.push([
      "throughput ratio two / one instance",
      ratio.toFixed(2),
      `target ≥ 1.5: ${ratio >= 1.5 ? "met" : "MISSED"} (${os.cpus().length} cores on this machine; see the CPU rows for where they went)`,
    ]);
    return rows;
  } finally {
    await stack.stop();
  }
}
