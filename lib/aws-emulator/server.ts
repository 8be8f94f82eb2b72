/**
 * The emulator server and its programmatic start: `startEmulator({ port: 0, dataDir, timeScale: "test" })` resolves once the
 * server listens on 127.0.0.1 and returns its URL and a `close()`. Used by the portal's start script,
 * by tests (in-process) and by cli.ts.
 */
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { applyDemoSeed } from "./demo-seed";
import { defaultConfig, mergeConfig, type ConfigPatch, type EmulatorConfig, type FaultConfig, type ThrottleConfig } from "./emulator-config";
import { EmulatorRuntime } from "./emulator-runtime";
import { answerClientError, createRequestListener } from "./http-server";
import { loadOrCreateCertificates } from "./ldap/ldap-certificates";
import { startLdapServer, type RunningLdapServer } from "./ldap/ldap-server";
import { FilePersistence, MemoryPersistence } from "./state-persistence";

export const DEFAULT_PORT = 4599;

export interface EmulatorOptions {
  /** 0 picks a free port. Default 4599. */
  port?: number;
  /** Default 127.0.0.1: the emulator accepts any credentials, so it must not listen publicly. */
  host?: string;
  /** Where state is kept across restarts; without it the state lives in memory only. */
  dataDir?: string;
  /** "test", "demo", "realistic" or a factor (default "demo"). */
  timeScale?: number | string;
  sessions?: boolean;
  sessionSeed?: string;
  workspaceLimit?: number;
  pendingErrorRate?: number;
  imageErrorRate?: number;
  describeLagSeconds?: number;
  modifyCooldowns?: boolean;
  faults?: FaultConfig;
  throttle?: ThrottleConfig;
  /** Base clock (default Date.now); the control endpoint adds an offset to it. */
  now?: () => number;
  /** Apply the demo seed (idempotent) after loading the state. */
  seed?: boolean;
  /**
   * LDAPS port for the directories' users (0 picks a free port; unset: no LDAP listener). Its CA
   * is kept in dataDir/ldap, so clients keep trusting it across restarts.
   */
  ldapPort?: number;
  /** Journal entries between snapshots (default 5000). */
  snapshotEveryEntries?: number;
  log?: (line: string) => void;
}

export interface RunningEmulator {
  url: string;
  port: number;
  runtime: EmulatorRuntime;
  /** The LDAPS listener (with ldapPort): its ldaps:// URL and the CA that signed its certificate. */
  ldap?: { url: string; port: number; caPem: string; caFile?: string };
  /** Jump the emulated clock forward. */
  advanceClock(seconds: number): number;
  updateConfig(patch: ConfigPatch): EmulatorConfig;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const log = options.log ?? (() => {});
  const config = mergeConfig(defaultConfig(), {
    ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
    ...(options.sessions !== undefined ? { sessions: options.sessions } : {}),
    ...(options.sessionSeed !== undefined ? { sessionSeed: options.sessionSeed } : {}),
    ...(options.workspaceLimit !== undefined ? { workspaceLimit: options.workspaceLimit } : {}),
    ...(options.pendingErrorRate !== undefined ? { pendingErrorRate: options.pendingErrorRate } : {}),
    ...(options.imageErrorRate !== undefined ? { imageErrorRate: options.imageErrorRate } : {}),
    ...(options.describeLagSeconds !== undefined ? { describeLagSeconds: options.describeLagSeconds } : {}),
    ...(options.modifyCooldowns !== undefined ? { modifyCooldowns: options.modifyCooldowns } : {}),
    ...(options.faults !== undefined ? { faults: options.faults } : {}),
    ...(options.throttle !== undefined ? { throttle: options.throttle } : {}),
  });
  const persistence = options.dataDir
    ? new FilePersistence(options.dataDir, { snapshotEveryEntries: options.snapshotEveryEntries })
    : new MemoryPersistence();
  const runtime = new EmulatorRuntime(config, persistence, options.now, log);
  if (options.seed) {
    applyDemoSeed(runtime.ctx);
    runtime.commit();
  }

  const server = http.createServer(createRequestListener(runtime, log));
  server.on("clientError", answerClientError);
  server.keepAliveTimeout = 5000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let ldap: RunningLdapServer | undefined;
  if (options.ldapPort !== undefined) {
    const certificates = loadOrCreateCertificates(options.dataDir ? path.join(options.dataDir, "ldap") : undefined);
    try {
      ldap = await startLdapServer({ runtime, certificates, port: options.ldapPort, host, log });
    } catch (error) {
      server.close();
      server.closeAllConnections();
      persistence.close();
      throw error;
    }
  }
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    runtime,
    ...(ldap ? { ldap: { url: ldap.url, port: ldap.port, caPem: ldap.caPem, caFile: ldap.caFile } } : {}),
    advanceClock: (seconds) => runtime.advanceClock(seconds),
    updateConfig: (patch) => runtime.updateConfig(patch),
    close: () => {
      closed ??= Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
        ldap?.close(),
      ]).then(() => {
        persistence.snapshot(runtime.ctx.store);
        persistence.close();
      });
      return closed;
    },
  };
}
