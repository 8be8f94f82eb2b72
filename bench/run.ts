// `npm run bench`: the fleet-scale benchmarks, each printing a table. Everything runs on loopback
// (in-process emulators, a temporary test database, the portal on free ports) and stops by itself:
// a hard deadline ends the run whatever happens.
//
//   npm run bench                        all of them
//   npm run bench -- provision reconcile only some (provision, reconcile, fleet: the fleet page and watching it, timings,
//                                        proxy: the busiest pages through nginx with one and two instances)
//   BENCH_DESKTOPS=2000 BENCH_NAIVE_SAMPLE=60 BENCH_FLEET=10000 BENCH_WINDOW_S=60 BENCH_WATCH_S=60 npm run bench
//
// With TEST_DATABASE_URL set, benchmarks 1 and 2 use a database on that PostgreSQL server, and the
// fleet page (3, 4) runs twice: on the portal's embedded default (PGlite in PORTAL_DATA_DIR), then
// on fresh PostgreSQL databases, where the fleet also changes while admins watch it.
import { createTestDb } from "@/test-support/test-db";
import { fleetPageBenchmark } from "./fleet-page";
import { proxyBenchmark } from "./proxy";
import { portsFrom } from "@/scripts/multi-instance";
import { provisionBenchmark } from "./provision";
import { reconcileBenchmark } from "./reconcile";
import { timingsBenchmark } from "./timings";
import { printTable, type Row } from "./support";

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const DEADLINE_MS = number("BENCH_DEADLINE_S", 1_500) * 1000;
const deadline = setTimeout(() => {
  console.error(`[bench] deadline of ${DEADLINE_MS / 1000} s reached: stopping`);
  process.exit(2);
}, DEADLINE_MS);

const chosen = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const wants = (name: string) => chosen.length === 0 || chosen.includes(name);

async function main() {
  const results: { title: string; rows: Row[] }[] = [];
  let failed = false;
  const run = async (title: string, fn: () => Promise<Row[]>) => {
    try {
      const rows = await fn();
      results.push({ title, rows });
      printTable(title, rows);
    } catch (error) {
      failed = true;
      console.error(`[bench] ${title} failed:`, error instanceof Error ? error.message : error);
    }
  };

  if (wants("provision")) {
    const desktops = number("BENCH_DESKTOPS", 2_000);
    await run(`(1) Provisioning ${desktops} desktops, CreateWorkspaces throttled at 2 calls/s`, () =>
      provisionBenchmark({ desktops, naiveSample: number("BENCH_NAIVE_SAMPLE", 60) }),
    );
  }
  if (wants("reconcile")) {
    const fleet = number("BENCH_FLEET", 10_000);
    await run(`(2) Reconciliation, ${fleet} desktops, 1 % changing`, () =>
      reconcileBenchmark({ fleet, changingShare: 0.01, windowMs: number("BENCH_WINDOW_S", 60) * 1000, pollMs: 5_000, sweepMinutes: 15 }),
    );
  }
  if (wants("fleet")) {
    const desktops = number("BENCH_FLEET", 10_000);
    const perClient = number("BENCH_REQUESTS_PER_CLIENT", 10);
    const watch = { windowMs: number("BENCH_WATCH_S", 60) * 1000, watchers: 20, changesPerMinute: Math.round(desktops * 0.01) };
    const fleet = async (label: string, title: string, database?: () => Promise<{ url: string; close: () => Promise<void> }>) => {
      let watched: Row[] | undefined;
      await run(`(3${label}) Admin fleet page${title}, 100 and ${desktops} desktops, 20 concurrent clients`, async () => {
        const result = await fleetPageBenchmark({ desktops, clients: 20, perClient, startTimeoutMs: 300_000, database, watch });
        watched = result.watch;
        return result.page;
      });
      if (watched) {
        const rows = watched;
        await run(`(4${label}) Watching the fleet page${title}: one tab, then ${watch.watchers} admins, ${desktops} desktops`, async () => rows);
      }
    };
    await fleet("", "");
    if (process.env.TEST_DATABASE_URL) {
      // The same on PostgreSQL: the database work leaves the web server's thread, and the fleet
      // can change while admins watch. One fresh database per portal.
      await fleet("b", " on PostgreSQL", async () => {
        const t = await createTestDb();
        const name = (await t.db.$queryRaw<{ d: string }[]>`select current_database() as d`)[0].d;
        const url = new URL(process.env.TEST_DATABASE_URL!);
        url.pathname = `/${name}`;
        return { url: url.toString(), close: t.close };
      });
    }
  }

  if (wants("timings")) {
    await run("(5) Timings the tests no longer assert: sign-in, bulk job, emulator at 10,000 desktops", () => timingsBenchmark());
  }

  if (wants("proxy")) {
    // Its own PostgreSQL server and ports (BENCH_PROXY_PORTS, BENCH_PROXY_PG_PORT); needs nginx.
    const fleet = number("BENCH_PROXY_FLEET", 10_000);
    const clients = number("BENCH_PROXY_CLIENTS", 20);
    const seconds = number("BENCH_PROXY_S", 30);
    await run(`(6) The busiest pages through nginx (TLS), one and two web instances, ${fleet} desktops, ${clients} clients`, () =>
      proxyBenchmark({
        fleet,
        clients,
        seconds,
        ports: portsFrom(process.env.BENCH_PROXY_PORTS, "3402-3420"),
        pgPort: number("BENCH_PROXY_PG_PORT", 54349),
      }),
    );
  }

  console.log("\n== Summary ==");
  for (const r of results) printTable(r.title, r.rows);
  clearTimeout(deadline);
  process.exit(failed ? 1 : 0);
}

void main();
