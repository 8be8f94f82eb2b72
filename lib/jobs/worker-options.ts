// The worker's knobs and their defaults (see lib/jobs/README.md).

import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { BackoffPolicy } from "@/lib/aws/backoff";
import type { AwsGateway } from "@/lib/aws/gateway";
import type { MailConfig } from "@/lib/config";
import { WORKSPACES_BATCH_LIMIT } from "@/lib/aws/workspaces";
import { log } from "@/lib/observability/logger";

export interface WorkerLogger {
  info(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

const portalLogger: WorkerLogger = {
  info: (message, details) => log("worker").info(details ?? {}, message),
  error: (message, details) => log("worker").error(details ?? {}, message),
};

export interface WorkerOptions {
  db: PrismaClient;
  aws: AwsGateway;
  workerId?: string;
  /** Lease on claimed operations; renewed while the worker works on them. */
  leaseMs?: number;
  /** Operations claimed per tick (a multiple of 25 fills batches). */
  claimLimit?: number;
  /** AWS calls of one pass in flight at once (the rate limiter spaces them). */
  sendConcurrency?: number;
  /** Desktops per CreateWorkspaces call, 1 to 25 (25; 1 only for the benchmark's naive run). */
  createBatchSize?: number;
  /** Sends per operation before it fails. */
  maxAttempts?: number;
  /** Failed looks in AWS after a lost answer before the operation fails as unconfirmed (10).
   *  Looking is a read and safe to repeat; it pages the directory, so it needs more tries than a send. */
  maxChecks?: number;
  /** Tries per read (DescribeWorkspaces, DescribeTags) within a look (4): a look may page the whole
   *  directory, and one failed page would otherwise fail all of it. */
  readAttempts?: number;
  backoff?: BackoffPolicy;
  /** After a lost create answer, wait at least this long before looking for the desktop: new ids
   *  may not show in DescribeWorkspaces at once. */
  unknownOutcomeDelayMs?: number;
  /** Used when the desktop row names no key (rows written before the key was configured). */
  volumeEncryptionKey?: string | null;
  /** Where e-mail notifications go (default: the local mailbox). */
  mail?: MailConfig;
  clock?: () => Date;
  random?: () => number;
  logger?: WorkerLogger;
  /** True once the worker is told to stop (SIGTERM): calls not yet sent hand their claims back. */
  isStopping?: () => boolean;
}

export interface WorkerTickSummary {
  claimed: number;
  /** Claimed but handed back to fill whole batches next pass. */
  returned: number;
  succeeded: number;
  failed: number;
  retried: number;
  adopted: number;
  awsCalls: number;
}

export interface WorkerSettings {
  db: PrismaClient;
  aws: AwsGateway;
  workerId: string;
  leaseMs: number;
  claimLimit: number;
  sendConcurrency: number;
  createBatchSize: number;
  maxAttempts: number;
  maxChecks: number;
  readAttempts: number;
  backoff: BackoffPolicy;
  unknownOutcomeDelayMs: number;
  volumeEncryptionKey: string | null;
  mail: MailConfig;
  clock: () => Date;
  random: () => number;
  logger: WorkerLogger;
  isStopping: () => boolean;
}

export function resolveWorkerOptions(options: WorkerOptions): WorkerSettings {
  return {
    db: options.db,
    aws: options.aws,
    workerId: options.workerId ?? `worker-${randomUUID().slice(0, 8)}`,
    leaseMs: options.leaseMs ?? 60_000,
    claimLimit: options.claimLimit ?? 250,
    sendConcurrency: Math.max(1, options.sendConcurrency ?? 4),
    createBatchSize: Math.min(WORKSPACES_BATCH_LIMIT, Math.max(1, options.createBatchSize ?? WORKSPACES_BATCH_LIMIT)),
    maxAttempts: options.maxAttempts ?? 8,
    maxChecks: Math.max(1, options.maxChecks ?? 10),
    readAttempts: Math.max(1, options.readAttempts ?? 4),
    backoff: options.backoff ?? { baseMs: 2_000, capMs: 300_000 },
    unknownOutcomeDelayMs: options.unknownOutcomeDelayMs ?? 60_000,
    volumeEncryptionKey: options.volumeEncryptionKey ?? null,
    mail: options.mail ?? { from: "WorkSpaces Portal <portal@localhost>", smtp: null },
    clock: options.clock ?? (() => new Date()),
    random: options.random ?? Math.random,
    logger: options.logger ?? portalLogger,
    isStopping: options.isStopping ?? (() => false),
  };
}
