/**
 * The emulator's notion of "now". All timing (state transitions, user sessions, cooldowns) reads this
 * clock, so tests can jump ahead with `advance` instead of sleeping. The offset is persisted with the
 * state so emulated time never runs backwards across a restart.
 */
export class EmulatorClock {
  private offsetMs: number;

  constructor(
    private readonly baseNow: () => number = Date.now,
    offsetMs = 0,
  ) {
    this.offsetMs = offsetMs;
  }

  now(): number {
    return this.baseNow() + this.offsetMs;
  }

  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError("seconds must be a non-negative number");
    this.offsetMs += Math.round(seconds * 1000);
    return this.now();
  }

  get offset(): number {
    return this.offsetMs;
  }

  setOffset(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }
}
