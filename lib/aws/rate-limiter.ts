// Client-side rate limiting for AWS calls, one token bucket per (account, region, operation).
// AWS publishes no fixed WorkSpaces rates and throttles fleets of ~50 desktops that poll freely,
// so every attempt the SDK makes waits for a token here first (see clients.ts).
//
// The interface is async on purpose: DbRateLimiter (db-rate-limiter.ts) keeps the buckets in the
// database so that every worker shares them; this in-process one serves tests and scripts.

export interface RateLimitKey {
  account: string;
  region: string;
  /** AWS operation name, e.g. "DescribeWorkspaces". */
  operation: string;
}

export interface RateLimiter {
  /** Resolves once a call for this key may be sent. Rejects if the signal aborts first. */
  acquire(key: RateLimitKey, signal?: AbortSignal): Promise<void>;
  /** AWS answered with a throttling error for this key: slow down for everyone using it. */
  reportThrottle(key: RateLimitKey): void | Promise<void>;
}

export interface BucketRate {
  /** Tokens added per second (steady calls per second). */
  ratePerSecond: number;
  /** Bucket size: how many calls may go at once after a quiet period. */
  burst: number;
}

/**
 * Ceilings per operation. AWS publishes no WorkSpaces rates; the shared limiter (db-rate-limiter.ts)
 * starts at these and, on throttling, cuts the rate and grows it back (AIMD), so the ceiling only has
 * to be above what AWS allows. Reads are polled more than mutations are sent.
 */
export const DEFAULT_BUCKET_RATE: BucketRate = { ratePerSecond: 2, burst: 5 };
export const DEFAULT_OPERATION_RATES: Readonly<Record<string, BucketRate>> = {
  DescribeWorkspaces: { ratePerSecond: 5, burst: 10 },
  DescribeTags: { ratePerSecond: 5, burst: 10 },
  DescribeWorkspacesConnectionStatus: { ratePerSecond: 5, burst: 10 },
  DescribeWorkspaceBundles: { ratePerSecond: 2, burst: 5 },
  DescribeWorkspaceDirectories: { ratePerSecond: 2, burst: 5 },
  DescribeDirectories: { ratePerSecond: 2, burst: 5 },
  CreateWorkspaces: { ratePerSecond: 4, burst: 4 },
  TerminateWorkspaces: { ratePerSecond: 4, burst: 4 },
  RebootWorkspaces: { ratePerSecond: 4, burst: 4 },
  StartWorkspaces: { ratePerSecond: 4, burst: 4 },
  StopWorkspaces: { ratePerSecond: 4, burst: 4 },
  RebuildWorkspaces: { ratePerSecond: 2, burst: 4 },
  RestoreWorkspace: { ratePerSecond: 2, burst: 4 },
  ModifyWorkspaceProperties: { ratePerSecond: 2, burst: 4 },
};

export function rateLimitKeyString(key: RateLimitKey): string {
  return `${key.account}/${key.region}/${key.operation}`;
}

interface Bucket {
  base: BucketRate;
  /** Current refill rate; lowered on throttling, recovers towards base. */
  rate: number;
  /** May go negative: a negative balance is the queue of callers already promised a slot. */
  tokens: number;
  updatedAt: number;
}

export interface TokenBucketOptions {
  rates?: Readonly<Record<string, BucketRate>>;
  defaultRate?: BucketRate;
  /** After a throttle the rate is multiplied by this (AIMD), never below minRateFraction * base. */
  throttleFactor?: number;
  minRateFraction?: number;
  /** Fraction of the base rate regained per second without throttling. */
  recoveryPerSecond?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class TokenBucketRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rates: Readonly<Record<string, BucketRate>>;
  private readonly defaultRate: BucketRate;
  private readonly throttleFactor: number;
  private readonly minRateFraction: number;
  private readonly recoveryPerSecond: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(options: TokenBucketOptions = {}) {
    this.rates = options.rates ?? DEFAULT_OPERATION_RATES;
    this.defaultRate = options.defaultRate ?? DEFAULT_BUCKET_RATE;
    this.throttleFactor = options.throttleFactor ?? 0.5;
    this.minRateFraction = options.minRateFraction ?? 0.1;
    this.recoveryPerSecond = options.recoveryPerSecond ?? 0.05;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /** Milliseconds the caller must wait; takes the token (reservation) immediately. */
  reserve(key: RateLimitKey): number {
    const bucket = this.refill(key);
    bucket.tokens -= 1;
    if (bucket.tokens >= 0) return 0;
    return Math.ceil((-bucket.tokens / bucket.rate) * 1000);
  }

  async acquire(key: RateLimitKey, signal?: AbortSignal): Promise<void> {
    const waitMs = this.reserve(key);
    if (waitMs <= 0) return;
    try {
      await this.sleep(waitMs, signal);
    } catch (error) {
      // Give the slot back so an aborted caller does not delay the others.
      this.refill(key).tokens += 1;
      throw error;
    }
  }

  reportThrottle(key: RateLimitKey): void {
    const bucket = this.refill(key);
    bucket.rate = Math.max(bucket.base.ratePerSecond * this.minRateFraction, bucket.rate * this.throttleFactor);
    // Nobody gets a token until the bucket refills from empty at the lowered rate.
    bucket.tokens = Math.min(bucket.tokens, 0);
  }

  /** For tests and diagnostics. */
  snapshot(key: RateLimitKey): { tokens: number; rate: number } {
    const bucket = this.refill(key);
    return { tokens: bucket.tokens, rate: bucket.rate };
  }

  private refill(key: RateLimitKey): Bucket {
    const id = rateLimitKeyString(key);
    const now = this.now();
    let bucket = this.buckets.get(id);
    if (!bucket) {
      const base = this.rates[key.operation] ?? this.defaultRate;
      bucket = { base, rate: base.ratePerSecond, tokens: base.burst, updatedAt: now };
      this.buckets.set(id, bucket);
      return bucket;
    }
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    if (elapsedSeconds > 0) {
      bucket.tokens = Math.min(bucket.base.burst, bucket.tokens + elapsedSeconds * bucket.rate);
      bucket.rate = Math.min(
        bucket.base.ratePerSecond,
        bucket.rate + bucket.base.ratePerSecond * this.recoveryPerSecond * elapsedSeconds,
      );
      bucket.updatedAt = now;
    }
    return bucket;
  }
}

/** A limiter that never waits (for callers that must not be limited, e.g. one-off scripts). */
export const unlimitedRateLimiter: RateLimiter = {
  acquire: async () => {},
  reportThrottle: () => {},
};

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
