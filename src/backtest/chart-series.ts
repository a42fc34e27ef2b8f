import { MESSAGE_TYPES, type MessageType } from '../config/roster.js';
import type { MessageSample } from '../replay/message-sampler.js';

/** Points per chart line at most: a year of 1-minute bars is drawn from this many. */
export const CHART_POINTS = 400;

export interface ChartSeries {
  /** Market time (epoch ms) of each point of the curves below. */
  readonly ts: readonly number[];
  /** Equity (USD) and drawdown (percent) per series id: `portfolio` and each agent. */
  readonly equity: Readonly<Record<string, readonly number[]>>;
  readonly drawdown: Readonly<Record<string, readonly number[]>>;
  /** Allocation (percent of the portfolio) per agent. */
  readonly allocation: Readonly<Record<string, readonly number[]>>;
  readonly benchmarkEquity: readonly number[];
  /** Messages published per type in each interval ending at `messageTs`. */
  readonly messageTs: readonly number[];
  readonly messages: Readonly<Record<MessageType, readonly number[]>>;
}

export interface ChartInputs {
  readonly curves: ReadonlyMap<
    string,
    { readonly ts: Float64Array; readonly equityUsd: Float64Array }
  >;
  readonly drawdowns: ReadonlyMap<string, Float64Array>;
  /** Per bar, one shorter than the curves (they start before the first bar). */
  readonly allocations: ReadonlyMap<string, Float64Array>;
  readonly benchmark: { readonly equityUsd: Float64Array };
  readonly messages: readonly MessageSample[];
}

/** The last index of each of at most `points` equal buckets of `length` items. */
function bucketEnds(length: number, points: number): number[] {
  const step = Math.max(1, Math.ceil(length / points));
  const ends: number[] = [];
  for (let end = step - 1; end < length - 1; end += step) ends.push(end);
  if (length > 0) ends.push(length - 1);
  return ends;
}

const pick = (values: ArrayLike<number>, ends: readonly number[], offset = 0) =>
  ends.map((e) => values[Math.max(0, e - offset)]);

/** Deepest value in each bucket, so a short, deep drawdown still shows. */
function bucketMax(values: ArrayLike<number>, ends: readonly number[]): number[] {
  let start = 0;
  return ends.map((end) => {
    let max = -Infinity;
    for (let i = start; i <= end; i++) max = Math.max(max, values[i]);
    start = end + 1;
    return max;
  });
}

export function chartSeries(input: ChartInputs): ChartSeries {
  const [first] = input.curves.values();
  const ends = bucketEnds(first?.ts.length ?? 0, CHART_POINTS);
  const record = <T>(map: ReadonlyMap<string, T>, f: (v: T) => number[]) =>
    Object.fromEntries([...map].map(([id, v]) => [id, f(v)]));
  // The benchmark starts at the first bar's close, the curves one point earlier.
  const benchmark = input.benchmark.equityUsd;
  const messageEnds = bucketEnds(input.messages.length, CHART_POINTS);
  return {
    ts: pick(first?.ts ?? [], ends),
    equity: record(input.curves, (c) => pick(c.equityUsd, ends)),
    drawdown: record(input.drawdowns, (d) => bucketMax(d, ends)),
    allocation: record(input.allocations, (a) => pick(a, ends, 1)),
    benchmarkEquity: pick(benchmark, ends, 1),
    messageTs: messageEnds.map((e) => input.messages[e].ts),
    messages: Object.fromEntries(
      MESSAGE_TYPES.map((type) => [
        type,
        messageEnds.map(
          (e, k) =>
            input.messages[e].published[type] -
            (k > 0 ? input.messages[messageEnds[k - 1]].published[type] : 0),
        ),
      ]),
    ) as Record<MessageType, number[]>,
  };
}
