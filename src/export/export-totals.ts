export const EXPORT_OUTCOMES = ['sent', 'retried', 'dead_lettered'] as const;
export type ExportOutcome = (typeof EXPORT_OUTCOMES)[number];

/**
 * What the exporter has done since start, read by the metrics at scrape time: rows per table and
 * outcome (`retried` counts each time a row has to be sent again), failed shipments, last success.
 */
export class ExportTotals {
  readonly rows = new Map<string, Record<ExportOutcome, number>>();
  failures = 0;
  lastSuccessMs = 0;

  count(table: string, outcome: ExportOutcome, n: number): void {
    if (n === 0) return;
    let counts = this.rows.get(table);
    if (!counts) {
      counts = { sent: 0, retried: 0, dead_lettered: 0 };
      this.rows.set(table, counts);
    }
    counts[outcome] += n;
  }

  of(table: string, outcome: ExportOutcome): number {
    return this.rows.get(table)?.[outcome] ?? 0;
  }
}
