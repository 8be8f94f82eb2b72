// Where each AWS call is recorded (the AwsCall table). Written outside any transaction, after the
// call: a log row must not hold a database transaction open across a network call.

import type { PrismaClient } from "@/lib/db/generated/client";
import { log } from "@/lib/observability/logger";

export interface AwsCallEntry {
  service: "workspaces" | "ds" | "ec2" | "kms";
  operation: string;
  region: string;
  /** Portal Operation ids this call was made for, if any. */
  operationIds: string[];
  itemCount: number;
  httpStatus?: number;
  awsRequestId?: string;
  errorCode?: string;
  errorMessage?: string;
  durationMs: number;
}

export interface CallLog {
  record(entry: AwsCallEntry): Promise<void>;
}

export function prismaCallLog(db: Pick<PrismaClient, "awsCall">): CallLog {
  return {
    async record(entry) {
      try {
        await db.awsCall.create({
          data: {
            service: entry.service,
            operation: entry.operation,
            region: entry.region,
            operationIds: entry.operationIds,
            itemCount: entry.itemCount,
            httpStatus: entry.httpStatus ?? null,
            awsRequestId: entry.awsRequestId ?? null,
            errorCode: entry.errorCode ?? null,
            errorMessage: entry.errorMessage?.slice(0, 2000) ?? null,
            durationMs: Math.max(0, Math.round(entry.durationMs)),
          },
        });
      } catch (error) {
        // The call already happened; losing its log row must not turn its result into a failure.
        log("aws").error({ err: error, operation: entry.operation }, "could not record AwsCall");
      }
    },
  };
}

/** In-memory log, for tests and scripts without a database. */
export function memoryCallLog(): CallLog & { entries: AwsCallEntry[] } {
  const entries: AwsCallEntry[] = [];
  return {
    entries,
    async record(entry) {
      entries.push(entry);
    },
  };
}
