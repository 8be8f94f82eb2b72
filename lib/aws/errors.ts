// Maps whatever the SDK throws into the portal's own failure value. Raw SDK errors never leave
// lib/aws: callers decide on `kind`, and show `code`/`message` (AWS's own words) to admins.

export type AwsFailureKind =
  /** AWS refused because of the request rate; it did not act. Safe to send again later. */
  | "throttled"
  /** AWS (or the network before it) failed and did not act, or the call only reads. Retry later. */
  | "server"
  /** The request itself is wrong (4xx). Sending it again gives the same answer. */
  | "client"
  /** A mutation whose answer was lost (timeout, reset connection, 5xx): AWS may have acted. */
  | "unknown-outcome";

export interface AwsFailure {
  ok: false;
  kind: AwsFailureKind;
  code: string;
  message: string;
  requestId?: string;
  httpStatus?: number;
}

const THROTTLING_CODES = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "LimitExceededException",
  "SlowDown",
]);

/** Network failures where the request certainly never reached AWS. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  Message?: string;
  cause?: unknown;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $response?: { statusCode?: number };
}

export function isThrottlingError(error: unknown): boolean {
  const e = (error ?? {}) as SdkLikeError;
  return e.$metadata?.httpStatusCode === 429 || THROTTLING_CODES.has(e.name ?? "");
}

function networkCode(error: SdkLikeError, depth = 0): string | undefined {
  if (typeof error.code === "string" && /^E[A-Z_]+$/.test(error.code)) return error.code;
  if (depth < 5 && error.cause && typeof error.cause === "object") {
    return networkCode(error.cause as SdkLikeError, depth + 1);
  }
  return undefined;
}

/**
 * @param mutating whether the call changes AWS. A lost answer to a read is just a server failure;
 * a lost answer to a mutation is an unknown outcome that must be checked before re-sending.
 */
export function toAwsFailure(error: unknown, mutating: boolean): AwsFailure {
  const e = (error ?? {}) as SdkLikeError;
  const httpStatus = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const requestId = e.$metadata?.requestId || undefined;
  const code = e.name && e.name !== "Error" ? e.name : (networkCode(e) ?? "UnknownError");
  const message = e.message || e.Message || code;
  const base = { ok: false as const, code, message, requestId, httpStatus };

  if (isThrottlingError(e)) return { ...base, kind: "throttled" };
  if (httpStatus !== undefined && httpStatus >= 400 && httpStatus < 500) {
    // 408 Request Timeout behaves like a lost answer.
    if (httpStatus !== 408) return { ...base, kind: "client" };
  }
  if (httpStatus === undefined) {
    const net = networkCode(e);
    if (net && NOT_SENT_CODES.has(net)) return { ...base, code: net, kind: "server" };
  }
  return { ...base, kind: mutating ? "unknown-outcome" : "server" };
}
