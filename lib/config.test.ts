import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getConfig, loadOrCreateAuthSecret, parseConfig, resetConfigForTests, type Env } from "./config";

const SECRET = "s".repeat(32);
const fakeSecret = () => "generated-secret-generated-secret-00";
const parse = (env: Env) => parseConfig(env, { loadAuthSecret: fakeSecret, cwd: "/srv/portal" });

function problem(env: Env): string {
  try {
    parse(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected parseConfig to throw");
}

describe("parseConfig defaults", () => {
  it("runs embedded with nothing configured", () => {
    const config = parse({});
    expect(config).toEqual({
      database: { kind: "pglite", dir: "/srv/portal/.data/pglite" },
      embedded: true,
      dataDir: "/srv/portal/.data",
      awsRegion: "us-east-1",
      awsEndpointUrl: undefined,
      emulator: {
        enabled: true,
        port: 4599,
        speed: "demo",
        stateDir: "/srv/portal/.data/emulator",
        ldapPort: 4600,
        url: "http://localhost:4599",
      },
      awsEndpoint: "http://localhost:4599",
      authSecret: "generated-secret-generated-secret-00",
      authSecretSource: "file",
      portalUrl: "http://localhost:3000",
      port: 3000,
      volumeEncryptionKey: undefined,
      worker: true,
      jobs: {
        workerId: undefined,
        pollMs: 1_000,
        reconcileMs: 10_000,
        sweepMs: 15 * 60_000,
        leaseMs: 60_000,
        claimLimit: 250,
        unknownOutcomeDelayMs: 60_000,
        scheduler: true,
        billingTickMs: 60_000,
        catalogueRefreshMs: 10 * 60_000,
        healthPort: undefined,
      },
      aws: { endpointOverride: false, credentialsInEnvironment: false },
      seedDemo: true,
      defaultAutoStopHours: 1,
      currency: "USD",
      directorySignIn: {
        endpoints: { "*": "ldaps://127.0.0.1:4600" },
        caFile: "/srv/portal/.data/emulator/ldap/ca.pem",
        defaultDirectory: undefined,
        timeoutMs: 5_000,
        demo: { enabled: true, directoryId: "d-9067000001" },
      },
      trustedProxyHops: 0,
      instanceName: null,
      oidc: null,
      sessions: { idleMinutes: 60, maxHours: 8 },
      mfaRequiredRoles: ["APPROVER", "ADMIN"],
      directoryServiceAccounts: { "d-9067000001": { bindName: "Administrator@corp.example.com", password: { emulatorDemo: true } } },
      mail: { from: "WorkSpaces Portal <portal@localhost>", smtp: null },
      logging: { format: "pretty", level: "info" },
      metrics: null,
      approvals: { reminderHours: 24, escalationHours: 24, escalationGroup: null },
    });
  });

  it("reads the approval reminder settings, and refuses hours out of range", () => {
    expect(parse({ PORTAL_APPROVAL_REMINDER_HOURS: "4", PORTAL_APPROVAL_ESCALATION_HOURS: "2", PORTAL_APPROVAL_ESCALATION_GROUP: " IT Leads " }).approvals).toEqual({
      reminderHours: 4,
      escalationHours: 2,
      escalationGroup: "IT Leads",
    });
    expect(problem({ PORTAL_APPROVAL_REMINDER_HOURS: "0" })).toContain("PORTAL_APPROVAL_REMINDER_HOURS");
  });

  it("reads the SMTP server: STARTTLS on 587 by default, implicit TLS on 465", () => {
    expect(parse({ PORTAL_SMTP_HOST: "smtp.example.com", PORTAL_SMTP_USER: "portal", PORTAL_SMTP_PASSWORD: "pw", PORTAL_MAIL_FROM: "IT <it@example.com>" }).mail).toEqual({
      from: "IT <it@example.com>",
      smtp: { host: "smtp.example.com", port: 587, security: "starttls", user: "portal", password: "pw", caFile: undefined, timeoutMs: 15_000 },
    });
    expect(parse({ PORTAL_SMTP_HOST: "smtp.example.com", PORTAL_SMTP_SECURITY: "TLS" }).mail.smtp).toMatchObject({ port: 465, security: "tls" });
  });

  it("refuses SMTP settings that are wrong, incomplete or would send the password in clear", () => {
    expect(problem({ PORTAL_SMTP_PORT: "25" })).toContain("PORTAL_SMTP_HOST must be set when PORTAL_SMTP_PORT is");
    expect(problem({ PORTAL_SMTP_HOST: "smtp.example.com", PORTAL_SMTP_USER: "portal" })).toContain("PORTAL_SMTP_USER and PORTAL_SMTP_PASSWORD must be set together");
    expect(problem({ PORTAL_SMTP_HOST: "smtp.example.com", PORTAL_SMTP_SECURITY: "none", PORTAL_SMTP_USER: "u", PORTAL_SMTP_PASSWORD: "secret-pw" })).toContain(
      "PORTAL_SMTP_SECURITY=none cannot be used with PORTAL_SMTP_USER",
    );
    expect(problem({ PORTAL_SMTP_HOST: "smtp.example.com", PORTAL_SMTP_SECURITY: "ssl" })).toContain('PORTAL_SMTP_SECURITY must be starttls, tls or none (got "ssl")');
    expect(problem({ PORTAL_MAIL_FROM: "portal at example" })).toContain("PORTAL_MAIL_FROM must be an e-mail address");
    expect(problem({ PORTAL_SMTP_HOST: "smtp.example.com", PORTAL_SMTP_CA_FILE: "/nonexistent.pem" })).toContain("PORTAL_SMTP_CA_FILE must be the path of a readable PEM file");
    const secret = problem({ PORTAL_SMTP_HOST: "smtp.example.com", PORTAL_SMTP_USER: "u", PORTAL_SMTP_PASSWORD: "x".repeat(2000) });
    expect(secret).not.toContain("xxxx");
  });

  it("reads the session lifetimes and the roles that must use MFA", () => {
    expect(parse({ PORTAL_SESSION_IDLE_MINUTES: "15", PORTAL_SESSION_MAX_HOURS: "12" }).sessions).toEqual({ idleMinutes: 15, maxHours: 12 });
    expect(parse({ PORTAL_MFA_REQUIRED_ROLES: "admin, employee,ADMIN" }).mfaRequiredRoles).toEqual(["ADMIN", "EMPLOYEE"]);
    expect(parse({ PORTAL_MFA_REQUIRED_ROLES: "none" }).mfaRequiredRoles).toEqual([]);
  });

  it("treats empty values as unset", () => {
    expect(parse({ DATABASE_URL: "", AWS_REGION: " ", PORT: "" }).embedded).toBe(true);
  });

  it("uses PostgreSQL, no demo seed and the given secret when DATABASE_URL is set", () => {
    const config = parse({ DATABASE_URL: "postgresql://portal:pw@db.internal:5432/portal", AUTH_SECRET: SECRET });
    expect(config.database).toEqual({ kind: "postgres", url: "postgresql://portal:pw@db.internal:5432/portal" });
    expect(config.embedded).toBe(false);
    expect(config.seedDemo).toBe(false);
    expect(config.authSecret).toBe(SECRET);
    expect(config.authSecretSource).toBe("env");
  });

  it("turns the emulator off with DATABASE_URL, when AWS_ENDPOINT_URL points elsewhere, or with PORTAL_EMULATOR=off", () => {
    const external = parse({ AWS_ENDPOINT_URL: "http://emulator:4599" });
    expect(external.emulator.enabled).toBe(false);
    expect(external.awsEndpoint).toBe("http://emulator:4599");
    const production = parse({ DATABASE_URL: "postgresql://portal:secret@db:5432/portal", AUTH_SECRET: SECRET });
    expect(production.emulator.enabled).toBe(false);
    expect(production.awsEndpoint).toBeUndefined();
    const real = parse({ PORTAL_EMULATOR: "off" });
    expect(real.emulator.enabled).toBe(false);
    expect(real.awsEndpoint).toBeUndefined();
  });

  it("seeds the demo only with the embedded emulator unless PORTAL_SEED_DEMO=billable", () => {
    // An emulator elsewhere or real AWS: the demo's desktops would be created (and billed) there.
    expect(parse({ AWS_ENDPOINT_URL: "http://emulator:4599" }).seedDemo).toBe(false);
    expect(parse({ PORTAL_EMULATOR: "off" }).seedDemo).toBe(false);
    expect(parse({ PORTAL_EMULATOR: "off", PORTAL_SEED_DEMO: "billable" }).seedDemo).toBe(true);
    expect(parse({ AWS_ENDPOINT_URL: "http://emulator:4599", PORTAL_SEED_DEMO: "BILLABLE" }).seedDemo).toBe(true);
    // With the emulator on, "on" is enough, also on PostgreSQL (the benchmark does that).
    expect(parse({ PORTAL_EMULATOR: "on", PORTAL_SEED_DEMO: "on", DATABASE_URL: "postgresql://db/portal", AUTH_SECRET: SECRET }).seedDemo).toBe(true);
    expect(parse({ PORTAL_SEED_DEMO: "off" }).seedDemo).toBe(false);
  });

  it("reads every setting", () => {
    const config = parse({
      PORTAL_DATA_DIR: "/var/lib/portal",
      AWS_REGION: "eu-central-1",
      PORTAL_EMULATOR: "ON",
      PORTAL_EMULATOR_PORT: "4600",
      PORTAL_EMULATOR_SPEED: "test",
      AUTH_SECRET: SECRET,
      AUTH_URL: "https://portal.example.com/",
      PORT: "8080",
      PORTAL_VOLUME_ENCRYPTION_KEY: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      PORTAL_WORKER: "off",
      PORTAL_SEED_DEMO: "false",
      PORTAL_DEFAULT_AUTOSTOP_HOURS: "48",
      PORTAL_CURRENCY: "eur",
    });
    expect(config).toMatchObject({
      dataDir: "/var/lib/portal",
      database: { kind: "pglite", dir: "/var/lib/portal/pglite" },
      awsRegion: "eu-central-1",
      emulator: { enabled: true, port: 4600, speed: "test", stateDir: "/var/lib/portal/emulator" },
      awsEndpoint: "http://localhost:4600",
      authSecretSource: "env",
      portalUrl: "https://portal.example.com",
      port: 8080,
      volumeEncryptionKey: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      worker: false,
      seedDemo: false,
      defaultAutoStopHours: 48,
      currency: "EUR",
    });
    expect(parse({ PORT: "4000" }).portalUrl).toBe("http://localhost:4000");
    expect(parse({ PORTAL_URL: "http://a.test", AUTH_URL: "http://b.test" }).portalUrl).toBe("http://a.test");
    expect(parse({ PORTAL_VOLUME_ENCRYPTION_KEY: "alias/workspaces" }).volumeEncryptionKey).toBe("alias/workspaces");
    expect(parse({ AWS_REGION: "us-gov-west-1" }).awsRegion).toBe("us-gov-west-1");
  });

  it("reads the background work's settings, the same for npm start and npm run worker", () => {
    const config = parse({
      WORKER_ID: "worker-a",
      WORKER_POLL_MS: "100",
      WORKER_RECONCILE_MS: "300",
      WORKER_SWEEP_MS: "0",
      WORKER_LEASE_MS: "3000",
      WORKER_CLAIM_LIMIT: "50",
      WORKER_UNKNOWN_OUTCOME_DELAY_MS: "2000",
      WORKER_SCHEDULER: "off",
      WORKER_BILLING_TICK_MS: "5000",
      WORKER_CATALOGUE_REFRESH_MS: "60000",
      WORKER_HEALTH_PORT: "9101",
    });
    expect(config.jobs).toEqual({
      workerId: "worker-a",
      pollMs: 100,
      reconcileMs: 300,
      sweepMs: 0,
      leaseMs: 3_000,
      claimLimit: 50,
      unknownOutcomeDelayMs: 2_000,
      scheduler: false,
      billingTickMs: 5_000,
      catalogueRefreshMs: 60_000,
      healthPort: 9101,
    });
  });

  it("polls faster when the embedded emulator runs at test speed, unless told otherwise", () => {
    expect(parse({ PORTAL_EMULATOR_SPEED: "0.03" }).jobs).toMatchObject({ pollMs: 250, reconcileMs: 500 });
    expect(parse({ PORTAL_EMULATOR_SPEED: "test", WORKER_RECONCILE_MS: "2000" }).jobs).toMatchObject({ pollMs: 250, reconcileMs: 2_000 });
    // A separate worker against an emulator elsewhere: the usual intervals.
    expect(parse({ PORTAL_EMULATOR: "off", AWS_ENDPOINT_URL: "http://localhost:4599" }).jobs).toMatchObject({ pollMs: 1_000, reconcileMs: 10_000 });
  });

  it("notes an endpoint override and credentials in the environment (the SDK reads them itself)", () => {
    expect(parse({ AWS_ENDPOINT_URL: "http://localhost:4599" }).aws).toEqual({ endpointOverride: true, credentialsInEnvironment: false });
    expect(parse({ AWS_ENDPOINT_URL_WORKSPACES: "http://ws.test" }).aws.endpointOverride).toBe(true);
    expect(parse({ AWS_ENDPOINT_URL: "http://localhost:4599", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }).aws.endpointOverride).toBe(false);
    expect(parse({ AWS_ACCESS_KEY_ID: "AKIA", AWS_SECRET_ACCESS_KEY: "x" }).aws.credentialsInEnvironment).toBe(true);
    expect(parse({ AWS_ACCESS_KEY_ID: "AKIA" }).aws.credentialsInEnvironment).toBe(false);
    expect(parse({ AWS_PROFILE: "portal" }).aws.credentialsInEnvironment).toBe(true);
  });
});

describe("directory sign-in settings", () => {
  it("reads LDAPS endpoints per directory, the CA file, the default directory and the timeout", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ldap-ca-"));
    const caFile = path.join(dir, "ca.pem");
    fs.writeFileSync(caFile, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    const config = parse({
      DATABASE_URL: "postgresql://db/portal",
      AUTH_SECRET: SECRET,
      PORTAL_LDAP_ENDPOINTS: "d-1234567890=ldaps://dc1.corp.example.com:636, d-abcdef0123=ldaps://10.0.0.5",
      PORTAL_LDAP_CA_FILE: caFile,
      PORTAL_DEFAULT_DIRECTORY: "corp.example.com",
      PORTAL_LDAP_TIMEOUT_MS: "3000",
    });
    expect(config.directorySignIn).toEqual({
      endpoints: { "d-1234567890": "ldaps://dc1.corp.example.com:636", "d-abcdef0123": "ldaps://10.0.0.5" },
      caFile,
      defaultDirectory: "corp.example.com",
      timeoutMs: 3000,
      demo: { enabled: false, directoryId: "d-9067000001" },
    });
  });

  it("trusts the emulator's CA as well when a real DC with its own CA answers for one directory", () => {
    const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ldap-ca-")), "ca.pem");
    fs.writeFileSync(caFile, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    const config = parse({ PORTAL_LDAP_ENDPOINTS: "d-9067000001=ldaps://127.0.0.1:636", PORTAL_LDAP_CA_FILE: caFile });
    expect(config.directorySignIn).toMatchObject({
      endpoints: { "*": "ldaps://127.0.0.1:4600", "d-9067000001": "ldaps://127.0.0.1:636" },
      caFile,
      emulatorCaFile: "/srv/portal/.data/emulator/ldap/ca.pem",
    });
  });

  it("points every directory at the embedded emulator's LDAPS and trusts its CA, unless told otherwise", () => {
    expect(parse({}).directorySignIn).toMatchObject({
      endpoints: { "*": "ldaps://127.0.0.1:4600" },
      caFile: "/srv/portal/.data/emulator/ldap/ca.pem",
      demo: { enabled: true },
    });
    expect(parse({}).emulator.ldapPort).toBe(4600);
    expect(parse({ PORTAL_EMULATOR_PORT: "3701" }).directorySignIn.endpoints).toEqual({ "*": "ldaps://127.0.0.1:3702" });
    expect(parse({ PORTAL_EMULATOR_LDAP_PORT: "3799" }).directorySignIn.endpoints).toEqual({ "*": "ldaps://127.0.0.1:3799" });
    const off = parse({ PORTAL_DEMO_DIRECTORY: "off" });
    expect(off.directorySignIn).toMatchObject({ endpoints: {}, caFile: undefined, demo: { enabled: false } });
    expect(off.emulator.ldapPort).toBeUndefined();
    // One directory elsewhere: that one goes there, the others still to the emulator.
    expect(parse({ PORTAL_LDAP_ENDPOINTS: "d-9067000001=ldaps://127.0.0.1:1636" }).directorySignIn).toMatchObject({
      endpoints: { "*": "ldaps://127.0.0.1:4600", "d-9067000001": "ldaps://127.0.0.1:1636" },
      demo: { enabled: true },
    });
    // "*" elsewhere: the emulator answers no LDAP.
    expect(parse({ PORTAL_LDAP_ENDPOINTS: "*=ldaps://ldap-proxy.corp.example.com" }).directorySignIn).toMatchObject({
      endpoints: { "*": "ldaps://ldap-proxy.corp.example.com" },
      demo: { enabled: false },
    });
  });
});

describe("directory service accounts (directory users pages)", () => {
  it("reads each directory's account and where its password is, never the password itself", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ldap-svc-"));
    const file = path.join(dir, "password");
    fs.writeFileSync(file, "from-a-file\n");
    const config = parse({
      DATABASE_URL: "postgresql://db/portal",
      AUTH_SECRET: SECRET,
      PORTAL_LDAP_SERVICE_ACCOUNTS: "d-1234567890=svc-portal@corp.example.com, d-abcdef0123=CORP\\svc-portal",
      PORTAL_LDAP_SERVICE_PASSWORD_D_1234567890: "in-the-environment",
      PORTAL_LDAP_SERVICE_PASSWORD_FILE_D_ABCDEF0123: file,
    });
    expect(config.directoryServiceAccounts).toEqual({
      "d-1234567890": { bindName: "svc-portal@corp.example.com", password: { env: "PORTAL_LDAP_SERVICE_PASSWORD_D_1234567890" } },
      "d-abcdef0123": { bindName: "CORP\\svc-portal", password: { file } },
    });
    expect(JSON.stringify(config)).not.toContain("in-the-environment");
    expect(parse({ DATABASE_URL: "postgresql://db/portal", AUTH_SECRET: SECRET }).directoryServiceAccounts).toEqual({});
  });

  it("manages the demo directory's users as its Administrator in the emulator in the embedded default, never elsewhere", () => {
    const demo = { "d-9067000001": { bindName: "Administrator@corp.example.com", password: { emulatorDemo: true } } };
    expect(parse({}).directoryServiceAccounts).toEqual(demo);
    // The place, not the password: a logged configuration does not show it.
    expect(JSON.stringify(parse({}))).not.toContain("Adm1n-Test-Pass!");
    // Other directories' accounts come on top.
    expect(parse({ PORTAL_LDAP_SERVICE_ACCOUNTS: "d-1234567890=svc@corp.example.com", PORTAL_LDAP_SERVICE_PASSWORD_D_1234567890: "x" }).directoryServiceAccounts).toEqual({
      ...demo,
      "d-1234567890": { bindName: "svc@corp.example.com", password: { env: "PORTAL_LDAP_SERVICE_PASSWORD_D_1234567890" } },
    });
    // Not when the demo directory answers from elsewhere (a real DC), nor without the emulator's LDAPS.
    expect(parse({ PORTAL_LDAP_ENDPOINTS: "d-9067000001=ldaps://127.0.0.1:636" }).directoryServiceAccounts).toEqual({});
    expect(parse({ PORTAL_LDAP_ENDPOINTS: "*=ldaps://ldap-proxy.corp.example.com" }).directoryServiceAccounts).toEqual({});
    expect(parse({ PORTAL_DEMO_DIRECTORY: "off" }).directoryServiceAccounts).toEqual({});
    expect(parse({ PORTAL_EMULATOR: "off" }).directoryServiceAccounts).toEqual({});
    expect(parse({ AWS_ENDPOINT_URL: "http://127.0.0.1:4566" }).directoryServiceAccounts).toEqual({});
  });

  it("lets the operator's own service account for the demo directory win over the default", () => {
    expect(
      parse({ PORTAL_LDAP_SERVICE_ACCOUNTS: "d-9067000001=CORP\\svc-portal", PORTAL_LDAP_SERVICE_PASSWORD_D_9067000001: "the-operators" }).directoryServiceAccounts,
    ).toEqual({ "d-9067000001": { bindName: "CORP\\svc-portal", password: { env: "PORTAL_LDAP_SERVICE_PASSWORD_D_9067000001" } } });
  });

  it("refuses at start an account without its password, or with two, or a bad pair, without showing a password", () => {
    expect(() => parse({ PORTAL_LDAP_SERVICE_ACCOUNTS: "d-1234567890=svc@corp.example.com" })).toThrow(
      "PORTAL_LDAP_SERVICE_ACCOUNTS names svc@corp.example.com for d-1234567890: set its password in PORTAL_LDAP_SERVICE_PASSWORD_D_1234567890 or a file named by PORTAL_LDAP_SERVICE_PASSWORD_FILE_D_1234567890",
    );
    expect(() =>
      parse({ PORTAL_LDAP_SERVICE_ACCOUNTS: "d-1234567890=svc@corp.example.com", PORTAL_LDAP_SERVICE_PASSWORD_FILE_D_1234567890: "/nonexistent/pw" }),
    ).toThrow("PORTAL_LDAP_SERVICE_PASSWORD_FILE_D_1234567890 must be the path of a readable, non-empty file with the password of svc@corp.example.com");
    let message = "";
    try {
      parse({
        PORTAL_LDAP_SERVICE_ACCOUNTS: "d-1234567890=svc@corp.example.com",
        PORTAL_LDAP_SERVICE_PASSWORD_D_1234567890: "Secret-Value-1",
        PORTAL_LDAP_SERVICE_PASSWORD_FILE_D_1234567890: "/etc/hostname",
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("are both set: keep one");
    expect(message).not.toContain("Secret-Value-1");
    expect(() => parse({ PORTAL_LDAP_SERVICE_ACCOUNTS: "d-1234567890=svc" })).toThrow("PORTAL_LDAP_SERVICE_ACCOUNTS must be comma-separated directory-id=account pairs");
  });
});

describe("parseConfig errors name the variable and what it expects", () => {
  const cases: Array<[Env, string]> = [
    [{ AWS_REGION: "moon" }, 'Invalid configuration: AWS_REGION must be an AWS region like us-east-1 (got "moon")'],
    [{ DATABASE_URL: "mysql://u:pw@h/db", AUTH_SECRET: SECRET }, 'DATABASE_URL must be a PostgreSQL URL like postgresql://user:password@host:5432/portal (got "mysql://u:***@h/db")'],
    [{ AWS_ENDPOINT_URL: "localhost:4599" }, 'AWS_ENDPOINT_URL must be an http(s) URL like http://localhost:4599 (got "localhost:4599")'],
    [{ PORTAL_EMULATOR: "maybe" }, 'PORTAL_EMULATOR must be on or off (got "maybe")'],
    [{ PORTAL_EMULATOR_PORT: "70000" }, 'PORTAL_EMULATOR_PORT must be a port number from 1 to 65535 (got "70000")'],
    [{ PORTAL_EMULATOR_SPEED: "fast" }, 'PORTAL_EMULATOR_SPEED must be test, demo or a factor between 0 and 1 such as 0.03 (got "fast")'],
    [{ AUTH_SECRET: "short" }, "AUTH_SECRET must be at least 32 characters long (generate one with: openssl rand -base64 33) (got 5 characters)"],
    [{ DATABASE_URL: "postgresql://db/portal" }, "AUTH_SECRET must be set when DATABASE_URL is set"],
    [{ PORTAL_URL: "ftp://portal" }, 'PORTAL_URL must be an http(s) URL like http://localhost:3000 (got "ftp://portal")'],
    [{ AUTH_URL: "not a url" }, 'AUTH_URL must be an http(s) URL like http://localhost:3000 (got "not a url")'],
    [{ PORT: "3000.5" }, 'PORT must be a port number from 1 to 65535 (got "3000.5")'],
    [{ PORTAL_VOLUME_ENCRYPTION_KEY: "my-key" }, 'PORTAL_VOLUME_ENCRYPTION_KEY must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) or an alias like alias/workspaces (got "my-key")'],
    [{ PORTAL_WORKER: "yes please" }, 'PORTAL_WORKER must be on or off (got "yes please")'],
    [{ PORTAL_INSTANCE_NAME: "web 1" }, 'PORTAL_INSTANCE_NAME must be a name of letters, digits, dots, dashes and underscores, at most 64 (got "web 1")'],
    [{ PORTAL_SEED_DEMO: "2" }, 'PORTAL_SEED_DEMO must be on, off or billable (got "2")'],
    [
      { PORTAL_EMULATOR: "off", PORTAL_SEED_DEMO: "on" },
      "PORTAL_SEED_DEMO=on needs the embedded emulator (PORTAL_EMULATOR is off): the demo creates six desktops, three of them AlwaysOn, which AWS bills in the account the portal uses. Set PORTAL_SEED_DEMO=billable to create these billable desktops anyway",
    ],
    [{ AWS_ENDPOINT_URL: "http://emulator:4599", PORTAL_SEED_DEMO: "true" }, "PORTAL_SEED_DEMO=on needs the embedded emulator"],
    [{ PORTAL_DEFAULT_AUTOSTOP_HOURS: "0" }, 'PORTAL_DEFAULT_AUTOSTOP_HOURS must be a whole number of hours from 1 to 48 (got "0")'],
    [{ PORTAL_DEFAULT_AUTOSTOP_HOURS: "49" }, 'PORTAL_DEFAULT_AUTOSTOP_HOURS must be a whole number of hours from 1 to 48 (got "49")'],
    [{ PORTAL_DEFAULT_AUTOSTOP_HOURS: "1.5" }, 'PORTAL_DEFAULT_AUTOSTOP_HOURS must be a whole number of hours from 1 to 48 (got "1.5")'],
    [{ PORTAL_SESSION_IDLE_MINUTES: "0" }, 'PORTAL_SESSION_IDLE_MINUTES must be a whole number of minutes from 5 to 1440 (got "0")'],
    [{ PORTAL_SESSION_MAX_HOURS: "forever" }, 'PORTAL_SESSION_MAX_HOURS must be a whole number of hours from 1 to 168 (got "forever")'],
    [{ PORTAL_MFA_REQUIRED_ROLES: "ADMIN,ROOT" }, "PORTAL_MFA_REQUIRED_ROLES must be a comma-separated list of EMPLOYEE, APPROVER and ADMIN, or none"],
    [{ PORTAL_CURRENCY: "dollars" }, 'PORTAL_CURRENCY must be an ISO 4217 currency code like USD (got "dollars")'],
    [{ WORKER_POLL_MS: "fast" }, 'WORKER_POLL_MS must be milliseconds from 10 to 600000 (got "fast")'],
    [{ WORKER_RECONCILE_MS: "-5" }, 'WORKER_RECONCILE_MS must be milliseconds from 100 to 3600000 (got "-5")'],
    [{ WORKER_CLAIM_LIMIT: "0" }, 'WORKER_CLAIM_LIMIT must be a whole number from 1 to 5000 (got "0")'],
    [{ WORKER_SCHEDULER: "sometimes" }, 'WORKER_SCHEDULER must be on or off (got "sometimes")'],
    [{ WORKER_ID: "a b" }, 'WORKER_ID must be letters, digits, dots, dashes or underscores (got "a b")'],
    [{ PORTAL_LDAP_ENDPOINTS: "d-1234567890=ldap://dc1:389" }, "PORTAL_LDAP_ENDPOINTS must be comma-separated directory-id=ldaps-URL pairs"],
    [{ PORTAL_LDAP_ENDPOINTS: "corp=ldaps://dc1:636" }, "PORTAL_LDAP_ENDPOINTS must be comma-separated directory-id=ldaps-URL pairs"],
    [{ PORTAL_LDAP_CA_FILE: "/nonexistent/ca.pem" }, 'PORTAL_LDAP_CA_FILE must be the path of a readable PEM file with at least one CERTIFICATE (got "/nonexistent/ca.pem")'],
    [{ PORTAL_DEFAULT_DIRECTORY: "corp" }, "PORTAL_DEFAULT_DIRECTORY must be a directory id like d-1234567890 or a directory DNS name"],
    [{ PORTAL_LDAP_TIMEOUT_MS: "10" }, 'PORTAL_LDAP_TIMEOUT_MS must be milliseconds from 500 to 60000 (got "10")'],
    [{ PORTAL_DEMO_DIRECTORY: "maybe" }, 'PORTAL_DEMO_DIRECTORY must be on or off (got "maybe")'],
  ];
  it.each(cases)("%j", (env, message) => {
    expect(problem(env)).toContain(message);
    expect(problem(env)).toMatch(/^Invalid configuration: /);
  });

  it("lists every wrong value at once", () => {
    const message = problem({ AWS_REGION: "moon", PORT: "-1" });
    expect(message).toContain("AWS_REGION must be");
    expect(message).toContain("PORT must be");
  });

  it("never shows a database password", () => {
    expect(problem({ DATABASE_URL: "mysql://portal:hunter2@h/db" })).not.toContain("hunter2");
  });
});

describe("embedded auth secret", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    resetConfigForTests();
  });

  it("is generated once into <dataDir>/auth-secret, owner-readable only, and reused", () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-config-"));
    const first = parseConfig({ PORTAL_DATA_DIR: dir });
    // Nothing is written until the secret is asked for.
    expect(fs.existsSync(path.join(dir, "auth-secret"))).toBe(false);
    const second = parseConfig({ PORTAL_DATA_DIR: dir });
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.authSecret).toBe(first.authSecret);
    const file = path.join(dir, "auth-secret");
    expect(fs.readFileSync(file, "utf8").trim()).toBe(first.authSecret);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
  });

  it("refuses a file holding a short secret", () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-config-"));
    const file = path.join(dir, "auth-secret");
    fs.writeFileSync(file, "short\n");
    expect(() => loadOrCreateAuthSecret(file)).toThrow(/auth secret in .*auth-secret must be at least 32 characters/);
  });

  it("getConfig parses process.env once", () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-config-"));
    const saved = { ...process.env };
    try {
      process.env.PORTAL_DATA_DIR = dir;
      process.env.AWS_REGION = "ap-southeast-2";
      resetConfigForTests();
      const config = getConfig();
      process.env.AWS_REGION = "moon";
      expect(getConfig()).toBe(config);
      expect(getConfig().awsRegion).toBe("ap-southeast-2");
    } finally {
      process.env = saved;
    }
  });
});

describe("single sign-on settings", () => {
  const sso = { PORTAL_OIDC_ISSUER: "https://corp.okta.com/oauth2/default", PORTAL_OIDC_CLIENT_ID: "0oa1portal", PORTAL_OIDC_CLIENT_SECRET: "very-secret-value" };

  it("is off when no PORTAL_OIDC_ setting is present", () => {
    expect(parse({ PORTAL_OIDC_ISSUER: "" }).oidc).toBeNull();
  });

  it("takes issuer, client and defaults for the rest", () => {
    expect(parse(sso).oidc).toEqual({
      issuer: "https://corp.okta.com/oauth2/default",
      clientId: "0oa1portal",
      clientSecret: "very-secret-value",
      scopes: "openid email profile",
      name: "single sign-on",
      groupsClaim: "groups",
      usernameClaim: "preferred_username",
      managerClaim: "manager_email",
      usernameDomain: undefined,
      directoryId: undefined,
    });
  });

  it("reads the optional settings", () => {
    const config = parse({
      ...sso,
      PORTAL_OIDC_SCOPES: " openid  email profile groups ",
      PORTAL_OIDC_NAME: "Okta",
      PORTAL_OIDC_GROUPS_CLAIM: "roles",
      PORTAL_OIDC_USERNAME_CLAIM: "upn",
      PORTAL_OIDC_USERNAME_DOMAIN: "Corp.Example.com",
      PORTAL_OIDC_DIRECTORY_ID: "d-1234567890",
    });
    expect(config.oidc).toMatchObject({
      scopes: "openid email profile groups",
      name: "Okta",
      groupsClaim: "roles",
      usernameClaim: "upn",
      usernameDomain: "corp.example.com",
      directoryId: "d-1234567890",
    });
  });

  it("refuses an issuer without client id and secret, naming what is missing", () => {
    expect(problem({ PORTAL_OIDC_ISSUER: sso.PORTAL_OIDC_ISSUER })).toContain(
      "Single sign-on needs PORTAL_OIDC_ISSUER, PORTAL_OIDC_CLIENT_ID, PORTAL_OIDC_CLIENT_SECRET together: PORTAL_OIDC_CLIENT_ID and PORTAL_OIDC_CLIENT_SECRET are missing",
    );
    expect(problem({ PORTAL_OIDC_NAME: "Okta" })).toContain("PORTAL_OIDC_ISSUER and PORTAL_OIDC_CLIENT_ID and PORTAL_OIDC_CLIENT_SECRET are missing");
    expect(problem({ ...sso, PORTAL_OIDC_CLIENT_SECRET: "" })).toContain("PORTAL_OIDC_CLIENT_SECRET is missing");
  });

  it("refuses a plain-http issuer except on this machine, and scopes without openid", () => {
    expect(problem({ ...sso, PORTAL_OIDC_ISSUER: "http://idp.example.com" })).toContain("PORTAL_OIDC_ISSUER must be the provider's https issuer URL");
    expect(parse({ ...sso, PORTAL_OIDC_ISSUER: "http://localhost:3410" }).oidc?.issuer).toBe("http://localhost:3410");
    expect(problem({ ...sso, PORTAL_OIDC_SCOPES: "email profile" })).toContain("PORTAL_OIDC_SCOPES must be space-separated scopes including openid");
    expect(problem({ ...sso, PORTAL_OIDC_DIRECTORY_ID: "corp" })).toContain("PORTAL_OIDC_DIRECTORY_ID must be a directory id");
  });

  it("never prints the client secret", () => {
    expect(problem({ ...sso, PORTAL_OIDC_CLIENT_SECRET: "x".repeat(3000) })).toContain("PORTAL_OIDC_CLIENT_SECRET must be the client secret the provider issued (got 3000 characters)");
  });
});

describe("logs and metrics", () => {
  const postgres = { DATABASE_URL: "postgresql://portal:pw@db:5432/portal", AUTH_SECRET: SECRET };

  it("writes human-readable lines embedded and JSON lines on PostgreSQL, unless told", () => {
    expect(parse({}).logging).toEqual({ format: "pretty", level: "info" });
    expect(parse(postgres).logging).toEqual({ format: "json", level: "info" });
    expect(parse({ PORTAL_LOG_FORMAT: "JSON", PORTAL_LOG_LEVEL: "debug" }).logging).toEqual({ format: "json", level: "debug" });
    expect(parse({ ...postgres, PORTAL_LOG_FORMAT: "pretty" }).logging.format).toBe("pretty");
  });

  it("refuses unknown formats and levels", () => {
    expect(problem({ PORTAL_LOG_FORMAT: "xml" })).toContain('PORTAL_LOG_FORMAT must be json or pretty (got "xml")');
    expect(problem({ PORTAL_LOG_LEVEL: "loud" })).toContain("PORTAL_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent");
  });

  it("serves metrics only when a port is set, on this machine unless told", () => {
    expect(parse({}).metrics).toBeNull();
    expect(parse({ PORTAL_METRICS_PORT: "9464" }).metrics).toEqual({ port: 9464, host: "127.0.0.1" });
    expect(parse({ PORTAL_METRICS_PORT: "9464", PORTAL_METRICS_HOST: "0.0.0.0" }).metrics).toEqual({ port: 9464, host: "0.0.0.0" });
    expect(problem({ PORTAL_METRICS_HOST: "0.0.0.0" })).toContain("PORTAL_METRICS_HOST needs PORTAL_METRICS_PORT");
    expect(problem({ PORTAL_METRICS_PORT: "70000" })).toContain("PORTAL_METRICS_PORT must be a port number from 1 to 65535");
  });
});
