// A periodic job in the background work: runs `pass` now (or after one tick with `firstAfterTick`),
// then every `tickMs` after the previous pass ended (passes never overlap); stop() wakes the wait and
// resolves once the running pass is done. A pass that throws is the caller's to report (`pass`
// catches); the loop goes on.
export function runEvery(tickMs: number, pass: () => Promise<void>, options: { unref?: boolean; firstAfterTick?: boolean } = {}): { stop(): Promise<void> } {
  let stopping = false;
  let wake: (() => void) | undefined;
  const tick = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, tickMs);
      if (options.unref) timer.unref?.();
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    if (options.firstAfterTick) await tick();
    while (!stopping) {
      await pass();
      if (stopping) break;
      await tick();
    }
  })();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
