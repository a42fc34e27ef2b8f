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
