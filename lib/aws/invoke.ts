// One AWS call as the portal makes it: send, time it, map failures to values, record it.

import type { CallLog } from "./call-log";
import { toAwsFailure, type AwsFailure } from "./errors";

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
  await context.callLog.record({
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
  });
  return result;
}
