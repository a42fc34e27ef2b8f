import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

export type LabelValues = Record<string, string>;
/** Called at scrape time: report each series' current value. */
export type SeriesReader = (report: (labels: LabelValues, value: number) => void) => void;

interface SeriesDefinition {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
  readonly read: SeriesReader;
}

/**
 * The process's Prometheus registry. Modules never increment a prom-client metric on a hot path: they
 * keep their own counts and register a reader that copies them in when `/metrics` is scraped.
 */
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  gauge(definition: SeriesDefinition): void {
    const { read } = definition;
    new Gauge({
      name: definition.name,
      help: definition.help,
      labelNames: [...(definition.labelNames ?? [])],
      registers: [this.registry],
      collect() {
        this.reset();
        read((labels, value) => this.set(labels, value));
      },
    });
  }

  /** A counter whose value is owned elsewhere and only ever grows. */
  counter(definition: SeriesDefinition): void {
    const { read } = definition;
    new Counter({
      name: definition.name,
      help: definition.help,
      labelNames: [...(definition.labelNames ?? [])],
      registers: [this.registry],
      collect() {
        this.reset();
        read((labels, value) => this.inc(labels, value));
      },
    });
  }

  contentType(): string {
    return this.registry.contentType;
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
