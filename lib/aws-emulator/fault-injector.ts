/**
 * Injected failures, decided per call from the configured shares with a seeded random source:
 * server errors before the call has any effect (HTTP 500 InternalFailure / 503 ServiceUnavailable),
 * added latency, and "lost answers" where the call takes effect but the caller never learns it
 * (connection destroyed, or a 500 instead of the real answer) - the case that makes a retried
 * CreateWorkspaces create a second desktop.
 */
import { AwsError } from "./aws-error";
import type { FaultConfig, OperationFaults } from "./emulator-config";
import { createRandom } from "./seeded-random";

export interface FaultDecision {
  latencyMs: number;
  /** Fail before running the operation. */
  serverError?: AwsError;
  /** Run the operation, then lose the answer this way. */
  loseAnswer?: "destroy" | "500";
}

export class FaultInjector {
  private random: () => number;

  constructor(private config: FaultConfig) {
    this.random = createRandom(config.seed ?? Math.floor(Math.random() * 2 ** 31));
  }

  configure(config: FaultConfig): void {
    this.config = config;
    if (config.seed !== undefined) this.random = createRandom(config.seed);
  }

  decide(operation: string): FaultDecision {
    const specific: OperationFaults = this.config.operations?.[operation] ?? {};
    const pick = <K extends keyof OperationFaults>(key: K): OperationFaults[K] => specific[key] ?? this.config[key];
    const decision: FaultDecision = { latencyMs: pick("latencyMs") ?? 0 };
    const errorRate = pick("errorRate") ?? 0;
    if (errorRate > 0 && this.random() < errorRate) {
      decision.serverError =
        this.random() < 0.5
          ? new AwsError("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500)
          : new AwsError("ServiceUnavailable", "The request has failed due to a temporary failure of the server.", 503);
      return decision;
    }
    const lostRate = pick("lostAnswerRate") ?? 0;
    if (lostRate > 0 && this.random() < lostRate) decision.loseAnswer = pick("lostAnswerMode") ?? "destroy";
    return decision;
  }
}
