import { Logger } from '@nestjs/common';
import { ManualClock } from './clock.js';
import { MarketScheduler } from './scheduler.js';

/**
 * The one source of market time. A feed calls `advance` with the time of each bar or event it is about
 * to hand out; the clock moves there and the policies that fall due run, before anyone sees the data.
 * Live and replayed data go through the same door, so a replay at any pace runs the live code.
 */
export class MarketTimeline {
  readonly clock: ManualClock;
  readonly scheduler: MarketScheduler;
  /** Market timestamps refused because they went backwards (a misbehaving feed, a bad file). */
  private refused = 0;
  private finishedAt: number | undefined;
  private advanced = false;
  private readonly logger = new Logger('MarketTimeline');

  constructor(startMs: number) {
    this.clock = new ManualClock(startMs);
    this.scheduler = new MarketScheduler(this.clock);
  }

  now(): number {
    return this.clock.now();
  }

  get regressions(): number {
    return this.refused;
  }

  /**
   * Where market time starts, once the data says so: a live feed knows the close of its last warm-up bar
   * only after loading it from the venue. Only before the first bar; the wall clock stood in until then.
   */
  begin(startMs: number): void {
    if (this.advanced) throw new Error('market time has started already');
    this.clock.set(startMs);
  }

  /** The data has run out: no bar will come, and trading has stopped. */
  get ended(): boolean {
    return this.finishedAt !== undefined;
  }

  /** Market time at which the data ended: the close of the last bar. */
  get endedAt(): number | undefined {
    return this.finishedAt;
  }

  end(): void {
    this.finishedAt ??= this.clock.now();
  }

  /**
   * Moves market time to `marketTimeMs`, lets the caller record what arrived (`arrived`: the bar's
   * prices), then runs what falls due, so a policy at that time sees that time's prices. A time before
   * the current one is refused (false) with one log line, so the caller drops that data instead of
   * rewinding every policy.
   */
  advance(marketTimeMs: number, arrived?: () => void): boolean {
    const now = this.clock.now();
    if (!(marketTimeMs >= now)) {
      this.refused += 1;
      this.logger.warn(
        `market time went backwards: ${iso(marketTimeMs)} after ${iso(now)}; that data is dropped`,
      );
      return false;
    }
    this.advanced = true;
    this.clock.set(marketTimeMs);
    arrived?.();
    this.scheduler.runDue();
    return true;
  }
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}
