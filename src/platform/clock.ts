/**
 * Market time: the time of the market data being processed (a candle's close, an exchange event's
 * time). Every policy — throttling, windows, breakers, schedules, reports — reads this clock, so a
 * replay at any pace and live trading run the same code and give the same results.
 */
export abstract class Clock {
  /** Epoch milliseconds of market time. */
  abstract now(): number;
}

/** A clock that moves only when told to: the market timeline, tests and replays. */
export class ManualClock extends Clock {
  constructor(private current = 0) {
    super();
  }

  now(): number {
    return this.current;
  }

  set(epochMs: number): void {
    this.current = epochMs;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

/** Wall time, for operators' timestamps only (`recordedAt`, audit rows, file names); never for policy. */
export abstract class WallClock {
  /** Epoch milliseconds of the wall clock. */
  abstract now(): number;
}

export class SystemWallClock extends WallClock {
  now(): number {
    return Date.now();
  }
}

/** A wall clock that moves only when told to, for tests. */
export class ManualWallClock extends WallClock {
  constructor(public current = 0) {
    super();
  }

  now(): number {
    return this.current;
  }
}

/** Monotonic elapsed time, for pure durations: timeouts, backoff, latency. Unaffected by clock steps. */
export abstract class Monotonic {
  /** Milliseconds since an arbitrary origin; only differences mean anything. */
  abstract now(): number;
}

export class SystemMonotonic extends Monotonic {
  now(): number {
    return performance.now();
  }
}

/** A monotonic clock that moves only when told to, for tests. */
export class ManualMonotonic extends Monotonic {
  constructor(public current = 0) {
    super();
  }

  now(): number {
    return this.current;
  }
}
