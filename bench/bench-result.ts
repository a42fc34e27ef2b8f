/** One benchmark figure, printed as one JSON line. */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: number;
  readonly ratio?: number;
  readonly [detail: string]: unknown;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function print(figure: BenchFigure): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

/** Rounds for printing without losing the figure's meaning. */
export function round(value: number, digits = 3): number {
  return Number(value.toPrecision(digits + 3));
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** p50 and p99 of `samples` (ms), each against the same percentile of `baseline`. */
export function printPercentiles(
  name: string,
  samples: readonly number[],
  baseline: readonly number[],
  detail: Readonly<Record<string, unknown>>,
): void {
  for (const p of [50, 99]) {
    const value = percentile(samples, p);
    const base = percentile(baseline, p);
    print({
      name: `${name}_p${p}_ms`,
      value: round(value),
      unit: 'ms',
      baseline: round(base),
      ratio: round(value / base),
      samples: samples.length,
      ...detail,
    });
  }
}
