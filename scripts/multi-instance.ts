// The portal as it is deployed: one PostgreSQL, the database migrated and seeded once, the AWS
// emulator, N web instances (the production build through scripts/start.ts, web only) and M workers
// (lib/jobs/cli.ts), behind Debian's nginx as TLS-terminating reverse proxy and round-robin load
// balancer, with a certificate generated at start. Used by the multi-instance browser test
// (e2e-deploy/) and the proxy benchmark (bench/proxy.ts); run by hand it stays up until Ctrl-C:
//
//   MULTI_PORTS=4181-4199 MULTI_PG_PORT=5581 npx tsx scripts/multi-instance.ts
//
// Everything it starts is stopped on exit; its files live in one temporary folder.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

export interface MultiInstanceOptions {
  /** Ports to use: the proxy takes the first, the emulator the second, then web instances. */
  ports: number[];
  /** Port of the PostgreSQL server (scripts/pg-test-server.sh). */
  pgPort: number;
  webInstances?: number;
  workers?: number;
  /** PORTAL_TRUSTED_PROXY_HOPS of the web instances (nginx is one hop). */
  trustedProxyHops?: number;
  /** Extra environment of the workers (WORKER_LEASE_MS for a quick takeover in tests). */
  workerEnv?: Record<string, string>;
  /** Extra environment of the web instances. */
  webEnv?: Record<string, string>;
  /** Seeds the migrated database instead of the demo seed (the benchmark's fleet). */
  seed?: (databaseUrl: string) => Promise<void>;
  emulatorSpeed?: string;
  /** Echo the processes' output. */
  verbose?: boolean;
}

export interface PortalProcess {
  name: string;
  port?: number;
  pid: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

export interface MultiInstance {
  /** https://localhost:<proxy port>: the address people use. */
  url: string;
  databaseUrl: string;
  emulatorUrl: string;
  web: PortalProcess[];
  workers: PortalProcess[];
  nginx: PortalProcess;
  emulator: PortalProcess;
  /** The PostgreSQL server's postmaster (its backends are its children). */
  postgresPid: number;
  /** The address nginx connects to the instances from (proxy_bind): not the client's. */
  proxyAddress: string;
  /** Sends the proxy's traffic to these web instances only (nginx reload). */
  useInstances(names: string[]): Promise<void>;
  stop(): Promise<void>;
}

// nginx connects to the instances from this loopback address, so that the portal can tell the
// proxy's address (the socket's peer) from the client's (X-Forwarded-For) in tests.
const PROXY_BIND = "127.0.0.3";
const AUTH_SECRET = "multi-instance-test-secret-0123456789abcdef";

function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, verbose: boolean, extra: { uid?: number; gid?: number } = {}): PortalProcess {
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], ...extra });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
    if (verbose) process.stdout.write(`[${name}] ${chunk}`);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { name, pid: child.pid!, child, exited, output: () => output };
}

async function waitFor(proc: PortalProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  while (!pattern.test(proc.output())) {
    if (exited) throw new Error(`${proc.name} exited before it was ready:\n${proc.output().slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`${proc.name} was not ready within ${timeoutMs / 1000} s:\n${proc.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, { cwd: root, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The environment every portal process shares: PostgreSQL, the emulator, no embedded anything. */
function portalEnv(databaseUrl: string, emulatorUrl: string, publicUrl: string, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    AWS_ENDPOINT_URL: emulatorUrl,
    AWS_REGION: "us-east-1",
    PORTAL_EMULATOR: "off",
    PORTAL_DATA_DIR: dataDir,
    PORTAL_URL: publicUrl,
    AUTH_URL: publicUrl,
    AUTH_SECRET,
  };
  for (const name of ["TEST_DATABASE_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "PORT", "PORTAL_INSTANCE_NAME", "WORKER_ID"]) delete env[name];
  return env;
}

function nginxConfig(dir: string, listenPort: number, upstreamPorts: number[]): string {
  return `# Written by scripts/multi-instance.ts; everything nginx writes stays in ${dir}.
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log notice;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream portal {
    # Round robin; an instance that refuses connections is skipped for 5 s.
${upstreamPorts.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`).join("\n")}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${listenPort} ssl;
    server_name localhost;
    ssl_certificate ${dir}/tls.crt;
    ssl_certificate_key ${dir}/tls.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    client_max_body_size 10m;
    location / {
      proxy_pass http://portal;
      proxy_bind ${PROXY_BIND};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # The Host the browser used (with its port): Next's server-action origin check compares it
      # with Origin. Set here, so a client's own X-Forwarded-Host never reaches the portal.
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Host $http_host;
      # One hop: nginx appends the address it saw (PORTAL_TRUSTED_PROXY_HOPS=1 takes that entry).
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Real-IP "";
      # A request the instance never received (it refused the connection) goes to the next one.
      proxy_next_upstream error timeout;
      proxy_read_timeout 120s;
    }
  }
}
`;
}

export async function startMultiInstance(options: MultiInstanceOptions): Promise<MultiInstance> {
  const webCount = options.webInstances ?? 2;
  const workerCount = options.workers ?? 2;
  const [proxyPort, emulatorPort, ...webPorts] = options.ports;
  if (webPorts.length < webCount) throw new Error(`${webCount} web instances need ${webCount + 2} ports, got ${options.ports.length}`);
  const verbose = options.verbose ?? false;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-multi-"));
  const started: PortalProcess[] = [];
  let pgStarted = false;

  const stop = async () => {
    // Web and workers first (SIGTERM: they drain), then the proxy, the emulator, the database.
    for (const group of [started.filter((p) => p.name.startsWith("web") || p.name.startsWith("worker")), started.filter((p) => p.name === "nginx" || p.name === "emulator")]) {
      await Promise.all(
        group.map(async (p) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return;
          p.child.kill(p.name === "nginx" ? "SIGQUIT" : "SIGTERM");
          const timer = setTimeout(() => p.child.kill("SIGKILL"), 25_000);
          await p.exited;
          clearTimeout(timer);
        }),
      );
    }
    if (pgStarted) spawnSync("bash", ["scripts/pg-test-server.sh", "stop", String(options.pgPort)], { cwd: root, stdio: "ignore" });
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    // 1. PostgreSQL, a fresh database.
    spawnSync("bash", ["scripts/pg-test-server.sh", "stop", String(options.pgPort)], { cwd: root, stdio: "ignore" });
    const databaseUrl = run("bash", ["scripts/pg-test-server.sh", "start", String(options.pgPort)]).trim().split("\n").pop()!;
    pgStarted = true;
    const pgRoot = process.env.PG_TEST_ROOT ?? `/tmp/portal-pg-test-${options.pgPort}`;
    const postgresPid = Number(fs.readFileSync(path.join(pgRoot, "data", "postmaster.pid"), "utf8").split("\n")[0]);

    // 2. The AWS emulator with the demo directory.
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    const emulator = startProcess(
      "emulator",
      process.execPath,
      ["--import", "tsx", "lib/aws-emulator/cli.ts", "--port", String(emulatorPort), "--data", path.join(dir, "emulator"), "--speed", options.emulatorSpeed ?? "0.03", "--seed", "--no-sessions"],
      { ...process.env },
      verbose,
    );
    started.push(emulator);
    await waitFor(emulator, /listening on/, 60_000);

    const publicUrl = `https://localhost:${proxyPort}`;
    // 3. Migrate and seed once (the demo accounts and desktops, against the emulator).
    const prepareEnv = {
      ...portalEnv(databaseUrl, emulatorUrl, publicUrl, path.join(dir, "prepare")),
      PORTAL_SEED_DEMO: options.seed ? "off" : "billable",
      PORTAL_WORKER: "off",
    };
    run(process.execPath, ["--import", "tsx", "scripts/prepare-database.ts"], prepareEnv);
    await options.seed?.(databaseUrl);

    // 4. Web instances, one after the other (the first builds the app if the sources changed).
    const web: PortalProcess[] = [];
    for (let i = 0; i < webCount; i++) {
      const name = `web-${i + 1}`;
      const env = {
        ...portalEnv(databaseUrl, emulatorUrl, publicUrl, path.join(dir, name)),
        PORT: String(webPorts[i]),
        PORTAL_WORKER: "off",
        PORTAL_SEED_DEMO: "off",
        PORTAL_INSTANCE_NAME: name,
        PORTAL_TRUSTED_PROXY_HOPS: String(options.trustedProxyHops ?? 1),
        ...options.webEnv,
      };
      const proc = { ...startProcess(name, process.execPath, ["--import", "tsx", "scripts/start.ts"], env, verbose), port: webPorts[i] };
      started.push(proc);
      await waitFor(proc, /is ready/, 600_000);
      web.push(proc);
    }

    // 5. Workers; one runs the periodic jobs.
    const workers: PortalProcess[] = [];
    for (let i = 0; i < workerCount; i++) {
      const name = `worker-${i + 1}`;
      const env = {
        ...portalEnv(databaseUrl, emulatorUrl, publicUrl, path.join(dir, name)),
        WORKER_ID: name,
        WORKER_SCHEDULER: i === 0 ? "on" : "off",
        WORKER_POLL_MS: "250",
        WORKER_RECONCILE_MS: "500",
        ...options.workerEnv,
      };
      const proc = startProcess(name, process.execPath, ["--import", "tsx", "lib/jobs/cli.ts"], env, verbose);
      started.push(proc);
      await waitFor(proc, /started/, 120_000);
      workers.push(proc);
    }

    // 6. nginx with a certificate made now, as an unprivileged user when started as root.
    run("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
      "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout", path.join(dir, "tls.key"), "-out", path.join(dir, "tls.crt"),
    ]);
    const nginxDir = path.join(dir, "nginx");
    fs.mkdirSync(nginxDir);
    fs.renameSync(path.join(dir, "tls.key"), path.join(nginxDir, "tls.key"));
    fs.renameSync(path.join(dir, "tls.crt"), path.join(nginxDir, "tls.crt"));
    const confFile = path.join(nginxDir, "nginx.conf");
    const writeConf = (ports: number[]) => fs.writeFileSync(confFile, nginxConfig(nginxDir, proxyPort, ports));
    writeConf(web.map((w) => w.port!));
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (asUser.uid !== undefined) {
      fs.chmodSync(dir, 0o711);
      for (const f of ["", "tls.key", "tls.crt", "nginx.conf"]) fs.chownSync(path.join(nginxDir, f), asUser.uid, asUser.gid!);
    }
    const nginxBin = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => fs.existsSync(p)) ?? "nginx";
    const nginx = startProcess("nginx", nginxBin, ["-p", nginxDir, "-c", confFile, "-e", path.join(nginxDir, "error.log")], { ...process.env }, verbose, asUser);
    started.push(nginx);
    await waitForHttps(proxyPort, nginx);

    return {
      url: publicUrl,
      databaseUrl,
      emulatorUrl,
      web,
      workers,
      nginx,
      emulator,
      postgresPid,
      proxyAddress: PROXY_BIND,
      async useInstances(names) {
        writeConf(web.filter((w) => names.includes(w.name)).map((w) => w.port!));
        if (asUser.uid !== undefined) fs.chownSync(confFile, asUser.uid, asUser.gid!);
        const before = fs.existsSync(path.join(nginxDir, "error.log")) ? fs.statSync(path.join(nginxDir, "error.log")).size : 0;
        nginx.child.kill("SIGHUP");
        // The new workers take over once the reload is logged; give the old ones a moment to finish.
        const deadline = Date.now() + 10_000;
        while (Date.now() < deadline && !/reconfiguring/.test(fs.readFileSync(path.join(nginxDir, "error.log"), "utf8").slice(before))) {
          await new Promise((r) => setTimeout(r, 100));
        }
        await new Promise((r) => setTimeout(r, 1_000));
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForHttps(port: number, nginx: PortalProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  const status = () =>
    new Promise<number>((resolve) => {
      // The certificate was made a moment ago and is trusted by nobody: not checked here.
      https
        .get({ host: "127.0.0.1", port, path: "/sign-in", servername: "localhost", rejectUnauthorized: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on("error", () => resolve(0));
    });
  while (Date.now() < deadline) {
    if (nginx.child.exitCode !== null) throw new Error(`nginx exited: ${nginx.output()}`);
    if ((await status()) === 200) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`nginx did not answer on ${port}: ${nginx.output()}`);
}

/** MULTI_PORTS=4181-4199: the range a run may use. */
export function portsFrom(range: string | undefined, fallback: string): number[] {
  const [from, to] = (range ?? fallback).split("-").map(Number);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stack = await startMultiInstance({
    ports: portsFrom(process.env.MULTI_PORTS, "4181-4199"),
    pgPort: Number(process.env.MULTI_PG_PORT ?? 54339),
    verbose: process.argv.includes("--verbose"),
  });
  console.log(`The portal runs behind nginx on ${stack.url} (${stack.web.map((w) => `${w.name} :${w.port}`).join(", ")}; ${stack.workers.map((w) => w.name).join(", ")}). Ctrl-C stops everything.`);
  const stopAll = () => void stack.stop().then(() => process.exit(0));
  process.on("SIGINT", stopAll);
  process.on("SIGTERM", stopAll);
}
