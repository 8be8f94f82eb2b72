// Background work starts in one place (startBackgroundWork) with the intervals from lib/config,
// whether the portal runs it inside the web process (scripts/start-services.ts) or as `npm run worker`.
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "@/lib/config";

const started = vi.hoisted(() => ({ worker: [] as unknown[], billing: [] as unknown[], housekeeping: [] as unknown[], lifecycle: [] as unknown[] }));
vi.mock("@/lib/lifecycle/scheduler", () => ({
  startLifecycleScheduler: (options: unknown) => {
    started.lifecycle.push(options);
    return { stop: async () => {} };
  },
}));
vi.mock("./worker", () => ({
  startWorker: (options: unknown) => {
    started.worker.push(options);
    return { workerId: "w", stats: {}, stop: async () => {} };
  },
}));
vi.mock("@/lib/billing/scheduler", () => ({
  startBillingScheduler: (options: unknown) => {
    started.billing.push(options);
    return { stop: async () => {} };
  },
}));
vi.mock("./housekeeping", () => ({
  startHousekeeping: (options: unknown) => {
    started.housekeeping.push(options);
    return { stop: async () => {} };
  },
}));

const { startBackgroundWork } = await import("./background");
const db = {} as never;
const aws = {} as never;
const config = (env: Record<string, string> = {}) => parseConfig({ AUTH_SECRET: "x".repeat(40), ...env }, { cwd: "/srv/portal" });

beforeEach(() => {
  started.worker.length = 0;
  started.billing.length = 0;
  started.housekeeping.length = 0;
  started.lifecycle.length = 0;
});

describe("startBackgroundWork", () => {
  it("starts the worker, the billing scheduler and housekeeping with the configured intervals", () => {
    const base = config({ AWS_REGION: "eu-west-1", PORTAL_VOLUME_ENCRYPTION_KEY: "alias/workspaces" });
    const jobs = { ...base.jobs, workerId: "worker-a", pollMs: 100, sweepMs: 0, billingTickMs: 5_000, catalogueRefreshMs: 60_000 };
    const settings = { ...base, jobs };
    const background = startBackgroundWork({ db, aws, config: settings });
    expect(background.scheduled).toBe(true);
    expect(started.worker).toEqual([
      {
        db,
        aws,
        workerId: "worker-a",
        pollMs: 100,
        reconcileMs: jobs.reconcileMs,
        sweepMs: 0,
        leaseMs: jobs.leaseMs,
        claimLimit: jobs.claimLimit,
        unknownOutcomeDelayMs: jobs.unknownOutcomeDelayMs,
        volumeEncryptionKey: "alias/workspaces",
        mail: base.mail,
      },
    ]);
    expect(started.billing).toEqual([{ db, aws, tickMs: 5_000 }]);
    expect(started.housekeeping).toEqual([{ db, aws, region: "eu-west-1", intervalMs: 60_000, now: true }]);
    // The lifecycle (idle desktops, leavers) with the directories' service accounts for the leaver check.
    expect(started.lifecycle).toEqual([{ db, config: settings }]);
  });

  it("leaves the periodic jobs to another process with WORKER_SCHEDULER=off or when told to", () => {
    expect(startBackgroundWork({ db, aws, config: config({ WORKER_SCHEDULER: "off" }) }).scheduled).toBe(false);
    expect(startBackgroundWork({ db, aws, config: config(), scheduler: false }).scheduled).toBe(false);
    expect(started.worker).toHaveLength(2);
    expect(started.billing).toEqual([]);
    expect(started.housekeeping).toEqual([]);
    expect(started.lifecycle).toEqual([]);
  });

  it("can skip the first catalogue refresh (the demo seed has just read the catalogue)", () => {
    startBackgroundWork({ db, aws, config: config(), refreshCatalogueNow: false });
    expect(started.housekeeping).toEqual([expect.objectContaining({ now: false })]);
  });

  it("is the only way the embedded start and npm run worker start background work", () => {
    // scripts/start.ts starts everything but Next.js through scripts/start-services.ts.
    for (const file of ["scripts/start-services.ts", "lib/jobs/cli.ts"]) {
      const source = fs.readFileSync(path.resolve(file), "utf8");
      expect(source, file).toContain("startBackgroundWork(");
      expect(source, file).not.toMatch(/startWorker\(|startBillingScheduler\(|startHousekeeping\(|setInterval\(\s*run/);
    }
  });
});
