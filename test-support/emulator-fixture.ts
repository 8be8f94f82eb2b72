/**
 * Test helper: an in-process emulator on a random port (optionally with a temp data directory)
 * and real SDK clients pointed at it with fake static credentials.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DirectoryServiceClient } from "@aws-sdk/client-directory-service";
import { WorkSpacesClient, CreateWorkspacesCommand, type WorkspaceRequest } from "@aws-sdk/client-workspaces";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "@/lib/aws-emulator/server";
import { requireIntegrationProject } from "./project-guard";

export const DIRECTORY_ID = "d-9067000001";
export const STANDARD_BUNDLE = "wsb-v7ko4r7f1";
export const VALUE_LINUX_BUNDLE = "wsb-a0i7ctwju";

export interface TestEmulator {
  emulator: RunningEmulator;
  ws: WorkSpacesClient;
  ds: DirectoryServiceClient;
  dataDir?: string;
  clients(options?: { maxAttempts?: number }): { ws: WorkSpacesClient; ds: DirectoryServiceClient };
  control(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

const createdDirs: string[] = [];

/** Remove the temporary data directories this test file created (call in afterAll). */
export function removeTempDirs(): void {
  for (const dir of createdDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A fresh temporary data directory; see removeTempDirs. */
export function tempDir(prefix = "aws-emulator-test-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  createdDirs.push(dir);
  return dir;
}

export function clientConfig(url: string, maxAttempts = 1) {
  return {
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIAEMULATORTEST", secretAccessKey: "emulator-secret" },
    maxAttempts,
  };
}

export async function startTestEmulator(options: EmulatorOptions & { persistent?: boolean } = {}): Promise<TestEmulator> {
  requireIntegrationProject("the AWS emulator");
  const dataDir = options.dataDir ?? (options.persistent ? tempDir() : undefined);
  delete options.persistent;
  const emulator = await startEmulator({ port: 0, timeScale: "test", sessions: false, seed: true, ...options, dataDir });
  const clients = ({ maxAttempts = 1 } = {}) => ({
    ws: new WorkSpacesClient(clientConfig(emulator.url, maxAttempts)),
    ds: new DirectoryServiceClient(clientConfig(emulator.url, maxAttempts)),
  });
  const { ws, ds } = clients();
  return {
    emulator,
    ws,
    ds,
    dataDir,
    clients,
    async control(method, urlPath, body) {
      const res = await fetch(`${emulator.url}${urlPath}`, {
        method,
        headers: { "content-type": "application/json" },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: await res.json() };
    },
    async close() {
      ws.destroy();
      ds.destroy();
      await emulator.close();
    },
  };
}

export function request(userName: string, extra: Partial<WorkspaceRequest> = {}): WorkspaceRequest {
  return { DirectoryId: DIRECTORY_ID, UserName: userName, BundleId: STANDARD_BUNDLE, ...extra };
}

/** Creates desktops for the given users and returns their ids (fails the test on any failure). */
export async function createDesktops(client: WorkSpacesClient, requests: WorkspaceRequest[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < requests.length; i += 25) {
    const out = await client.send(new CreateWorkspacesCommand({ Workspaces: requests.slice(i, i + 25) }));
    if (out.FailedRequests?.length) throw new Error(`unexpected failures: ${JSON.stringify(out.FailedRequests)}`);
    ids.push(...out.PendingRequests!.map((w) => w.WorkspaceId!));
  }
  return ids;
}

/** Awaits a rejected SDK call and returns the error, asserting its class. */
export async function rejection<T>(promise: Promise<unknown>, errorClass: abstract new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof errorClass)) {
      throw new Error(`expected ${errorClass.name}, got ${(error as Error)?.name}: ${(error as Error)?.message}`);
    }
    return error;
  }
  throw new Error(`expected ${errorClass.name}, but the call succeeded`);
}

export const users = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `user${String(from + i).padStart(4, "0")}`);
