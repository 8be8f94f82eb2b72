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
import { EC2_OPERATIONS } from "./ec2/ec2-operations";
import { errorXml, parseQueryBody, readQueryInput, resultXml } from "./ec2/ec2-query";
import { ensureDefaultNetwork, ensureVpcDefaults } from "./ec2/vpcs";
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
  /** EC2 answers in XML: the finished document, sent as it is. */
  xml?: string;
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
    this.ensureNetwork();
  }

  /**
   * The region's default VPC, and a main route table and default security group for VPCs written
   * before the EC2 subset existed. Also after a reset.
   */
  ensureNetwork(): void {
    ensureDefaultNetwork(this.ctx);
    for (const vpc of [...this.ctx.store.vpcs.values()]) ensureVpcDefaults(this.ctx, vpc);
    this.commit();
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
  /** `region`: the caller's region (from its signature); only images are kept per region. */
  callAws(target: string | undefined, rawBody: string, region?: string): AwsAnswer {
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
      body = operation.handle(input, this.ctx.inRegion(region));
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

  /** Run one EC2 Query call (form-encoded body). Never throws: failures become EC2 error XML. */
  callEc2(rawBody: string): AwsAnswer {
    const requestId = randomUUID();
    const errorAnswer = (error: AwsError, operation?: string, latencyMs = 0): AwsAnswer => {
      const ec2 = ec2Flavour(error);
      return { status: ec2.status, requestId, errorType: ec2.type, body: undefined, xml: errorXml(ec2.type, ec2.message, requestId), latencyMs, operation };
    };
    const tree = parseQueryBody(rawBody);
    const action = typeof tree.Action === "string" ? tree.Action : undefined;
    if (!action) return errorAnswer(new AwsError("MissingAction", "The request must contain the parameter Action"));
    const operation = EC2_OPERATIONS.get(action);
    if (!operation) return errorAnswer(new AwsError("InvalidAction", `The action ${action} is not valid for this web service.`));
    if (!this.throttle.tryTake(action)) return errorAnswer(new AwsError("ThrottlingException", "Rate exceeded"), action);
    const fault = this.faults.decide(action);
    if (fault.serverError) return errorAnswer(fault.serverError, action, fault.latencyMs);

    let xml: string | undefined;
    let failure: AwsError | undefined;
    try {
      const input = readQueryInput(operation.input, tree) ?? {};
      const result = operation.handle(input, this.ctx);
      xml = resultXml(action, operation.output, result, requestId);
    } catch (error) {
      if (error instanceof AwsError) {
        failure = error;
      } else {
        this.log(`internal error in ${action} (request ${requestId}): ${(error as Error)?.stack ?? String(error)}`);
        failure = new AwsError("InternalFailure", `Internal error (request ${requestId}).`, 500);
      }
    }
    try {
      this.commit();
    } catch (error) {
      this.log(`could not persist state for ${action} (request ${requestId}): ${String(error)}`);
      return errorAnswer(new AwsError("InternalFailure", `State could not be persisted (request ${requestId}).`, 500), action);
    }
    if (failure) return errorAnswer(failure, action, fault.latencyMs);
    return { status: 200, requestId, body: undefined, xml, latencyMs: fault.latencyMs, loseAnswer: fault.loseAnswer, operation: action };
  }
}

/** EC2's names for the emulator's throttling and injected server errors. */
function ec2Flavour(error: AwsError): AwsError {
  if (error.type === "ThrottlingException") return new AwsError("RequestLimitExceeded", "Request limit exceeded.", 503);
  if (error.type === "InternalFailure") return new AwsError("InternalError", "An internal error has occurred", 500);
  if (error.type === "ServiceUnavailable") return new AwsError("Unavailable", "The server is overloaded and can't handle the request.", 503);
  return error;
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
