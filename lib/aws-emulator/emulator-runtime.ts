/**
 * One emulator instance without its HTTP clothing: state, clock, settings, persistence, throttling
 * and faults, and `callAws`, which runs one AWS JSON 1.1 call from target and body to an answer.
 * The HTTP server and the control endpoints both drive this object.
 */
import { randomUUID } from "node:crypto";
import { AwsError } from "./aws-error";
import { EmulatorClock } from "./clock";
import { mergeConfig, type ConfigPatch, type EmulatorConfig } from "./emulator-config";
import { EmulatorContext } from "./emulator-context";
import { EmulatorStore } from "./emulator-store";
import { FaultInjector } from "./fault-injector";
import { OPERATIONS, type ServiceName } from "./operation-table";
import { RequestThrottle } from "./request-throttle";
import { validateInput } from "./shape-validation";
import type { Persistence } from "./state-persistence";

export interface AwsAnswer {
  status: number;
  requestId: string;
  /** JSON-ready body (Dates are converted to epoch seconds when serialized). */
  body: unknown;
  errorType?: string;
  /** Latency to add before answering. */
  latencyMs: number;
  /** Set when the answer must be lost after the call took effect. */
  loseAnswer?: "destroy" | "500";
  operation?: string;
}

export class EmulatorRuntime {
  readonly ctx: EmulatorContext;
  private readonly throttle: RequestThrottle;
  private readonly faults: FaultInjector;

  constructor(
    config: EmulatorConfig,
    readonly persistence: Persistence,
    baseNow: () => number = Date.now,
    private readonly log: (line: string) => void = () => {},
  ) {
    const store = new EmulatorStore();
    persistence.load(store);
    const clock = new EmulatorClock(baseNow, store.meta.clockOffsetMs);
    this.ctx = new EmulatorContext(store, clock, config);
    this.throttle = new RequestThrottle(config.throttle);
    this.faults = new FaultInjector(config.faults);
  }

  get config(): EmulatorConfig {
    return this.ctx.config;
  }

  updateConfig(patch: ConfigPatch): EmulatorConfig {
    const next = mergeConfig(this.ctx.config, patch);
    this.ctx.config = next;
    if (patch.throttle !== undefined) this.throttle.configure(next.throttle);
    if (patch.faults !== undefined) this.faults.configure(next.faults);
    return next;
  }

  advanceClock(seconds: number): number {
    const now = this.ctx.clock.advance(seconds);
    this.ctx.store.meta.clockOffsetMs = this.ctx.clock.offset;
    this.ctx.store.touch("meta", "meta");
    this.commit();
    return now;
  }

  /** Make the changes of the current step durable (journal + fsync) before anything is answered. */
  commit(): void {
    this.persistence.commit(this.ctx.store);
  }

  /** Run one AWS call. Never throws: every failure becomes an AWS-shaped error answer. */
  callAws(target: string | undefined, rawBody: string): AwsAnswer {
    const requestId = randomUUID();
    const errorAnswer = (error: AwsError, service?: ServiceName, operation?: string, latencyMs = 0): AwsAnswer => ({
      status: error.status,
      requestId,
      errorType: error.type,
      body: errorBody(error, requestId, service),
      latencyMs,
      operation,
    });

    const operation = target ? OPERATIONS.get(target) : undefined;
    if (!operation) {
      const error = new AwsError("UnknownOperationException", target ? `The operation ${target} is not supported.` : "Missing X-Amz-Target header.");
      return errorAnswer(error);
    }
    const { service, name } = operation;

    let input: unknown;
    try {
      input = rawBody.trim() === "" ? {} : JSON.parse(rawBody);
    } catch {
      return errorAnswer(new AwsError("SerializationException", "The request body is not valid JSON."), service, name);
    }
    if (!this.throttle.tryTake(name)) {
      return errorAnswer(new AwsError("ThrottlingException", "Rate exceeded"), service, name);
    }
    const fault = this.faults.decide(name);
    if (fault.serverError) return errorAnswer(fault.serverError, service, name, fault.latencyMs);

    let body: unknown;
    let failure: AwsError | undefined;
    try {
      validateInput(input, operation.shape);
      body = operation.handle(input, this.ctx);
    } catch (error) {
      if (error instanceof AwsError) {
        failure = error;
      } else {
        this.log(`internal error in ${name} (request ${requestId}): ${(error as Error)?.stack ?? String(error)}`);
        failure = new AwsError("InternalFailure", `Internal error (request ${requestId}).`, 500);
      }
    }
    try {
      // Durable before answering: a SIGKILL after this point loses nothing the caller was told.
      this.commit();
    } catch (error) {
      this.log(`could not persist state for ${name} (request ${requestId}): ${String(error)}`);
      return errorAnswer(new AwsError("InternalFailure", `State could not be persisted (request ${requestId}).`, 500), service, name);
    }
    if (failure) return errorAnswer(failure, service, name, fault.latencyMs);
    return { status: 200, requestId, body, latencyMs: fault.latencyMs, loseAnswer: fault.loseAnswer, operation: name };
  }
}

function errorBody(error: AwsError, requestId: string, service?: ServiceName): Record<string, unknown> {
  // Directory Service error shapes name their members Message and RequestId.
  if (service === "directory-service") {
    return { __type: error.type, Message: error.message, message: error.message, RequestId: requestId, ...error.extra };
  }
  return { __type: error.type, message: error.message, ...error.extra };
}

/** JSON 1.1 encodes timestamps as epoch seconds. */
export function toAwsJson(body: unknown): string {
  return JSON.stringify(body, function replacer(this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return raw.getTime() / 1000;
    return value;
  });
}
