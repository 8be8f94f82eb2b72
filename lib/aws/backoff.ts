// Exponential backoff with jitter, shared by the SDK retry strategy for mutations (clients.ts)
// and the worker's re-queueing of operations (lib/jobs).

export interface BackoffPolicy {
  /** Delay ceiling for the first retry, in ms. */
  baseMs: number;
  /** No delay exceeds this, in ms. */
  capMs: number;
}

/**
 * Delay before retry number `retry` (1 = first retry): the ceiling doubles each time up to capMs,
 * and the delay is drawn from [ceiling/2, ceiling] ("equal jitter"): callers that failed together
 * spread out, yet every retry still waits at least half the ceiling.
 */
export function backoffDelayMs(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, retry - 1);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(exponent, 30));
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}
