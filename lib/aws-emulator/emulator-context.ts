/**
 * What every operation handler receives: the resources, the clock, the run's settings and the
 * identity of the (single) emulated account.
 */
import type { EmulatorClock } from "./clock";
import type { EmulatorConfig } from "./emulator-config";
import type { EmulatorStore } from "./emulator-store";
import { scaledMs, type DurationName } from "./time-scale";

export class EmulatorContext {
  constructor(
    readonly store: EmulatorStore,
    readonly clock: EmulatorClock,
    public config: EmulatorConfig,
    readonly accountId = "123456789012",
    readonly region = "us-east-1",
    /** The emulator's own region: images recorded without one live there. */
    readonly homeRegion = region,
  ) {}

  /** The same account and resources seen from another region (the caller's signature names it). */
  inRegion(region: string | undefined): EmulatorContext {
    if (!region || region === this.region) return this;
    return new EmulatorContext(this.store, this.clock, this.config, this.accountId, region, this.homeRegion);
  }

  now(): number {
    return this.clock.now();
  }

  /** A process duration at this run's time scale, in milliseconds. */
  duration(name: DurationName): number {
    return scaledMs(name, this.config.timeScale);
  }
}
