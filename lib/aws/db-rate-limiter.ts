// The rate limiter every worker shares: one AwsRateBucket row per (account, region, operation).
// AWS limits per account and region, not per process, so an in-process bucket per worker would let
// N workers send N times the rate. Each call takes its token with one atomic statement (INSERT ...
// ON CONFLICT DO UPDATE ... RETURNING): no interactive transaction, so it works the same on PGlite
// (one session) and on PostgreSQL shared by several machines. Time is the database's clock
// (clock_timestamp()), so machines with skewed clocks still agree.
//
// AIMD: a throttled answer cuts the shared rate (multiplicative decrease, at most once per
// decreaseWindowMs, since one burst brings many throttled answers at once); every second without
// throttling adds recoveryPerSecond * baseRate back (additive increase) up to baseRate, the ceiling.

import type { PrismaClient } from "@/lib/db/generated/client";
import {
  abortableSleep,
  DEFAULT_BUCKET_RATE,
  DEFAULT_OPERATION_RATES,
  rateLimitKeyString,
  type BucketRate,
  type RateLimiter,
  type RateLimitKey,
} from "./rate-limiter";

export interface DbRateLimiterOptions {
  rates?: Readonly<Record<string, BucketRate>>;
  defaultRate?: BucketRate;
  /** Rate multiplied by this on throttling. */
  throttleFactor?: number;
  /** The rate never falls below this share of the ceiling. */
  minRateFraction?: number;
  /** Share of the ceiling regained per second without throttling. */
  recoveryPerSecond?: number;
  /** At most one decrease per window: the throttled answers of one burst count once. */
  decreaseWindowMs?: number;
  /** Injected clock (tests); default: the database's clock. */
  now?: () => Date;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

type Db = Pick<PrismaClient, "$queryRaw" | "$executeRaw">;

export interface RateBucketSnapshot {
  rate: number;
  tokens: number;
  baseRate: number;
  burst: number;
  throttles: number;
}

export class DbRateLimiter implements RateLimiter {
  private readonly rates: Readonly<Record<string, BucketRate>>;
  private readonly defaultRate: BucketRate;
  private readonly throttleFactor: number;
  private readonly minRateFraction: number;
  private readonly recoveryPerSecond: number;
  private readonly decreaseWindowMs: number;
  private readonly now?: () => Date;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(
    private readonly db: Db,
    options: DbRateLimiterOptions = {},
  ) {
    this.rates = options.rates ?? DEFAULT_OPERATION_RATES;
    this.defaultRate = options.defaultRate ?? DEFAULT_BUCKET_RATE;
    this.throttleFactor = options.throttleFactor ?? 0.8;
    this.minRateFraction = options.minRateFraction ?? 0.05;
    this.recoveryPerSecond = options.recoveryPerSecond ?? 0.05;
    this.decreaseWindowMs = options.decreaseWindowMs ?? 1_000;
    this.now = options.now;
    this.sleep = options.sleep ?? abortableSleep;
  }

  private base(key: RateLimitKey): BucketRate {
    return this.rates[key.operation] ?? this.defaultRate;
  }

  private clock(): Date | null {
    return this.now ? this.now() : null;
  }

  /** Takes a token (possibly a reservation) and returns how many ms the caller must wait for it. */
  async reserve(key: RateLimitKey): Promise<number> {
    const id = rateLimitKeyString(key);
    const base = this.base(key);
    const now = this.clock();
    const rows = await this.db.$queryRaw<{ tokens: number; rate: number }[]>`
      INSERT INTO "AwsRateBucket" AS b (key, "baseRate", burst, rate, tokens, "updatedAt")
      VALUES (${id}, ${base.ratePerSecond}, ${base.burst}, ${base.ratePerSecond}, ${base.burst - 1},
              COALESCE(${now}::timestamptz, clock_timestamp()))
      ON CONFLICT (key) DO UPDATE SET
        "baseRate" = EXCLUDED."baseRate",
        burst = EXCLUDED.burst,
        tokens = LEAST(EXCLUDED.burst,
                       b.tokens + GREATEST(0, EXTRACT(EPOCH FROM (COALESCE(${now}::timestamptz, clock_timestamp()) - b."updatedAt"))) * b.rate) - 1,
        rate = LEAST(EXCLUDED."baseRate",
                     b.rate + EXCLUDED."baseRate" * ${this.recoveryPerSecond}
                              * GREATEST(0, EXTRACT(EPOCH FROM (COALESCE(${now}::timestamptz, clock_timestamp()) - b."updatedAt")))),
        "updatedAt" = GREATEST(b."updatedAt", COALESCE(${now}::timestamptz, clock_timestamp()))
      RETURNING tokens, rate
    `;
    const { tokens, rate } = rows[0];
    if (Number(tokens) >= 0) return 0;
    return Math.ceil((-Number(tokens) / Math.max(Number(rate), 1e-6)) * 1000);
  }

  async acquire(key: RateLimitKey, signal?: AbortSignal): Promise<void> {
    const waitMs = await this.reserve(key);
    if (waitMs <= 0) return;
    try {
      await this.sleep(waitMs, signal);
    } catch (error) {
      // Give the slot back so an aborted caller does not delay the others.
      await this.db.$executeRaw`UPDATE "AwsRateBucket" SET tokens = tokens + 1 WHERE key = ${rateLimitKeyString(key)}`;
      throw error;
    }
  }

  async reportThrottle(key: RateLimitKey): Promise<void> {
    const id = rateLimitKeyString(key);
    const now = this.clock();
    const floor = this.minRateFraction;
    // Refill up to now first (at the old rate), then cut the rate and empty the bucket: nobody gets
    // a token until it refills at the lowered rate. Callers already holding reservations keep them.
    await this.db.$executeRaw`
      UPDATE "AwsRateBucket" AS b SET
        tokens = LEAST(0, LEAST(b.burst, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM (COALESCE(${now}::timestamptz, clock_timestamp()) - b."updatedAt"))) * b.rate)),
        rate = GREATEST(b."baseRate" * ${floor},
                        LEAST(b."baseRate", b.rate + b."baseRate" * ${this.recoveryPerSecond}
                              * GREATEST(0, EXTRACT(EPOCH FROM (COALESCE(${now}::timestamptz, clock_timestamp()) - b."updatedAt")))) * ${this.throttleFactor}),
        "updatedAt" = GREATEST(b."updatedAt", COALESCE(${now}::timestamptz, clock_timestamp())),
        "lastThrottleAt" = COALESCE(${now}::timestamptz, clock_timestamp()),
        throttles = b.throttles + 1
      WHERE b.key = ${id}
        AND (b."lastThrottleAt" IS NULL
             OR b."lastThrottleAt" <= COALESCE(${now}::timestamptz, clock_timestamp()) - make_interval(secs => ${this.decreaseWindowMs / 1000}))
    `;
  }

  /** The bucket as stored (diagnostics, tests, the benchmark). */
  async snapshot(key: RateLimitKey): Promise<RateBucketSnapshot | null> {
    const rows = await this.db.$queryRaw<RateBucketSnapshot[]>`
      SELECT rate, tokens, "baseRate", burst, throttles FROM "AwsRateBucket" WHERE key = ${rateLimitKeyString(key)}
    `;
    if (rows.length === 0) return null;
    const r = rows[0];
    return { rate: Number(r.rate), tokens: Number(r.tokens), baseRate: Number(r.baseRate), burst: Number(r.burst), throttles: Number(r.throttles) };
  }
}
