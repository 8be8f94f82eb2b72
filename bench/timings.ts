// Timings that tests used to assert (and so failed on a busy machine): measured here and reported
// against the targets the tests had, never asserted. The tests keep the behaviour (the same work
// done, the same rows written, the same answers).
import { CreateWorkspacesCommand, DescribeWorkspacesCommand, TerminateWorkspacesCommand } from "@aws-sdk/client-workspaces";
import { spendPasswordCheckTime, verifyPassword, hashPassword } from "@/lib/auth/password";
import { createProvisioningJob } from "@/lib/bulk/mutations";
import type { CheckedRow } from "@/lib/bulk/provisioning-check";
import { createTestDb } from "@/test-support/test-db";
import { BUNDLE_ID, DIRECTORY_ID, seedPortal } from "@/test-support/worker-harness";
import { DIRECTORY_ID as EMULATOR_DIRECTORY_ID, removeTempDirs, request, startTestEmulator } from "@/test-support/emulator-fixture";
import { percentile, type Row } from "./support";

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
}

const ms = (value: number) => `${Math.round(value)} ms`;

/** Sign-in: an unknown account costs about as much as a wrong password (no account enumeration by time). */
async function passwordRows(): Promise<Row[]> {
  const hash = await hashPassword("bench-secret");
  const real: number[] = [];
  const dummy: number[] = [];
  for (let i = 0; i < 5; i++) {
    real.push((await timed(() => verifyPassword("wrong", hash)))[1]);
    dummy.push((await timed(() => spendPasswordCheckTime("wrong")))[1]);
  }
  const [r, d] = [real, dummy].map((xs) => percentile([...xs].sort((a, b) => a - b), 50));
  return [
    ["password check, wrong password (median of 5)", ms(r), ""],
    ["password check, unknown account (median of 5)", ms(d), ""],
    ["unknown / real", `${(d / r).toFixed(2)}x`, "between 0.33x and 3x"],
  ];
}

/** Bulk provisioning: confirming a 2,000-row CSV writes ~14,000 rows in one transaction. */
async function bulkRows(rows = 2_000): Promise<Row[]> {
  const t = await createTestDb();
  try {
    const people = await seedPortal(t.db);
    const checked: CheckedRow[] = Array.from({ length: rows }, (_, i) => {
      const userName = `bulk${String(i).padStart(5, "0")}`;
      return {
        line: i + 2,
        userName,
        directoryId: DIRECTORY_ID,
        bundleId: BUNDLE_ID,
        runningMode: "AUTO_STOP",
        autoStopTimeoutMinutes: 120,
        tags: { CostCenter: "42" },
        raw: { user_name: userName, directory_id: DIRECTORY_ID, bundle_id: BUNDLE_ID, running_mode: "AUTO_STOP", autostop_timeout_hours: "2", tags: "CostCenter=42" },
        problems: [],
        requester: null,
        directoryName: "corp.example.com",
        bundleName: "Value with Windows",
      };
    });
    const actor = { id: people.approverId, email: "admin@corp.example.com" };
    const [, took] = await timed(() =>
      t.db.$transaction((tx) => createProvisioningJob(tx, actor, { fileName: "bench.csv", rows: checked }, { region: "us-east-1" }), {
        timeout: 60_000,
        maxWait: 30_000,
      }),
    );
    return [[`bulk job of ${rows.toLocaleString("en")} rows written (${t.kind})`, ms(took), "under 4,000 ms"]];
  } finally {
    await t.close();
  }
}

/** The emulator at the default quota of 10,000 desktops, with persistence on. */
async function emulatorRows(count = 10_000): Promise<Row[]> {
  let t = await startTestEmulator({ persistent: true });
  try {
    const names = Array.from({ length: count }, (_, i) => `bulk${String(i).padStart(5, "0")}`);
    await t.control("POST", `/emulator/directories/${EMULATOR_DIRECTORY_ID}/users`, { Users: names.map((UserName) => ({ UserName })) });
    const ids: string[] = [];
    const [, createMs] = await timed(async () => {
      for (let i = 0; i < count; i += 25) {
        const out = await t.ws.send(new CreateWorkspacesCommand({ Workspaces: names.slice(i, i + 25).map((u) => request(u)) }));
        ids.push(...out.PendingRequests!.map((w) => w.WorkspaceId!));
      }
    });
    t.emulator.advanceClock(3);
    const [, idsMs] = await timed(() => t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids.slice(count - 1000, count - 975) })));
    const pageTimes: number[] = [];
    let token: string | undefined;
    for (let page = 0; page < 40; page++) {
      const [out, took] = await timed(() => t.ws.send(new DescribeWorkspacesCommand({ Limit: 25, NextToken: token })));
      pageTimes.push(took);
      token = out.NextToken;
    }
    await t.ws.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: ids.slice(0, 25).map((WorkspaceId) => ({ WorkspaceId })) }));
    t.emulator.advanceClock(0.6);
    const [, quotaMs] = await timed(() => t.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("alice"), request("bob")] })));
    const dataDir = t.dataDir!;
    await t.close();
    const [restarted, loadMs] = await timed(() => startTestEmulator({ dataDir }));
    t = restarted;
    return [
      [`emulator: ${count.toLocaleString("en")} desktops created in ${count / 25} calls`, `${(createMs / 1000).toFixed(1)} s`, "under 40 s"],
      ["emulator: DescribeWorkspaces of 25 ids", ms(idsMs), "under 200 ms"],
      ["emulator: DescribeWorkspaces page of 25 (median of 40)", ms(percentile(pageTimes.sort((a, b) => a - b), 50)), "under 50 ms"],
      ["emulator: CreateWorkspaces at the quota", ms(quotaMs), "under 200 ms"],
      ["emulator: restart loading every desktop", ms(loadMs), "under 10,000 ms"],
    ];
  } finally {
    await t.close();
    removeTempDirs();
  }
}

export async function timingsBenchmark(): Promise<Row[]> {
  return [...(await passwordRows()), ...(await bulkRows()), ...(await emulatorRows())];
}
