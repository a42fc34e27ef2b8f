import { MarketTimeline } from './market-timeline.js';

const MINUTE = 60_000;
const START = Date.UTC(2021, 4, 1, 8);

describe('MarketTimeline', () => {
  it('runs each scheduled policy on its market-time grid, once per advance however far it jumps', () => {
    const timeline = new MarketTimeline(START);
    const runs: string[] = [];
    timeline.scheduler.every(15 * MINUTE, () =>
      runs.push(`q@${(timeline.now() - START) / MINUTE}`),
    );
    timeline.scheduler.every(60 * MINUTE, () =>
      runs.push(`h@${(timeline.now() - START) / MINUTE}`),
    );
    for (let bar = 1; bar <= 12; bar++) timeline.advance(START + bar * 5 * MINUTE);
    expect(runs).toEqual(['q@15', 'q@30', 'q@45', 'q@60', 'h@60']);
    runs.length = 0;
    timeline.advance(START + 24 * 60 * MINUTE); // a gap of a day in the data
    expect(runs).toEqual(['q@1440', 'h@1440']);
  });

  it('lets the caller record the bar before the policies due at its close run', () => {
    const timeline = new MarketTimeline(START);
    const seen: string[] = [];
    timeline.scheduler.every(5 * MINUTE, () => seen.push('policy'));
    timeline.advance(START + 5 * MINUTE, () => seen.push('recorded'));
    expect(seen).toEqual(['recorded', 'policy']);
  });

  it('refuses a market time that goes backwards, counts it and changes nothing', () => {
    const timeline = new MarketTimeline(START);
    timeline.advance(START + 10 * MINUTE);
    let recorded = false;
    expect(timeline.advance(START + 5 * MINUTE, () => (recorded = true))).toBe(false);
    expect(recorded).toBe(false);
    expect(timeline.now()).toBe(START + 10 * MINUTE);
    expect(timeline.regressions).toBe(1);
    expect(timeline.advance(START + 10 * MINUTE)).toBe(true); // the same time again is fine
  });
});
