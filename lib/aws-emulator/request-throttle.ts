/**
 * Token buckets per operation, like AWS's per-account API rate limits: each call takes a token;
 * tokens refill at `ratePerSecond` up to `burst`; an empty bucket answers ThrottlingException
 * "Rate exceeded". Runs on wall-clock time: throttling is about real request rates, not emulated time.
 */
import type { RateLimit, ThrottleConfig } from "./emulator-config";

interface Bucket {
  tokens: number;
  updatedAt: number;
  limit: RateLimit;
}

export class RequestThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private config: ThrottleConfig,
    private readonly wallClock: () => number = () => performance.now(),
  ) {}

  configure(config: ThrottleConfig): void {
    this.config = config;
    this.buckets.clear();
  }

  /** True when the call may proceed. */
  tryTake(operation: string): boolean {
    const limit = this.config.operations?.[operation] ?? this.config.default;
    if (!limit) return true;
    const now = this.wallClock();
    let bucket = this.buckets.get(operation);
    if (!bucket || bucket.limit !== limit) {
      bucket = { tokens: limit.burst, updatedAt: now, limit };
      this.buckets.set(operation, bucket);
    }
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * limit.ratePerSecond);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
