import type { SubscribedMessage } from './freqtrade-protocol.js';

/** What became of a fill the bot reported: `short` is a short trade's, which a long-only sub-ledger refuses. */
export type FreqtradeFillOutcome = 'booked' | 'duplicate' | 'refused' | 'short';
/** How one HTTP exchange with the bot ended; `unreachable` = no answer (network, timeout). */
export type FreqtradeRequestOutcome = 'ok' | 'unauthorized' | 'refused' | 'unreachable';

/** What the connector did, read by `/metrics` when scraped. */
export class FreqtradeCounters {
  readonly messages = new Map<SubscribedMessage, number>();
  readonly fills = new Map<FreqtradeFillOutcome, number>();
  private readonly requests = new Map<string, number>();

  message(type: SubscribedMessage): void {
    this.messages.set(type, (this.messages.get(type) ?? 0) + 1);
  }

  fill(outcome: FreqtradeFillOutcome): void {
    this.fills.set(outcome, (this.fills.get(outcome) ?? 0) + 1);
  }

  fillsOf(outcome: FreqtradeFillOutcome): number {
    return this.fills.get(outcome) ?? 0;
  }

  request(path: string, outcome: FreqtradeRequestOutcome): void {
    const key = `${routeOf(path)}\t${outcome}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  forEachRequest(report: (route: string, outcome: string, n: number) => void): void {
    for (const [key, n] of this.requests) {
      const [route = '', outcome = ''] = key.split('\t');
      report(route, outcome, n);
    }
  }
}

/** A path as a label of few values: no query, ids as `{id}` (`/trade/17` → `/trade/{id}`). */
export function routeOf(path: string): string {
  return path.split('?')[0].replace(/\/\d+(?=\/|$)/g, '/{id}');
}
