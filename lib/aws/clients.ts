// The only place that constructs AWS SDK clients.
// - Region comes from the caller (config); credentials from the SDK's default chain, except for an
//   emulator (an explicit endpoint, or `emulator` from lib/config), where static fake credentials
//   are used.
// - The endpoint is left to the SDK's own AWS_ENDPOINT_URL(_WORKSPACES/_DIRECTORY_SERVICE/_EC2)
//   support unless a caller (a test) passes one explicitly.
// - Every HTTP attempt waits for the rate limiter (a middleware inside the SDK's retry loop).
// - Reads use the SDK's standard retry (jittered exponential backoff on throttling, 5xx and
//   transient network errors; 4xx not retried). Mutations retry ONLY on throttling: CreateWorkspaces
//   has no client token, so a blind SDK retry after a lost answer could create a second desktop.
//   Lost answers surface as "unknown-outcome" and the worker checks AWS before sending again.

import { KMSClient } from "@aws-sdk/client-kms";
import { WorkSpacesClient, type WorkSpacesClientConfig } from "@aws-sdk/client-workspaces";
import { DirectoryServiceClient } from "@aws-sdk/client-directory-service";
import { EC2Client } from "@aws-sdk/client-ec2";
import { backoffDelayMs, type BackoffPolicy } from "./backoff";
import { isThrottlingError } from "./errors";
import { unlimitedRateLimiter, type RateLimiter, type RateLimitKey } from "./rate-limiter";
import { metrics } from "@/lib/observability/metrics";

export interface AwsClientOptions {
  region: string;
  /** Explicit endpoint (tests against the emulator). Otherwise the SDK reads AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** Attempts per call including the first (SDK default 3). */
  maxAttempts?: number;
  retryMode?: "standard" | "adaptive";
  /** Label of the AWS account for rate limiting; AWS limits per account and region. */
  account?: string;
  limiter?: RateLimiter;
  /** Static fake credentials (an emulator). Default: when `endpoint` is given. The configured
   *  gateway decides from lib/config (an endpoint override and no credentials in the environment). */
  emulator?: boolean;
  /** Per-attempt socket timeouts, ms. */
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
  /** Backoff for throttled mutations (SDK retry). */
  throttleBackoff?: BackoffPolicy;
}

export interface AwsClients {
  region: string;
  account: string;
  /** Reads: standard SDK retries. */
  workspaces: WorkSpacesClient;
  /** Mutations: SDK retries only on throttling. */
  workspacesMutations: WorkSpacesClient;
  directoryService: DirectoryServiceClient;
  /** Directory Service mutations: SDK retries only on throttling (a lost CreateDirectory answer is
   *  checked by name before sending again, never resent blindly: it would make a second directory). */
  directoryServiceMutations: DirectoryServiceClient;
  /** EC2 (VPCs, subnets, gateways, route tables, security groups) reads: standard SDK retries. */
  ec2: EC2Client;
  /** EC2 mutations: SDK retries only on throttling (a lost CreateVpc answer is checked by tag, not resent). */
  ec2Mutations: EC2Client;
  /** KMS reads (DescribeKey: is a volume encryption key usable?). */
  kms: KMSClient;
  destroy(): void;
}

const EMULATOR_CREDENTIALS = { accessKeyId: "emulator", secretAccessKey: "emulator" };

type RetryStrategy = NonNullable<WorkSpacesClientConfig["retryStrategy"]>;
interface RetryTokenLike {
  getRetryCount(): number;
  getRetryDelay(): number;
}

/** SDK retry strategy (RetryStrategyV2 shape) that retries throttling only, with jittered backoff. */
export function throttleOnlyRetryStrategy(maxAttempts: number, policy: BackoffPolicy): RetryStrategy {
  const token = (count: number, delay: number): RetryTokenLike => ({
    getRetryCount: () => count,
    getRetryDelay: () => delay,
  });
  const strategy = {
    mode: "standard",
    acquireInitialRetryToken: async () => token(0, 0),
    refreshRetryTokenForRetry: async (previous: RetryTokenLike, info: { errorType: string; error?: unknown }) => {
      const next = previous.getRetryCount() + 1;
      const throttled = info.errorType === "THROTTLING" || isThrottlingError(info.error);
      if (!throttled || next >= maxAttempts) throw new Error("not retried");
      return token(next, backoffDelayMs(next, policy));
    },
    recordSuccess: () => {},
  };
  return strategy as unknown as RetryStrategy;
}

interface StackOwner {
  middlewareStack: {
    addRelativeTo(middleware: unknown, options: Record<string, unknown>): void;
  };
}

/** The service as the AwsCall log names it, from the SDK client's name. */
function serviceOf(context: { clientName?: string }): string {
  const names: Record<string, string> = { WorkSpacesClient: "workspaces", DirectoryServiceClient: "ds", EC2Client: "ec2", KMSClient: "kms" };
  return names[context.clientName ?? ""] ?? context.clientName ?? "unknown";
}

/** Adds the rate limiter inside the retry loop (before signing), so every attempt takes a token. */
function addRateLimitMiddleware(client: StackOwner, limiter: RateLimiter, base: Omit<RateLimitKey, "operation">) {
  const middleware =
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string; clientName?: string }) => async (args: unknown) => {
      const operation = (context.commandName ?? "Unknown").replace(/Command$/, "");
      const key = { ...base, operation };
      await limiter.acquire(key);
      try {
        return await next(args);
      } catch (error) {
        if (isThrottlingError(error)) {
          metrics().awsThrottled.inc({ service: serviceOf(context), operation });
          await limiter.reportThrottle(key);
        }
        throw error;
      }
    };
  client.middlewareStack.addRelativeTo(middleware, {
    name: "portalRateLimitMiddleware",
    relation: "before",
    toMiddleware: "httpSigningMiddleware",
    override: true,
  });
}

export function createAwsClients(options: AwsClientOptions): AwsClients {
  const account = options.account ?? "default";
  const limiter = options.limiter ?? unlimitedRateLimiter;
  const maxAttempts = options.maxAttempts ?? 3;
  const emulator = options.emulator ?? Boolean(options.endpoint);
  const common = {
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(emulator ? { credentials: EMULATOR_CREDENTIALS } : {}),
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 20_000,
      connectionTimeout: options.connectionTimeoutMs ?? 5_000,
    },
    maxAttempts,
  };

  const workspaces = new WorkSpacesClient({ ...common, retryMode: options.retryMode ?? "standard" });
  const workspacesMutations = new WorkSpacesClient({
    ...common,
    retryStrategy: throttleOnlyRetryStrategy(maxAttempts, options.throttleBackoff ?? { baseMs: 500, capMs: 10_000 }),
  });
  const directoryService = new DirectoryServiceClient({ ...common, retryMode: options.retryMode ?? "standard" });
  const directoryServiceMutations = new DirectoryServiceClient({
    ...common,
    retryStrategy: throttleOnlyRetryStrategy(maxAttempts, options.throttleBackoff ?? { baseMs: 500, capMs: 10_000 }),
  });
  const ec2 = new EC2Client({ ...common, retryMode: options.retryMode ?? "standard" });
  const ec2Mutations = new EC2Client({
    ...common,
    retryStrategy: throttleOnlyRetryStrategy(maxAttempts, options.throttleBackoff ?? { baseMs: 500, capMs: 10_000 }),
  });

  const kms = new KMSClient({ ...common, retryMode: options.retryMode ?? "standard" });

  const keyBase = { account, region: options.region };
  for (const client of [workspaces, workspacesMutations, directoryService, directoryServiceMutations, ec2, ec2Mutations, kms]) {
    addRateLimitMiddleware(client as unknown as StackOwner, limiter, keyBase);
  }

  return {
    region: options.region,
    account,
    workspaces,
    workspacesMutations,
    directoryService,
    directoryServiceMutations,
    ec2,
    ec2Mutations,
    kms,
    destroy() {
      workspaces.destroy();
      workspacesMutations.destroy();
      directoryService.destroy();
      directoryServiceMutations.destroy();
      ec2.destroy();
      ec2Mutations.destroy();
      kms.destroy();
    },
  };
}
