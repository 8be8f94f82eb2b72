// The portal's one logger (pino): JSON lines for a log collector, or human-readable lines in the
// embedded default (PORTAL_LOG_FORMAT, lib/config.ts). Every line carries the request id of the
// work it belongs to (request-context.ts). Secrets are removed by key before anything is written.
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";
import { getConfig, type LoggingConfig } from "../config";
import { currentLogContext } from "./request-context";

export type { Logger };

// Keys whose values never reach a log, at any of the first four levels of a logged object.
// Security: passwords, session and API secrets, tokens, cookies, RADIUS shared secrets and TOTP
// or recovery codes. ("code" alone is an error code everywhere else; only an input's is secret.)
const SECRET_KEYS = [
  "password",
  "Password",
  "newPassword",
  "NewPassword",
  "currentPassword",
  "confirmPassword",
  "passwordConfirm",
  "passwordHash",
  "sealedPassword",
  "secret",
  "Secret",
  "authSecret",
  "AUTH_SECRET",
  "clientSecret",
  "client_secret",
  "sharedSecret",
  "SharedSecret",
  "radiusSecret",
  "totpSecret",
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "idToken",
  "id_token",
  "sessionToken",
  "setupToken",
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  '["set-cookie"]',
  "totp",
  "totpCode",
  "otp",
  "mfaCode",
  "recoveryCode",
  "recoveryCodes",
  "SecretAccessKey",
  "secretAccessKey",
  "SessionToken",
];
const INPUT_KEYS = ["input", "body", "form", "formData", "values"];

/** `key`, `*.key`, `*.*.key`, `*.*.*.key` for each secret key; `input.code` and the like. */
export const REDACT_PATHS: string[] = [
  ...SECRET_KEYS.flatMap((key) =>
    [0, 1, 2, 3].map((depth) => (depth === 0 ? key : `${Array(depth).fill("*").join(".")}${key.startsWith("[") ? "" : "."}${key}`)),
  ),
  ...INPUT_KEYS.flatMap((key) => [`${key}.code`, `*.${key}.code`]),
];

export interface CreateLoggerOptions extends LoggingConfig {
  /** Where lines go (default: standard output). */
  destination?: DestinationStream | NodeJS.WritableStream;
}

export function createLogger(options: CreateLoggerOptions): Logger {
  const stream =
    options.format === "pretty"
      ? // Synchronous, in this thread: Next's bundle cannot start pino's worker-thread transports.
        pretty({ sync: true, destination: options.destination ?? 1, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname", singleLine: true })
      : (options.destination ?? pino.destination({ sync: true }));
  return pino(
    {
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      // The request id (or, in the worker, nothing: AWS calls name theirs) of the current work.
      mixin() {
        const reqId = currentLogContext()?.reqId;
        return reqId ? { reqId } : {};
      },
      serializers: {
        err: pino.stdSerializers.errWithCause,
        error: pino.stdSerializers.errWithCause,
        cause: (value: unknown) => (value instanceof Error ? pino.stdSerializers.errWithCause(value) : value),
      },
    },
    stream as DestinationStream,
  );
}

const HOLDER = Symbol.for("workspaces-portal.logger");
type Holder = { [HOLDER]?: Logger };

/** The process's logger, made from the settings on first use (shared by Next's bundle and the server). */
export function logger(): Logger {
  const holder = globalThis as Holder;
  return (holder[HOLDER] ??= createLogger(loggingSettings()));
}

// The logger must work even when the settings do not parse: that error is what it has to report.
function loggingSettings(): LoggingConfig {
  try {
    return getConfig().logging;
  } catch {
    return { format: process.env.DATABASE_URL ? "json" : "pretty", level: "info" };
  }
}

/** Replaces the process's logger (tests capture lines with it); returns the previous one. */
export function replaceLogger(next: Logger): Logger | undefined {
  const holder = globalThis as Holder;
  const previous = holder[HOLDER];
  holder[HOLDER] = next;
  return previous;
}

const children = new WeakMap<Logger, Map<string, Logger>>();

/** A part of the portal's lines ("worker", "aws", "http", "auth", ...), made on each use so that replaceLogger applies. */
export function log(component: string): Logger {
  const root = logger();
  let mine = children.get(root);
  if (!mine) children.set(root, (mine = new Map()));
  let child = mine.get(component);
  if (!child) mine.set(component, (child = root.child({ component })));
  return child;
}
