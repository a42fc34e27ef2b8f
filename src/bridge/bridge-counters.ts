/** Every (direction, outcome) pair `pubsub_bridge_messages_total` reports. */
export const BRIDGE_SERIES = [
  ['inbound', 'accepted'],
  ['inbound', 'throttled'],
  ['inbound', 'duplicate'],
  ['inbound', 'dead_lettered'],
  ['inbound', 'nacked'],
  ['outbound', 'published'],
  ['outbound', 'dropped'],
  ['outbound', 'failed'],
] as const;

export type BridgeDirection = (typeof BRIDGE_SERIES)[number][0];
export type BridgeOutcome = (typeof BRIDGE_SERIES)[number][1];

const INDEX = new Map(BRIDGE_SERIES.map(([d, o], i) => [`${d}:${o}`, i]));

/** Per-message counts in a typed array, copied into Prometheus only when scraped. */
export class BridgeCounters {
  private readonly counts = new Float64Array(BRIDGE_SERIES.length);

  add(direction: BridgeDirection, outcome: BridgeOutcome, n = 1): void {
    const i = INDEX.get(`${direction}:${outcome}`);
    if (i === undefined) throw new Error(`no bridge series ${direction}/${outcome}`);
    this.counts[i] += n;
  }

  get(direction: BridgeDirection, outcome: BridgeOutcome): number {
    return this.counts[INDEX.get(`${direction}:${outcome}`) ?? -1] ?? 0;
  }

  forEach(
    report: (direction: BridgeDirection, outcome: BridgeOutcome, value: number) => void,
  ): void {
    BRIDGE_SERIES.forEach(([direction, outcome], i) => report(direction, outcome, this.counts[i]));
  }
}
