// One AWS call as the portal makes it: send, time it, map failures to values, record it.

import type { CallLog } from "./call-log";
import { toAwsFailure, type AwsFailure } from "./errors";
import { log } from "@/lib/observability/logger";
import { requestIdsOfOperations } from "@/lib/observability/request-context";
import { metrics } from "@/lib/observability/metrics";

export interface InvokeContext {
  callLog: CallLog;
  service: "workspaces" | "ds" | "ec2" | "kms";
  region: string;
  operation: string;
  operationIds?: string[];
  itemCount?: number;
  /** Changes AWS: a lost answer becomes "unknown-outcome" instead of "server". */
  mutating: boolean;
}

export interface InvokeSuccess<T> {
  ok: true;
  output: T;
  requestId: string | undefined;
  httpStatus: number | undefined;
}

interface WithMetadata {
  $metadata: { httpStatusCode?: number; requestId?: string };
}

export async function invokeAws<T extends WithMetadata>(
  context: InvokeContext,
  send: () => Promise<T>,
): Promise<InvokeSuccess<T> | AwsFailure> {
  const started = performance.now();
  let result: InvokeSuccess<T> | AwsFailure;
  try {
    const output = await send();
    result = {
      ok: true,
      output,
      requestId: output.$metadata.requestId || undefined,
      httpStatus: output.$metadata.httpStatusCode,
    };
  } catch (error) {
    result = toAwsFailure(error, context.mutating);
  }
  const entry = {
    service: context.service,
    operation: context.operation,
    region: context.region,
    operationIds: context.operationIds ?? [],
    itemCount: context.itemCount ?? 0,
    httpStatus: result.httpStatus,
    awsRequestId: result.requestId,
    errorCode: result.ok ? undefined : result.code,
    errorMessage: result.ok ? undefined : result.message,
    durationMs: performance.now() - started,
  };
  await context.callLog.record(entry);
  logAwsCall(entry);
  metrics().awsCalls.inc({ service: entry.service, operation: entry.operation, outcome: result.ok ? "success" : result.kind });
  return result;
}

/**
 * One line per call, with AWS's request id and the portal's request ids of the operations it was
 * made for: what ties an employee's click to what AWS did. Reads without an operation (reconciling,
 * sweeping) are debug lines; calls for operations and failures are info lines.
 */
function logAwsCall(entry: Parameters<CallLog["record"]>[0]) {
  const reqIds = requestIdsOfOperations(entry.operationIds);
  const line = {
    aws: {
      service: entry.service,
      operation: entry.operation,
      region: entry.region,
      requestId: entry.awsRequestId,
      httpStatus: entry.httpStatus,
      errorCode: entry.errorCode,
      durationMs: Math.round(entry.durationMs),
    },
    ...(entry.operationIds.length > 0 ? { operationIds: entry.operationIds } : {}),
    ...(reqIds.length === 1 ? { reqId: reqIds[0] } : reqIds.length > 1 ? { reqIds } : {}),
  };
  const level = entry.errorCode || entry.operationIds.length > 0 ? "info" : "debug";
  log("aws")[level](line, "aws call");
}
