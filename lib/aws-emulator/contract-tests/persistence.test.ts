/**
 * State survives restarts: a clean close and restart on the same data directory, a journal that is
 * compacted into snapshots, a torn journal tail, and a child-process emulator killed with SIGKILL
 * right after answering.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { DescribeDirectoriesCommand } from "@aws-sdk/client-directory-service";
import {
  CreateTagsCommand,
  CreateWorkspacesCommand,
  DescribeTagsCommand,
  DescribeWorkspacesCommand,
  StopWorkspacesCommand,
  TerminateWorkspacesCommand,
  WorkSpacesClient,
} from "@aws-sdk/client-workspaces";
import { DIRECTORY_ID, clientConfig, createDesktops, removeTempDirs, request, startTestEmulator, tempDir, users, type TestEmulator } from "@/test-support/emulator-fixture";

const running: TestEmulator[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.close();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});
afterAll(removeTempDirs);

async function start(options: Parameters<typeof startTestEmulator>[0]) {
  const t = await startTestEmulator(options);
  running.push(t);
  return t;
}
async function stop(t: TestEmulator) {
  running.splice(running.indexOf(t), 1);
  await t.close();
}

describe("restart on the same data directory", () => {
  it("keeps desktops, their states, tags, users and the emulated clock", async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir });
    const ids = await createDesktops(first.ws, users(1, 3).map((u) => request(u, { WorkspaceProperties: { RunningMode: "AUTO_STOP" } })));
    await first.ws.send(new CreateTagsCommand({ ResourceId: ids[0], Tags: [{ Key: "portal-request", Value: "r-1" }] }));
    first.emulator.advanceClock(3);
    await first.ws.send(new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: ids[1] }] }));
    await first.ws.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: ids[2] }] }));
    await first.control("POST", `/emulator/directories/${DIRECTORY_ID}/users`, { UserName: "zoe" });
    const clockBefore = (await first.control("GET", "/emulator/clock")).body.offsetSeconds as number;
    await stop(first);

    const second = await start({ dataDir });
    const clockAfter = (await second.control("GET", "/emulator/clock")).body.offsetSeconds as number;
    expect(clockAfter).toBe(clockBefore);
    const out = await second.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids }));
    const byId = Object.fromEntries(out.Workspaces!.map((w) => [w.WorkspaceId, w.State]));
    expect(byId[ids[0]]).toBe("AVAILABLE");
    expect(["STOPPING", "STOPPED"]).toContain(byId[ids[1]]);
    expect(["TERMINATING", "TERMINATED"]).toContain(byId[ids[2]]);
    expect((await second.ws.send(new DescribeTagsCommand({ ResourceId: ids[0] }))).TagList).toEqual([{ Key: "portal-request", Value: "r-1" }]);
    expect((await second.control("GET", `/emulator/directories/${DIRECTORY_ID}/users/zoe`)).status).toBe(200);
    // The seed is idempotent: restarting with seed: true did not add a second directory.
    expect((await second.ds.send(new DescribeDirectoriesCommand({}))).DirectoryDescriptions).toHaveLength(1);
    // A user keeps their one desktop.
    const dup = await second.ws.send(new CreateWorkspacesCommand({ Workspaces: [request(users(1, 1)[0])] }));
    expect(dup.FailedRequests![0].ErrorCode).toBe("ResourceExists.Workspace");
  });

  it("replays a journal across snapshots and ignores a torn final line", async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir, snapshotEveryEntries: 3 });
    const ids = await createDesktops(first.ws, users(10, 10).map((u) => request(u)));
    for (const id of ids.slice(0, 4)) {
      await first.ws.send(new CreateTagsCommand({ ResourceId: id, Tags: [{ Key: "n", Value: id }] }));
    }
    // Simulate a crash: no clean close (no final snapshot), and a half-written journal line.
    await new Promise<void>((resolve) => setTimeout(resolve, 10));
    const journal = path.join(dataDir, "journal.ndjson");
    expect(fs.existsSync(path.join(dataDir, "snapshot.json"))).toBe(true);
    fs.appendFileSync(journal, '{"s":99999,"c":[["workspaces","ws-torn0000',);
    const copy = tempDir();
    for (const f of fs.readdirSync(dataDir)) fs.copyFileSync(path.join(dataDir, f), path.join(copy, f));

    const second = await start({ dataDir: copy, seed: false });
    const out = await second.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids }));
    expect(out.Workspaces).toHaveLength(10);
    for (const id of ids.slice(0, 4)) {
      expect((await second.ws.send(new DescribeTagsCommand({ ResourceId: id }))).TagList).toEqual([{ Key: "n", Value: id }]);
    }
    // The torn tail was cut, so new appends are readable after another restart.
    await createDesktops(second.ws, [request("alice")]);
    await stop(second);
    const third = await start({ dataDir: copy, seed: false });
    expect((await third.ws.send(new DescribeWorkspacesCommand({ DirectoryId: DIRECTORY_ID, UserName: "alice" }))).Workspaces).toHaveLength(1);
  });

  it("refuses a data directory another emulator is using", async () => {
    const dataDir = tempDir();
    await start({ dataDir });
    await expect(startTestEmulator({ dataDir })).rejects.toThrow(/already used by an emulator/);
    const foreign = tempDir();
    fs.writeFileSync(path.join(foreign, "emulator.lock"), `${process.ppid}\n`);
    await expect(startTestEmulator({ dataDir: foreign })).rejects.toThrow(/in use by another emulator/);
  });

  it("keeps nothing without a data directory", async () => {
    const first = await start({});
    await createDesktops(first.ws, [request("alice")]);
    await stop(first);
    const second = await start({});
    expect((await second.ws.send(new DescribeWorkspacesCommand({}))).Workspaces).toEqual([]);
  });
});

const CLI = path.resolve(import.meta.dirname, "..", "cli.ts");

async function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, "--port", "0", "--data", dataDir, "--speed", "test", "--seed", "--no-sessions"], {
    cwd: path.resolve(import.meta.dirname, "..", "..", ".."),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${out} ${err}`)), 20_000);
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}: ${err}`)));
  });
  return { child, url };
}

describe("SIGKILL between two calls", () => {
  it("loses nothing that was answered", async () => {
    const dataDir = tempDir();
    const { child, url } = await startChild(dataDir);
    const client = new WorkSpacesClient(clientConfig(url));
    const created = await client.send(new CreateWorkspacesCommand({ Workspaces: users(1, 20).map((u) => request(u)) }));
    const tagged = created.PendingRequests![0].WorkspaceId!;
    await client.send(new CreateTagsCommand({ ResourceId: tagged, Tags: [{ Key: "portal-request", Value: "kill-test" }] }));
    const second = await client.send(new CreateWorkspacesCommand({ Workspaces: [request("alice")] }));
    // Killed the moment the last answer arrived: no shutdown hook, no final snapshot.
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    client.destroy();

    const restarted = await startChild(dataDir);
    const again = new WorkSpacesClient(clientConfig(restarted.url));
    try {
      const ids = [...created.PendingRequests!.map((w) => w.WorkspaceId!), second.PendingRequests![0].WorkspaceId!];
      const found = await again.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids.slice(0, 21) }));
      expect(found.Workspaces!.map((w) => w.WorkspaceId).sort()).toEqual(ids.sort());
      expect((await again.send(new DescribeTagsCommand({ ResourceId: tagged }))).TagList).toEqual([{ Key: "portal-request", Value: "kill-test" }]);
    } finally {
      again.destroy();
    }
  }, 60_000);
});
