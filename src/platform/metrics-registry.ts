import { collectDefaultMetrics, Registry } from 'prom-client';

export type LabelValues = Readonly<Record<string, string>>;
/** Called at scrape time: report each series' current value. */
export type SeriesReader = (report: (labels: LabelValues, value: number) => void) => void;

interface SeriesDefinition {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
  readonly read: SeriesReader;
}

export interface HistogramSnapshot {
  /** Count per bucket (not cumulative), aligned with the bucket bounds. */
  readonly buckets: ArrayLike<number>;
  readonly sum: number;
  readonly count: number;
}

interface HistogramDefinition {
  readonly name: string;
  readonly help: string;
  /** Upper bounds, ascending, without +Inf. */
  readonly bounds: readonly number[];
  readonly read: () => HistogramSnapshot;
}

type Family = (lines: string[]) => void;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: LabelValues): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return pairs.length > 0 ? `{${pairs.join(',')}}` : '';
}

/**
 * The process's Prometheus registry. Modules never touch a metric per message: they keep their own
 * counts and register a reader that is asked for current values when `/metrics` is scraped. Module
 * series are rendered straight to the exposition format (a few microseconds per series, where a
 * prom-client collect costs far more at a thousand agents); prom-client supplies Node's process metrics.
 */
export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly families = new Map<string, Family>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  gauge(definition: SeriesDefinition): void {
    this.series('gauge', definition);
  }

  /** A counter whose value is owned elsewhere and only ever grows. */
  counter(definition: SeriesDefinition): void {
    this.series('counter', definition);
  }

  histogram(definition: HistogramDefinition): void {
    this.register(definition.name, definition.help, 'histogram', (lines) => {
      const snapshot = definition.read();
      let cumulative = 0;
      definition.bounds.forEach((bound, b) => {
        cumulative += snapshot.buckets[b] ?? 0;
        lines.push(`${definition.name}_bucket{le="${formatValue(bound)}"} ${cumulative}`);
      });
      lines.push(`${definition.name}_bucket{le="+Inf"} ${snapshot.count}`);
      lines.push(`${definition.name}_sum ${formatValue(snapshot.sum)}`);
      lines.push(`${definition.name}_count ${snapshot.count}`);
    });
  }

  contentType(): string {
    return this.registry.contentType;
  }

  async scrape(): Promise<string> {
    const lines: string[] = [];
    for (const render of this.families.values()) render(lines);
    return `${await this.registry.metrics()}${lines.join('\n')}\n`;
  }

  private series(type: 'gauge' | 'counter', definition: SeriesDefinition): void {
    const { name } = definition;
    this.register(name, definition.help, type, (lines) =>
      definition.read((labels, value) =>
        lines.push(`${name}${formatLabels(labels)} ${formatValue(value)}`),
      ),
    );
  }

  private register(name: string, help: string, type: string, render: Family): void {
    if (this.families.has(name) || this.registry.getSingleMetric(name)) {
      throw new Error(`metric ${name} is already registered`);
    }
    this.families.set(name, (lines) => {
      lines.push(
        `# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`,
        `# TYPE ${name} ${type}`,
      );
      render(lines);
    });
  }
}
