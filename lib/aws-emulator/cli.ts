/**
 * `npm run emulator -- --port 4599 --data .data/aws-emulator --speed demo --seed`
 * Starts the emulator in the foreground; prints "AWS emulator listening on <url>" once ready.
 */
import { parseArgs } from "node:util";
import { parseRateLimit, type RateLimit } from "./emulator-config";
import { DEFAULT_PORT, startEmulator } from "./server";

const HELP = `Amazon WorkSpaces + AWS Directory Service emulator (AWS JSON 1.1 on 127.0.0.1)

Options:
  --port <n>                 port (default ${DEFAULT_PORT}; 0 = any free port)
  --host <addr>              listen address (default 127.0.0.1)
  --data <dir>               keep state in this directory (default: memory only)
  --speed <s>                test | demo | realistic | <factor>   (default demo)
  --ldap-port <n>            LDAPS for the directories' users (0 = any free port; default: none);
                             its CA is <data>/ldap/ca.pem
  --seed                     create the demo VPC, directory corp.example.com and users
  --no-sessions              no simulated users connecting and disconnecting
  --session-seed <text>      seed of the simulated users' schedules
  --workspace-limit <n>      per-account WorkSpaces quota (default 10000)
  --pending-error-rate <p>   share of new desktops that end in ERROR (0..1)
  --image-error-rate <p>     share of new images and image copies that end in ERROR (0..1)
  --describe-lag <s>         seconds before a new desktop shows in DescribeWorkspaces
  --no-cooldowns             do not enforce the 6 h / 30 day modify windows
  --error-rate <p>           share of calls failing with HTTP 500/503 (0..1)
  --latency <ms>             added latency per call
  --lost-answer-rate <p>     share of calls whose effect happens but whose answer is lost
  --lost-answer-mode <m>     destroy (reset the connection, default) | 500
  --fault-seed <n>           seed of the fault dice
  --throttle <rate:burst>    token bucket for every operation, e.g. 5:10
  --throttle-op <Op=r:b>     token bucket for one operation (repeatable)
  --help
`;

function share(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(n >= 0 && n <= 1)) throw new RangeError(`--${name} must be between 0 and 1`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      data: { type: "string" },
      speed: { type: "string" },
      seed: { type: "boolean" },
      "ldap-port": { type: "string" },
      "no-sessions": { type: "boolean" },
      "session-seed": { type: "string" },
      "workspace-limit": { type: "string" },
      "pending-error-rate": { type: "string" },
      "image-error-rate": { type: "string" },
      "describe-lag": { type: "string" },
      "no-cooldowns": { type: "boolean" },
      "error-rate": { type: "string" },
      latency: { type: "string" },
      "lost-answer-rate": { type: "string" },
      "lost-answer-mode": { type: "string" },
      "fault-seed": { type: "string" },
      throttle: { type: "string" },
      "throttle-op": { type: "string", multiple: true },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const operations: Record<string, RateLimit> = {};
  for (const entry of values["throttle-op"] ?? []) {
    const [op, limit] = entry.split("=");
    if (!op || !limit) throw new RangeError(`--throttle-op expects Operation=rate:burst, got "${entry}"`);
    operations[op] = parseRateLimit(limit);
  }
  const lostMode = values["lost-answer-mode"];
  if (lostMode !== undefined && lostMode !== "destroy" && lostMode !== "500") throw new RangeError("--lost-answer-mode must be destroy or 500");

  const port = values.port !== undefined ? Number(values.port) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`--port must be 0..65535, got "${values.port}"`);

  const ldapPort = values["ldap-port"] !== undefined ? Number(values["ldap-port"]) : undefined;
  if (ldapPort !== undefined && (!Number.isInteger(ldapPort) || ldapPort < 0 || ldapPort > 65535)) {
    throw new RangeError(`--ldap-port must be 0..65535, got "${values["ldap-port"]}"`);
  }
  const emulator = await startEmulator({
    port,
    ldapPort,
    host: values.host,
    dataDir: values.data,
    timeScale: values.speed ?? "demo",
    seed: values.seed === true,
    sessions: values["no-sessions"] ? false : undefined,
    sessionSeed: values["session-seed"],
    workspaceLimit: values["workspace-limit"] !== undefined ? Number(values["workspace-limit"]) : undefined,
    pendingErrorRate: share("pending-error-rate", values["pending-error-rate"]),
    imageErrorRate: share("image-error-rate", values["image-error-rate"]),
    describeLagSeconds: values["describe-lag"] !== undefined ? Number(values["describe-lag"]) : undefined,
    modifyCooldowns: values["no-cooldowns"] ? false : undefined,
    faults: {
      errorRate: share("error-rate", values["error-rate"]),
      latencyMs: values.latency !== undefined ? Number(values.latency) : undefined,
      lostAnswerRate: share("lost-answer-rate", values["lost-answer-rate"]),
      lostAnswerMode: lostMode as "destroy" | "500" | undefined,
      seed: values["fault-seed"] !== undefined ? Number(values["fault-seed"]) : undefined,
    },
    throttle: {
      ...(values.throttle ? { default: parseRateLimit(values.throttle) } : {}),
      ...(Object.keys(operations).length > 0 ? { operations } : {}),
    },
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(
    `AWS emulator listening on ${emulator.url} (data: ${values.data ?? "memory only"}, speed: ${values.speed ?? "demo"}${values.seed ? ", seeded" : ""})\n` +
      (emulator.ldap ? `LDAPS for the directories on ${emulator.ldap.url} (CA: ${emulator.ldap.caFile ?? "in memory"})\n` : ""),
  );
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`aws-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
