// The worker's heartbeat: when its last operations pass finished. A pass normally takes well under
// the claim lease; a worker with no finished pass for longer than the lease (plus a poll) is stuck
// or cannot reach the database, and /readyz says so.

export interface WorkerHeartbeat {
  isFresh(now: Date): boolean;
}

/** A heartbeat over a worker's last finished pass. No pass yet counts as not fresh. */
export function workerHeartbeat(lastPassAt: () => Date | null, staleAfterMs: number): WorkerHeartbeat {
  return {
    isFresh(now) {
      const last = lastPassAt();
      return last !== null && now.getTime() - last.getTime() <= staleAfterMs;
    },
  };
}

// The worker running in this process, where the web server's /readyz finds it (Next's bundle and
// the custom server each have a copy of this module, so it lives on globalThis).
const KEY = Symbol.for("workspaces-portal.worker-heartbeat");
type Holder = { [KEY]?: WorkerHeartbeat };

export function setProcessWorkerHeartbeat(heartbeat: WorkerHeartbeat | undefined): void {
  (globalThis as Holder)[KEY] = heartbeat;
}

export function processWorkerHeartbeat(): WorkerHeartbeat | undefined {
  return (globalThis as Holder)[KEY];
}
