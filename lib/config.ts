// The portal's settings, read from the environment once, at start-up.
// With nothing configured the portal runs embedded: PGlite in .data/pglite, the AWS emulator, demo data.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { DEMO_DIRECTORY_ADMIN } from "./aws-emulator/demo-admin";
import type { Role } from "./db/generated/enums";

export type Database =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dir: string };

/** A preset, or the factor applied to AWS-like durations (1 = realistic). */
export type EmulatorSpeed = "test" | "demo" | number;

export interface PortalConfig {
  /** Where the data lives: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
  database: Database;
  /** DATABASE_MIGRATION_URL: the owner role `npm run db:migrate` connects as (README, "Database roles"). */
  databaseMigrationUrl: string | undefined;
  /** True when no DATABASE_URL is set: the zero-set-up local mode. */
  embedded: boolean;
  /** Absolute path of PORTAL_DATA_DIR. */
  dataDir: string;
  awsRegion: string;
  /** AWS_ENDPOINT_URL as given (the SDK reads it itself); set means an emulator or proxy elsewhere. */
  awsEndpointUrl: string | undefined;
  emulator: {
    /** Start the embedded AWS emulator inside this process. */
    enabled: boolean;
    port: number;
    speed: EmulatorSpeed;
    /** `<dataDir>/emulator`. */
    stateDir: string;
    /** PORTAL_EMULATOR_LDAP_PORT (default port + 1): LDAPS for its directories; unset when they answer none. */
    ldapPort: number | undefined;
    /** The endpoint the embedded emulator listens on (http://localhost:<port>). */
    url: string;
  };
  /** The endpoint AWS clients should use, or undefined for real AWS. */
  awsEndpoint: string | undefined;
  /** Read on first use: in embedded mode, from <dataDir>/auth-secret (created when missing). */
  readonly authSecret: string;
  /** Where the secret came from: the environment, or the file generated in embedded mode. */
  authSecretSource: "env" | "file";
  /** The portal's public base URL, without a trailing slash. */
  portalUrl: string;
  port: number;
  /** KMS key ARN or alias: when set, root and user volumes of new desktops are encrypted with it. */
  volumeEncryptionKey: string | undefined;
  /** Run the background work (lib/jobs/background.ts) inside the web process. */
  worker: boolean;
  /** The background work's settings, the same for `npm start` and `npm run worker`. */
  jobs: JobsConfig;
  /** What the environment says about AWS beyond the region, for the SDK clients. */
  aws: {
    /** An AWS_ENDPOINT_URL(_WORKSPACES/_DIRECTORY_SERVICE) the SDK will use (an emulator or proxy elsewhere). */
    endpointOverride: boolean;
    /** Credentials in the environment (keys, profile, web identity, container); else the default chain. */
    credentialsInEnvironment: boolean;
  };
  /** Seed the demo accounts and desktops at start-up: only with the embedded emulator, unless
   *  PORTAL_SEED_DEMO=billable says to create the demo desktops in the AWS account in use. */
  seedDemo: boolean;
  defaultAutoStopHours: number;
  currency: string;
  /** Signing in with directory credentials (LDAP over TLS); see README "Directory sign-in". */
  directorySignIn: DirectorySignInConfig;
  /** PORTAL_TRUSTED_PROXY_HOPS: proxies in front whose X-Forwarded-For entries count (0: the socket's peer is the client). */
  trustedProxyHops: number;
  /** PORTAL_INSTANCE_NAME: sent as X-Portal-Instance on every response (which instance answered, behind a load balancer); null: not sent. */
  instanceName: string | null;
  /** Single sign-on with an OpenID provider; null when PORTAL_OIDC_ISSUER is unset (SSO off). */
  oidc: OidcConfig | null;
  /** Sign-in sessions (lib/auth/sessions.ts). */
  sessions: {
    /** PORTAL_SESSION_IDLE_MINUTES: a session unused this long has ended. */
    idleMinutes: number;
    /** PORTAL_SESSION_MAX_HOURS: a session ends this long after sign-in, however active. */
    maxHours: number;
  };
  /** PORTAL_MFA_REQUIRED_ROLES: roles that must use a second factor (SSO sessions bring their own). */
  mfaRequiredRoles: Role[];
  /** PORTAL_LDAP_SERVICE_ACCOUNTS: per directory id, the account the directory users pages make changes with. */
  directoryServiceAccounts: Record<string, DirectoryServiceAccount>;
  /** Where e-mail goes: the SMTP server or the local mailbox (lib/notifications/delivery.ts, lib/jobs/handlers/send-notification.ts). */
  mail: MailConfig;
  /** lib/observability/logger.ts. */
  logging: LoggingConfig;
  /** Prometheus metrics (lib/observability/metrics-server.ts); null when PORTAL_METRICS_PORT is unset (off). */
  metrics: { port: number; host: string } | null;
  /** Requests waiting for approval (lib/approvals). */
  approvals: ApprovalsConfig;
}

export interface LoggingConfig {
  /**
   * PORTAL_LOG_FORMAT: one JSON object a line (for a log collector), or human-readable lines.
   * Default: pretty in the embedded default, json on PostgreSQL (a deployment, as for AUTH_SECRET).
   */
  format: "json" | "pretty";
  /** PORTAL_LOG_LEVEL: the least important level written. */
  level: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
}

export interface ApprovalsConfig {
  /** PORTAL_APPROVAL_REMINDER_HOURS: a level waiting this long reminds its approvers (once). */
  reminderHours: number;
  /** PORTAL_APPROVAL_ESCALATION_HOURS: this long after the reminder, the request escalates (once). */
  escalationHours: number;
  /** PORTAL_APPROVAL_ESCALATION_GROUP: who an escalated request goes to besides the admins; its members may decide it. */
  escalationGroup: string | null;
}

/** Where a directory's service account password is: never in the database nor in this object. */
export interface DirectoryServiceAccount {
  /** "svc-portal@corp.example.com" or "CORP\\svc-portal". */
  bindName: string;
  /**
   * PORTAL_LDAP_SERVICE_PASSWORD_<ID> (an environment variable) or PORTAL_LDAP_SERVICE_PASSWORD_FILE_<ID> (a file);
   * emulatorDemo: the demo directory's Administrator in the embedded emulator (lib/aws-emulator/demo-admin.ts).
   */
  password: { env: string } | { file: string } | { emulatorDemo: true };
}

/** E-mail: an SMTP server, or (no PORTAL_SMTP_HOST) the portal's own mailbox, read by admins in the portal. */
export type MailConfig = {
  /** PORTAL_MAIL_FROM: the sender, "Name <address>" or an address. */
  from: string;
  smtp: SmtpConfig | null;
};

export interface SmtpConfig {
  host: string;
  /** PORTAL_SMTP_PORT: 587 (465 with tls). */
  port: number;
  /** PORTAL_SMTP_SECURITY: starttls (required, default), tls (implicit, port 465) or none (plain, no credentials allowed). */
  security: "starttls" | "tls" | "none";
  user: string | undefined;
  password: string | undefined;
  /** PORTAL_SMTP_CA_FILE: PEM of the CA that signed the server's certificate (added to the system's). */
  caFile: string | undefined;
  /** PORTAL_SMTP_TIMEOUT_MS: connect, greeting and answer timeout (kept well under the worker's lease). */
  timeoutMs: number;
}

export interface DirectorySignInConfig {
  /**
   * PORTAL_LDAP_ENDPOINTS: directory id to ldaps:// URL, "*" for every directory not named;
   * other directories use ldaps://<DNS address>:636.
   */
  endpoints: Record<string, string>;
  /** PORTAL_LDAP_CA_FILE: PEM file of the CA that signed the domain controllers' certificates
   *  (added to the system's CAs; certificates are always verified). */
  caFile: string | undefined;
  /** The embedded emulator's LDAPS CA, trusted as well when PORTAL_LDAP_CA_FILE names another one
   *  (a real DC for one directory, the emulator answering for the others). */
  emulatorCaFile?: string;
  /** PORTAL_DEFAULT_DIRECTORY: directory id or DNS name for plain user names (default: the only directory). */
  defaultDirectory: string | undefined;
  /** PORTAL_LDAP_TIMEOUT_MS: connect and answer timeout for one bind. */
  timeoutMs: number;
  /**
   * PORTAL_DEMO_DIRECTORY: with the embedded emulator, its directories (the demo's among them)
   * answer LDAPS on the emulator's LDAP port, and the portal trusts the emulator's CA.
   */
  demo: { enabled: boolean; directoryId: string };
}

export interface OidcConfig {
  /** PORTAL_OIDC_ISSUER: the issuer identifier; its /.well-known/openid-configuration is read. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** PORTAL_OIDC_SCOPES: space-separated, always with openid (default "openid email profile"). */
  scopes: string;
  /** PORTAL_OIDC_NAME: the provider's name on the sign-in button ("Sign in with Okta"). */
  name: string;
  /** PORTAL_OIDC_GROUPS_CLAIM: the ID token claim whose values feed the role mapping. */
  groupsClaim: string;
  /** PORTAL_OIDC_USERNAME_CLAIM: the ID token claim that names the user's directory account. */
  usernameClaim: string;
  /** PORTAL_OIDC_MANAGER_CLAIM: the ID token claim with the user's manager's e-mail (approval policies). */
  managerClaim: string;
  /** PORTAL_OIDC_USERNAME_DOMAIN: "@<domain>" is stripped from the claim; a claim in another domain names no account. */
  usernameDomain: string | undefined;
  /** PORTAL_OIDC_DIRECTORY_ID: the directory SSO users' desktops are created in. */
  directoryId: string | undefined;
}

export interface JobsConfig {
  /** WORKER_ID: names this worker in leases and logs (default: host and process id). */
  workerId: string | undefined;
  /** WORKER_POLL_MS: pause between passes when there is nothing to claim. */
  pollMs: number;
  /** WORKER_RECONCILE_MS: how often desktops that are changing are looked up in AWS. */
  reconcileMs: number;
  /** WORKER_SWEEP_MS: how often the whole fleet is compared with AWS (0: never). */
  sweepMs: number;
  /** WORKER_LEASE_MS: lease on claimed operations. */
  leaseMs: number;
  /** WORKER_CLAIM_LIMIT: operations claimed per pass. */
  claimLimit: number;
  /** WORKER_UNKNOWN_OUTCOME_DELAY_MS: wait after a lost create answer before looking for the desktop. */
  unknownOutcomeDelayMs: number;
  /** WORKER_SCHEDULER: run the periodic jobs (billing, usage sampling, catalogue refresh); one process should. */
  scheduler: boolean;
  /** WORKER_BILLING_TICK_MS: how often the billing scheduler looks for due work. */
  billingTickMs: number;
  /** WORKER_CATALOGUE_REFRESH_MS: how often bundles, directories and registration codes are read again. */
  catalogueRefreshMs: number;
  /** WORKER_HEALTH_PORT: where `npm run worker` answers /healthz and /readyz (unset: it does not). */
  healthPort: number | undefined;
}

export type Env = Record<string, string | undefined>;

export interface ParseConfigOptions {
  /** Returns the embedded-mode auth secret kept in `file`, creating it when missing. Injected by tests. */
  loadAuthSecret?: (file: string) => string;
  /** Base for a relative PORTAL_DATA_DIR (default: process.cwd()). */
  cwd?: string;
}

const MIN_SECRET_LENGTH = 32;

// e.g. us-east-1, eu-central-1, ap-southeast-2, us-gov-west-1, cn-north-1, il-central-1
const AWS_REGION = /^[a-z]{2}(-(gov|iso[a-z]*))?-[a-z]+-\d{1,2}$/;
// KMS key ARN (key/<id> or alias/<name>), or an alias name.
const KMS_KEY =
  /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[A-Za-z0-9-]+|alias\/[A-Za-z0-9/_-]+)|alias\/[A-Za-z0-9/_-]+)$/;
// The emulator's seeded Simple AD (lib/aws-emulator/demo-seed.ts).
const DEMO_DIRECTORY_ID = "d-9067000001";
const DIRECTORY_ID = /^d-[0-9a-f]{10}$/;
const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

/** Empty strings count as unset (docker env files and CI often export VAR=). */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function describe(name: string, value: string): string {
  if (name === "AUTH_SECRET" || name === "PORTAL_OIDC_CLIENT_SECRET" || name === "PORTAL_SMTP_PASSWORD") return `got ${value.length} characters`;
  if (name === "DATABASE_URL" || name === "DATABASE_MIGRATION_URL") return `got "${redactUrl(value)}"`;
  return `got "${value}"`;
}

/** Hides the password of a connection URL in messages and logs. */
export function redactUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, "$1***@");
}

type Field<T> = { name: string; expects: string; schema: z.ZodType<T> };

function field<T>(name: string, expects: string, schema: z.ZodType<T>): Field<T> {
  return { name, expects, schema };
}

const onOff = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(["on", "off", "true", "false"]))
  .transform((v) => v === "on" || v === "true");

const httpUrl = z.url({ protocol: /^https?$/ });

// Tokens are only as trustworthy as the channel the keys come over: https, except on this machine.
const issuerUrl = z
  .url({ protocol: /^https?$/ })
  .refine((value) => {
    const url = new URL(value);
    return !url.search && !url.hash && (url.protocol === "https:" || ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname));
  });

const pemFile = z.string().refine((file) => {
  try {
    return fs.readFileSync(file, "utf8").includes("-----BEGIN CERTIFICATE-----");
  } catch {
    return false;
  }
});

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** "d-1234567890=value, d-abcdef0123=value": a value per directory id, each checked by `valid`. */
const directoryPairs = (valid: (value: string) => boolean, options: { wildcard?: boolean } = {}) =>
  z.string().transform((value, ctx) => {
    const pairs: Record<string, string> = {};
    for (const pair of value.split(",").map((p) => p.trim()).filter(Boolean)) {
      const [id, item, ...rest] = pair.split("=");
      const key = id?.trim() ?? "";
      if (rest.length > 0 || !(DIRECTORY_ID.test(key) || (options.wildcard && key === "*")) || !valid(item?.trim() ?? "")) {
        ctx.addIssue({ code: "custom", message: pair });
        return z.NEVER;
      }
      pairs[id.trim()] = item.trim();
    }
    return pairs;
  });

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

const fields = {
  DATABASE_URL: field(
    "DATABASE_URL",
    "be a PostgreSQL URL like postgresql://user:password@host:5432/portal",
    z.url({ protocol: /^postgres(ql)?$/ }),
  ),
  DATABASE_MIGRATION_URL: field(
    "DATABASE_MIGRATION_URL",
    "be a PostgreSQL URL like postgresql://portal_owner:password@host:5432/portal",
    z.url({ protocol: /^postgres(ql)?$/ }),
  ),
  PORTAL_DATA_DIR: field("PORTAL_DATA_DIR", "be a folder path", z.string().min(1)),
  AWS_REGION: field("AWS_REGION", "be an AWS region like us-east-1", z.string().regex(AWS_REGION)),
  AWS_ENDPOINT_URL: field("AWS_ENDPOINT_URL", "be an http(s) URL like http://localhost:4599", httpUrl),
  PORTAL_EMULATOR: field("PORTAL_EMULATOR", "be on or off", onOff),
  PORTAL_EMULATOR_PORT: field("PORTAL_EMULATOR_PORT", "be a port number from 1 to 65535", integer(1, 65535)),
  PORTAL_EMULATOR_LDAP_PORT: field("PORTAL_EMULATOR_LDAP_PORT", "be a port number from 1 to 65535", integer(1, 65535)),
  PORTAL_EMULATOR_SPEED: field(
    "PORTAL_EMULATOR_SPEED",
    "be test, demo or a factor between 0 and 1 such as 0.03",
    z.union([
      z.string().transform((v) => v.toLowerCase()).pipe(z.enum(["test", "demo"])),
      z.string().regex(/^(0?\.\d+|1(\.0*)?)$/).transform(Number).pipe(z.number().positive().max(1)),
    ]),
  ),
  AUTH_SECRET: field(
    "AUTH_SECRET",
    `be at least ${MIN_SECRET_LENGTH} characters long (generate one with: openssl rand -base64 33)`,
    z.string().min(MIN_SECRET_LENGTH),
  ),
  PORTAL_URL: field("PORTAL_URL", "be an http(s) URL like http://localhost:3000", httpUrl),
  AUTH_URL: field("AUTH_URL", "be an http(s) URL like http://localhost:3000", httpUrl),
  PORT: field("PORT", "be a port number from 1 to 65535", integer(1, 65535)),
  PORTAL_VOLUME_ENCRYPTION_KEY: field(
    "PORTAL_VOLUME_ENCRYPTION_KEY",
    "be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) or an alias like alias/workspaces",
    z.string().regex(KMS_KEY),
  ),
  PORTAL_WORKER: field("PORTAL_WORKER", "be on or off", onOff),
  WORKER_ID: field("WORKER_ID", "be letters, digits, dots, dashes or underscores", z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/)),
  WORKER_POLL_MS: field("WORKER_POLL_MS", "be milliseconds from 10 to 600000", integer(10, 600_000)),
  WORKER_RECONCILE_MS: field("WORKER_RECONCILE_MS", "be milliseconds from 100 to 3600000", integer(100, 3_600_000)),
  WORKER_SWEEP_MS: field("WORKER_SWEEP_MS", "be milliseconds up to 86400000 (0 turns the sweep off)", integer(0, 86_400_000)),
  WORKER_LEASE_MS: field("WORKER_LEASE_MS", "be milliseconds from 1000 to 3600000", integer(1_000, 3_600_000)),
  WORKER_CLAIM_LIMIT: field("WORKER_CLAIM_LIMIT", "be a whole number from 1 to 5000", integer(1, 5_000)),
  WORKER_UNKNOWN_OUTCOME_DELAY_MS: field(
    "WORKER_UNKNOWN_OUTCOME_DELAY_MS",
    "be milliseconds up to 3600000",
    integer(0, 3_600_000),
  ),
  WORKER_SCHEDULER: field("WORKER_SCHEDULER", "be on or off", onOff),
  WORKER_HEALTH_PORT: field("WORKER_HEALTH_PORT", "be a port number from 1 to 65535", integer(1, 65535)),
  WORKER_BILLING_TICK_MS: field("WORKER_BILLING_TICK_MS", "be milliseconds from 100 to 3600000", integer(100, 3_600_000)),
  WORKER_CATALOGUE_REFRESH_MS: field(
    "WORKER_CATALOGUE_REFRESH_MS",
    "be milliseconds from 1000 to 86400000",
    integer(1_000, 86_400_000),
  ),
  PORTAL_SEED_DEMO: field(
    "PORTAL_SEED_DEMO",
    "be on, off or billable",
    z
      .string()
      .transform((v) => v.toLowerCase())
      .pipe(z.enum(["on", "off", "true", "false", "billable"]))
      .transform((v) => (v === "true" ? "on" : v === "false" ? "off" : v)),
  ),
  PORTAL_DEFAULT_AUTOSTOP_HOURS: field(
    "PORTAL_DEFAULT_AUTOSTOP_HOURS",
    "be a whole number of hours from 1 to 48",
    integer(1, 48),
  ),
  PORTAL_LDAP_ENDPOINTS: field(
    "PORTAL_LDAP_ENDPOINTS",
    "be comma-separated directory-id=ldaps-URL pairs like d-1234567890=ldaps://dc1.corp.example.com:636",
    // LDAPS only: a password must never cross the network in a plain bind. "*": every other directory.
    directoryPairs((url) => z.url({ protocol: /^ldaps$/ }).safeParse(url).success, { wildcard: true }),
  ),
  PORTAL_LDAP_CA_FILE: field("PORTAL_LDAP_CA_FILE", "be the path of a readable PEM file with at least one CERTIFICATE", pemFile),
  PORTAL_DEFAULT_DIRECTORY: field(
    "PORTAL_DEFAULT_DIRECTORY",
    "be a directory id like d-1234567890 or a directory DNS name like corp.example.com",
    z.string().regex(/^(d-[0-9a-f]{10}|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i),
  ),
  PORTAL_LDAP_TIMEOUT_MS: field("PORTAL_LDAP_TIMEOUT_MS", "be milliseconds from 500 to 60000", integer(500, 60_000)),
  PORTAL_DEMO_DIRECTORY: field("PORTAL_DEMO_DIRECTORY", "be on or off", onOff),
  PORTAL_LDAP_SERVICE_ACCOUNTS: field(
    "PORTAL_LDAP_SERVICE_ACCOUNTS",
    "be comma-separated directory-id=account pairs like d-1234567890=svc-portal@corp.example.com or d-1234567890=CORP\\svc-portal",
    directoryPairs((name) => /^([^@\\\s]+@[a-z0-9.-]+\.[a-z]+|[A-Za-z0-9-]{1,15}\\[^@\\\s]+)$/i.test(name)),
  ),
  PORTAL_TRUSTED_PROXY_HOPS: field(
    "PORTAL_TRUSTED_PROXY_HOPS",
    "be the number of proxies in front of the portal, from 0 to 10",
    integer(0, 10),
  ),
  PORTAL_INSTANCE_NAME: field("PORTAL_INSTANCE_NAME", "be a name of letters, digits, dots, dashes and underscores, at most 64", z.string().regex(/^[A-Za-z0-9._-]{1,64}$/)),
  PORTAL_OIDC_ISSUER: field(
    "PORTAL_OIDC_ISSUER",
    "be the provider's https issuer URL without query, like https://login.microsoftonline.com/<tenant>/v2.0 (http only on localhost)",
    issuerUrl,
  ),
  PORTAL_OIDC_CLIENT_ID: field("PORTAL_OIDC_CLIENT_ID", "be the client id the provider issued", z.string().max(512)),
  PORTAL_OIDC_CLIENT_SECRET: field("PORTAL_OIDC_CLIENT_SECRET", "be the client secret the provider issued", z.string().max(2048)),
  PORTAL_OIDC_SCOPES: field(
    "PORTAL_OIDC_SCOPES",
    'be space-separated scopes including openid, like "openid email profile"',
    z
      .string()
      .transform((v) => v.split(/\s+/).filter(Boolean).join(" "))
      .refine((v) => v.split(" ").includes("openid") && /^[\x21\x23-\x5b\x5d-\x7e ]+$/.test(v)),
  ),
  PORTAL_OIDC_NAME: field("PORTAL_OIDC_NAME", "be a short name such as Okta (at most 40 characters)", z.string().max(40)),
  PORTAL_OIDC_GROUPS_CLAIM: field("PORTAL_OIDC_GROUPS_CLAIM", "be a claim name like groups", z.string().regex(/^[A-Za-z0-9_:./-]{1,200}$/)),
  PORTAL_OIDC_MANAGER_CLAIM: field("PORTAL_OIDC_MANAGER_CLAIM", "be a claim name like manager_email", z.string().regex(/^[A-Za-z0-9_:./-]{1,200}$/)),
  PORTAL_OIDC_USERNAME_CLAIM: field(
    "PORTAL_OIDC_USERNAME_CLAIM",
    "be a claim name like preferred_username",
    z.string().regex(/^[A-Za-z0-9_:./-]{1,200}$/),
  ),
  PORTAL_OIDC_USERNAME_DOMAIN: field(
    "PORTAL_OIDC_USERNAME_DOMAIN",
    "be a domain name like corp.example.com (without @)",
    z
      .string()
      .transform((v) => v.toLowerCase())
      .pipe(z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/)),
  ),
  PORTAL_OIDC_DIRECTORY_ID: field(
    "PORTAL_OIDC_DIRECTORY_ID",
    "be a directory id like d-1234567890",
    z.string().regex(/^d-[0-9a-f]{10}$/),
  ),
  PORTAL_CURRENCY: field(
    "PORTAL_CURRENCY",
    "be an ISO 4217 currency code like USD",
    z
      .string()
      .transform((v) => v.toUpperCase())
      .refine((v) => /^[A-Z]{3}$/.test(v) && CURRENCIES.has(v)),
  ),
  PORTAL_SESSION_IDLE_MINUTES: field(
    "PORTAL_SESSION_IDLE_MINUTES",
    "be a whole number of minutes from 5 to 1440",
    integer(5, 1_440),
  ),
  PORTAL_APPROVAL_REMINDER_HOURS: field("PORTAL_APPROVAL_REMINDER_HOURS", "be a whole number of hours from 1 to 720", integer(1, 720)),
  PORTAL_APPROVAL_ESCALATION_HOURS: field("PORTAL_APPROVAL_ESCALATION_HOURS", "be a whole number of hours from 1 to 720", integer(1, 720)),
  PORTAL_APPROVAL_ESCALATION_GROUP: field("PORTAL_APPROVAL_ESCALATION_GROUP", "be a group name of at most 256 characters", z.string().trim().min(1).max(256)),
  PORTAL_SESSION_MAX_HOURS: field("PORTAL_SESSION_MAX_HOURS", "be a whole number of hours from 1 to 168", integer(1, 168)),
  PORTAL_MFA_REQUIRED_ROLES: field(
    "PORTAL_MFA_REQUIRED_ROLES",
    "be a comma-separated list of EMPLOYEE, APPROVER and ADMIN, or none",
    z
      .string()
      .transform((v) => v.toUpperCase())
      .pipe(
        z.union([
          z.literal("NONE").transform((): Role[] => []),
          z
            .string()
            .transform((v) => v.split(",").map((role) => role.trim()))
            .pipe(z.array(z.enum(["EMPLOYEE", "APPROVER", "ADMIN"])).min(1))
            .transform((roles) => [...new Set(roles)]),
        ]),
      ),
  ),
  PORTAL_SMTP_HOST: field("PORTAL_SMTP_HOST", "be a host name or IP address like smtp.example.com", z.string().regex(/^[A-Za-z0-9.:[\]-]{1,253}$/)),
  PORTAL_SMTP_PORT: field("PORTAL_SMTP_PORT", "be a port number from 1 to 65535", integer(1, 65535)),
  PORTAL_SMTP_SECURITY: field(
    "PORTAL_SMTP_SECURITY",
    "be starttls, tls or none",
    z.string().transform((v) => v.toLowerCase()).pipe(z.enum(["starttls", "tls", "none"])),
  ),
  PORTAL_SMTP_USER: field("PORTAL_SMTP_USER", "be the SMTP user name", z.string().max(512)),
  PORTAL_SMTP_PASSWORD: field("PORTAL_SMTP_PASSWORD", "be the SMTP password", z.string().max(1024)),
  PORTAL_SMTP_CA_FILE: field("PORTAL_SMTP_CA_FILE", "be the path of a readable PEM file with at least one CERTIFICATE", pemFile),
  PORTAL_SMTP_TIMEOUT_MS: field("PORTAL_SMTP_TIMEOUT_MS", "be milliseconds from 1000 to 120000", integer(1_000, 120_000)),
  PORTAL_LOG_FORMAT: field(
    "PORTAL_LOG_FORMAT",
    "be json or pretty",
    z.string().transform((v) => v.toLowerCase()).pipe(z.enum(["json", "pretty"])),
  ),
  PORTAL_LOG_LEVEL: field(
    "PORTAL_LOG_LEVEL",
    `be one of ${LOG_LEVELS.join(", ")}`,
    z.string().transform((v) => v.toLowerCase()).pipe(z.enum(LOG_LEVELS)),
  ),
  PORTAL_METRICS_PORT: field("PORTAL_METRICS_PORT", "be a port number from 1 to 65535", integer(1, 65535)),
  PORTAL_METRICS_HOST: field(
    "PORTAL_METRICS_HOST",
    "be the address to listen on, like 127.0.0.1 or 0.0.0.0",
    z.string().regex(/^[A-Za-z0-9.:-]{1,253}$/),
  ),
  PORTAL_MAIL_FROM: field(
    "PORTAL_MAIL_FROM",
    'be an e-mail address, optionally with a name: "WorkSpaces Portal <portal@example.com>"',
    z.string().refine((v) => {
      const address = v.match(/^[^<>]*<([^<>]+)>$/)?.[1] ?? v;
      return z.email().safeParse(address.trim()).success;
    }),
  ),
};

/**
 * Parses settings from `env` without reading process.env and without memoizing.
 * Throws one error listing every wrong value, each naming its variable and what it expects.
 */
export function parseConfig(env: Env, options: ParseConfigOptions = {}): PortalConfig {
  const problems: string[] = [];

  function get<T>(f: Field<T>): T | undefined {
    const raw = read(env, f.name);
    if (raw === undefined) return undefined;
    const result = f.schema.safeParse(raw);
    if (result.success) return result.data;
    problems.push(`${f.name} must ${f.expects} (${describe(f.name, raw)})`);
    return undefined;
  }

  const databaseUrl = get(fields.DATABASE_URL);
  const databaseMigrationUrl = get(fields.DATABASE_MIGRATION_URL);
  if (databaseMigrationUrl && !read(env, "DATABASE_URL")) {
    problems.push("DATABASE_MIGRATION_URL is set but DATABASE_URL is not: set both (the owner role and the runtime role)");
  }
  const dataDirRaw = get(fields.PORTAL_DATA_DIR) ?? ".data";
  const awsRegion = get(fields.AWS_REGION) ?? "us-east-1";
  const awsEndpointUrl = get(fields.AWS_ENDPOINT_URL);
  const emulatorSetting = get(fields.PORTAL_EMULATOR);
  const emulatorPort = get(fields.PORTAL_EMULATOR_PORT) ?? 4599;
  const emulatorLdapPort = get(fields.PORTAL_EMULATOR_LDAP_PORT) ?? emulatorPort + 1;
  const emulatorSpeed = get(fields.PORTAL_EMULATOR_SPEED) ?? "demo";
  const authSecretFromEnv = get(fields.AUTH_SECRET);
  const portalUrlSetting = get(fields.PORTAL_URL) ?? get(fields.AUTH_URL);
  const port = get(fields.PORT) ?? 3000;
  const volumeEncryptionKey = get(fields.PORTAL_VOLUME_ENCRYPTION_KEY);
  const worker = get(fields.PORTAL_WORKER) ?? true;
  const jobSettings = {
    workerId: get(fields.WORKER_ID),
    pollMs: get(fields.WORKER_POLL_MS),
    reconcileMs: get(fields.WORKER_RECONCILE_MS),
    sweepMs: get(fields.WORKER_SWEEP_MS),
    leaseMs: get(fields.WORKER_LEASE_MS) ?? 60_000,
    claimLimit: get(fields.WORKER_CLAIM_LIMIT) ?? 250,
    unknownOutcomeDelayMs: get(fields.WORKER_UNKNOWN_OUTCOME_DELAY_MS) ?? 60_000,
    scheduler: get(fields.WORKER_SCHEDULER) ?? true,
    billingTickMs: get(fields.WORKER_BILLING_TICK_MS) ?? 60_000,
    catalogueRefreshMs: get(fields.WORKER_CATALOGUE_REFRESH_MS) ?? 10 * 60_000,
    healthPort: get(fields.WORKER_HEALTH_PORT),
  };
  const seedDemoSetting = get(fields.PORTAL_SEED_DEMO);
  const defaultAutoStopHours = get(fields.PORTAL_DEFAULT_AUTOSTOP_HOURS) ?? 1;
  const currency = get(fields.PORTAL_CURRENCY) ?? "USD";
  const ldapEndpoints = get(fields.PORTAL_LDAP_ENDPOINTS);
  const ldapCaFile = get(fields.PORTAL_LDAP_CA_FILE);
  const defaultDirectory = get(fields.PORTAL_DEFAULT_DIRECTORY);
  const ldapTimeoutMs = get(fields.PORTAL_LDAP_TIMEOUT_MS) ?? 5_000;
  const demoDirectorySetting = get(fields.PORTAL_DEMO_DIRECTORY);
  const trustedProxyHops = get(fields.PORTAL_TRUSTED_PROXY_HOPS) ?? 0;
  const instanceName = get(fields.PORTAL_INSTANCE_NAME) ?? null;
  const oidc = parseOidc(env, get, problems);
  const sessionIdleMinutes = get(fields.PORTAL_SESSION_IDLE_MINUTES) ?? 60;
  const sessionMaxHours = get(fields.PORTAL_SESSION_MAX_HOURS) ?? 8;
  // Security default: the people who approve spending and run the fleet use a second factor.
  const mfaRequiredRoles = get(fields.PORTAL_MFA_REQUIRED_ROLES) ?? (["APPROVER", "ADMIN"] as Role[]);
  const mail = parseMail(env, get, problems);
  const logFormat = get(fields.PORTAL_LOG_FORMAT);
  const logLevel = get(fields.PORTAL_LOG_LEVEL) ?? "info";
  const metricsPort = get(fields.PORTAL_METRICS_PORT);
  // Metrics are counts, not secrets, yet only this machine sees them unless told otherwise.
  const metricsHost = get(fields.PORTAL_METRICS_HOST) ?? "127.0.0.1";
  if (metricsPort === undefined && read(env, "PORTAL_METRICS_HOST") !== undefined) {
    problems.push("PORTAL_METRICS_HOST needs PORTAL_METRICS_PORT (metrics are off without a port)");
  }

  const embedded = read(env, "DATABASE_URL") === undefined;
  // A production database means a real deployment: sessions must be signed with a managed secret.
  if (!embedded && read(env, "AUTH_SECRET") === undefined) {
    problems.push(
      `AUTH_SECRET must be set when DATABASE_URL is set (at least ${MIN_SECRET_LENGTH} characters; generate one with: openssl rand -base64 33)`,
    );
  }
  // Default: emulate AWS only in the embedded default. A deployment on PostgreSQL talks to real
  // AWS unless told otherwise, so it never provisions into a fake cloud by accident.
  const emulatorEnabled = emulatorSetting ?? (awsEndpointUrl === undefined && databaseUrl === undefined);
  // Money guard: the demo queues CreateWorkspaces for six desktops (three AlwaysOn). Without the
  // embedded emulator they would be real, billed desktops, so that takes an opt-in that says so.
  if (seedDemoSetting === "on" && !emulatorEnabled) {
    problems.push(
      "PORTAL_SEED_DEMO=on needs the embedded emulator (PORTAL_EMULATOR is off): the demo creates six desktops, " +
        "three of them AlwaysOn, which AWS bills in the account the portal uses. " +
        "Set PORTAL_SEED_DEMO=billable to create these billable desktops anyway, or leave it unset",
    );
  }
  const directoryServiceAccounts = parseServiceAccounts(env, get(fields.PORTAL_LDAP_SERVICE_ACCOUNTS) ?? {}, problems);
  const approvals: ApprovalsConfig = {
    reminderHours: get(fields.PORTAL_APPROVAL_REMINDER_HOURS) ?? 24,
    escalationHours: get(fields.PORTAL_APPROVAL_ESCALATION_HOURS) ?? 24,
    escalationGroup: get(fields.PORTAL_APPROVAL_ESCALATION_GROUP) ?? null,
  };
  if (problems.length > 0) throw new Error(`Invalid configuration: ${problems.join("; ")}`);

  const dataDir = path.resolve(options.cwd ?? process.cwd(), dataDirRaw);
  // The embedded secret is read (or created) on first use only: code that needs just the region,
  // or a build, must not write into the data folder.
  let authSecret = authSecretFromEnv;
  const loadAuthSecret = () =>
    (authSecret ??= (options.loadAuthSecret ?? loadOrCreateAuthSecret)(path.join(dataDir, "auth-secret")));

  const emulatorUrl = `http://localhost:${emulatorPort}`;
  const portalUrl = (portalUrlSetting ?? `http://localhost:${port}`).replace(/\/+$/, "");
  // The embedded emulator at test speed changes states in seconds: poll faster so that changes
  // show within a second or two.
  const fast = emulatorEnabled && emulatorSpeed !== "demo";
  const jobs: JobsConfig = {
    ...jobSettings,
    pollMs: jobSettings.pollMs ?? (fast ? 250 : 1_000),
    reconcileMs: jobSettings.reconcileMs ?? (fast ? 500 : 10_000),
    sweepMs: jobSettings.sweepMs ?? 15 * 60_000,
  };
  // The SDK reads these itself; the portal only needs to know whether they are there.
  const endpointOverride =
    read(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") !== "true" &&
    ["AWS_ENDPOINT_URL_WORKSPACES", "AWS_ENDPOINT_URL_DIRECTORY_SERVICE", "AWS_ENDPOINT_URL"].some((name) => read(env, name) !== undefined);
  const credentialsInEnvironment =
    (read(env, "AWS_ACCESS_KEY_ID") !== undefined && read(env, "AWS_SECRET_ACCESS_KEY") !== undefined) ||
    ["AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"].some(
      (name) => read(env, name) !== undefined,
    );

  const seedDemo = seedDemoSetting === undefined ? embedded && emulatorEnabled : seedDemoSetting !== "off";
  // The emulator's directories answer LDAPS themselves (lib/aws-emulator/ldap), unless told
  // otherwise or PORTAL_LDAP_ENDPOINTS sends every directory elsewhere ("*").
  const emulatorLdap = (demoDirectorySetting ?? true) && emulatorEnabled && ldapEndpoints?.["*"] === undefined;
  const emulatorStateDir = path.join(dataDir, "emulator");
  const directorySignIn: DirectorySignInConfig = {
    endpoints: { ...(emulatorLdap ? { "*": `ldaps://127.0.0.1:${emulatorLdapPort}` } : {}), ...ldapEndpoints },
    // The emulator keeps its CA there (made at its first start, the same after a restart).
    caFile: ldapCaFile ?? (emulatorLdap ? path.join(emulatorStateDir, "ldap", "ca.pem") : undefined),
    ...(emulatorLdap && ldapCaFile ? { emulatorCaFile: path.join(emulatorStateDir, "ldap", "ca.pem") } : {}),
    defaultDirectory,
    timeoutMs: ldapTimeoutMs,
    demo: { enabled: emulatorLdap, directoryId: DEMO_DIRECTORY_ID },
  };
  // The demo directory's users can be managed out of the box, with its Administrator as the
  // emulator seeds it: only while the emulator's own LDAPS answers for it, so that its demo
  // password never goes to a real directory. The operator's own account for it wins.
  if (emulatorLdap && ldapEndpoints?.[DEMO_DIRECTORY_ID] === undefined && !(DEMO_DIRECTORY_ID in directoryServiceAccounts)) {
    directoryServiceAccounts[DEMO_DIRECTORY_ID] = { bindName: DEMO_DIRECTORY_ADMIN.bindName, password: { emulatorDemo: true } };
  }

  return {
    database: databaseUrl ? { kind: "postgres", url: databaseUrl } : { kind: "pglite", dir: path.join(dataDir, "pglite") },
    databaseMigrationUrl,
    embedded,
    dataDir,
    awsRegion,
    awsEndpointUrl,
    emulator: {
      enabled: emulatorEnabled,
      port: emulatorPort,
      speed: emulatorSpeed,
      stateDir: emulatorStateDir,
      ldapPort: emulatorLdap ? emulatorLdapPort : undefined,
      url: emulatorUrl,
    },
    awsEndpoint: awsEndpointUrl ?? (emulatorEnabled ? emulatorUrl : undefined),
    get authSecret() {
      return loadAuthSecret();
    },
    authSecretSource: authSecretFromEnv === undefined ? "file" : "env",
    portalUrl,
    port,
    volumeEncryptionKey,
    worker,
    jobs,
    aws: { endpointOverride, credentialsInEnvironment },
    seedDemo,
    defaultAutoStopHours,
    currency,
    directorySignIn,
    directoryServiceAccounts,
    trustedProxyHops,
    instanceName,
    oidc,
    sessions: { idleMinutes: sessionIdleMinutes, maxHours: sessionMaxHours },
    mfaRequiredRoles,
    mail,
    // Human-readable where a person runs it (the embedded default); JSON for a log collector.
    logging: { format: logFormat ?? (embedded ? "pretty" : "json"), level: logLevel },
    metrics: metricsPort === undefined ? null : { port: metricsPort, host: metricsHost },
    approvals,
  };
}

/** SMTP is off (the local mailbox) until PORTAL_SMTP_HOST is set; other PORTAL_SMTP_ settings without it are a mistake. */
function parseMail(env: Env, get: <T>(f: Field<T>) => T | undefined, problems: string[]): MailConfig {
  const from = get(fields.PORTAL_MAIL_FROM) ?? "WorkSpaces Portal <portal@localhost>";
  const host = get(fields.PORTAL_SMTP_HOST);
  const security = get(fields.PORTAL_SMTP_SECURITY) ?? "starttls";
  const port = get(fields.PORTAL_SMTP_PORT) ?? (security === "tls" ? 465 : 587);
  const user = get(fields.PORTAL_SMTP_USER);
  const password = get(fields.PORTAL_SMTP_PASSWORD);
  const caFile = get(fields.PORTAL_SMTP_CA_FILE);
  const timeoutMs = get(fields.PORTAL_SMTP_TIMEOUT_MS) ?? 15_000;
  const named = Object.keys(env).filter((name) => name.startsWith("PORTAL_SMTP_") && read(env, name) !== undefined);
  if (read(env, "PORTAL_SMTP_HOST") === undefined) {
    if (named.length > 0) problems.push(`PORTAL_SMTP_HOST must be set when ${named.join(", ")} ${named.length === 1 ? "is" : "are"} (unset them all to deliver mail to the portal's own mailbox)`);
    return { from, smtp: null };
  }
  if ((read(env, "PORTAL_SMTP_USER") === undefined) !== (read(env, "PORTAL_SMTP_PASSWORD") === undefined)) {
    problems.push("PORTAL_SMTP_USER and PORTAL_SMTP_PASSWORD must be set together");
  }
  // Credentials never cross the network in clear.
  if (security === "none" && user !== undefined) {
    problems.push("PORTAL_SMTP_SECURITY=none cannot be used with PORTAL_SMTP_USER: the password would be sent in clear (use starttls or tls)");
  }
  if (host === undefined) return { from, smtp: null }; // already a problem
  return { from, smtp: { host, port, security, user, password, caFile, timeoutMs } };
}

const OIDC_REQUIRED = ["PORTAL_OIDC_ISSUER", "PORTAL_OIDC_CLIENT_ID", "PORTAL_OIDC_CLIENT_SECRET"] as const;

/** Single sign-on is all or nothing: any PORTAL_OIDC_* setting asks for it, and then it needs all three basics. */
function parseOidc(env: Env, get: <T>(f: Field<T>) => T | undefined, problems: string[]): OidcConfig | null {
  const issuer = get(fields.PORTAL_OIDC_ISSUER);
  const clientId = get(fields.PORTAL_OIDC_CLIENT_ID);
  const clientSecret = get(fields.PORTAL_OIDC_CLIENT_SECRET);
  const optional = {
    scopes: get(fields.PORTAL_OIDC_SCOPES) ?? "openid email profile",
    name: get(fields.PORTAL_OIDC_NAME) ?? "single sign-on",
    groupsClaim: get(fields.PORTAL_OIDC_GROUPS_CLAIM) ?? "groups",
    usernameClaim: get(fields.PORTAL_OIDC_USERNAME_CLAIM) ?? "preferred_username",
    managerClaim: get(fields.PORTAL_OIDC_MANAGER_CLAIM) ?? "manager_email",
    usernameDomain: get(fields.PORTAL_OIDC_USERNAME_DOMAIN),
    directoryId: get(fields.PORTAL_OIDC_DIRECTORY_ID),
  };
  const named = Object.keys(env).filter((name) => name.startsWith("PORTAL_OIDC_") && read(env, name) !== undefined);
  if (named.length === 0) return null;
  const missing = OIDC_REQUIRED.filter((name) => read(env, name) === undefined);
  if (missing.length > 0) {
    problems.push(
      `Single sign-on needs ${OIDC_REQUIRED.join(", ")} together: ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} missing ` +
        `(set because of ${named.join(", ")}; unset every PORTAL_OIDC_ setting to turn single sign-on off)`,
    );
    return null;
  }
  if (issuer === undefined || clientId === undefined || clientSecret === undefined) return null; // already a problem
  return { issuer, clientId, clientSecret, ...optional };
}

/** PORTAL_LDAP_SERVICE_PASSWORD_D_1234567890 for d-1234567890 (and _FILE_ for a file). */
export function serviceAccountPasswordVariable(directoryId: string, file = false): string {
  return `PORTAL_LDAP_SERVICE_PASSWORD_${file ? "FILE_" : ""}${directoryId.toUpperCase().replace("-", "_")}`;
}

// Each service account needs its password in exactly one place, checked at start so that a typo
// shows now and not at an admin's first click. Only the place is kept: the password is read when
// used (a rotated file is picked up), and never appears in a message.
function parseServiceAccounts(env: Env, accounts: Record<string, string>, problems: string[]): Record<string, DirectoryServiceAccount> {
  const result: Record<string, DirectoryServiceAccount> = {};
  for (const [id, bindName] of Object.entries(accounts)) {
    const variable = serviceAccountPasswordVariable(id);
    const fileVariable = serviceAccountPasswordVariable(id, true);
    const inEnv = read(env, variable) !== undefined;
    const file = read(env, fileVariable);
    if (inEnv && file) {
      problems.push(`${variable} and ${fileVariable} are both set: keep one (the password of ${bindName})`);
    } else if (file) {
      let readable = false;
      try {
        readable = fs.readFileSync(file, "utf8").trim().length > 0;
      } catch {
        readable = false;
      }
      if (!readable) problems.push(`${fileVariable} must be the path of a readable, non-empty file with the password of ${bindName}`);
      else result[id] = { bindName, password: { file } };
    } else if (inEnv) {
      result[id] = { bindName, password: { env: variable } };
    } else {
      problems.push(`PORTAL_LDAP_SERVICE_ACCOUNTS names ${bindName} for ${id}: set its password in ${variable} or a file named by ${fileVariable}`);
    }
  }
  return result;
}

/**
 * The embedded mode's session secret: generated once and kept in the data folder,
 * so sessions survive restarts. Guards sign-in: the file is readable by its owner only.
 */
export function loadOrCreateAuthSecret(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(48).toString("base64url") + "\n", { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const secret = fs.readFileSync(file, "utf8").trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `Invalid configuration: the auth secret in ${file} must be at least ${MIN_SECRET_LENGTH} characters (got ${secret.length}); delete the file to generate a new one`,
    );
  }
  return secret;
}

const CONFIG_KEY = Symbol.for("workspaces-portal.config");
type ConfigHolder = { [CONFIG_KEY]?: PortalConfig };

/** The process's settings, parsed on first use and then kept (shared by Next's bundle and the custom server). */
export function getConfig(): PortalConfig {
  const holder = globalThis as ConfigHolder;
  return (holder[CONFIG_KEY] ??= parseConfig(process.env));
}

/** Forgets the parsed settings (tests that change process.env). */
export function resetConfigForTests(): void {
  delete (globalThis as ConfigHolder)[CONFIG_KEY];
}
