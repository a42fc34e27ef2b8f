import type { MessageEnvelope, Side } from '../../communication/message-envelope.js';
import type { MarketTick } from '../../trading/candle.js';
import type { AgentContext, AgentDriver } from '../agent-driver.js';
import { formatPrice, percent, signedPercent } from '../market/number-format.js';
import type { Forecast, Forecaster } from '../models/forecaster.js';
import { DiscussionReplies } from './discussion-replies.js';
import { unlessDropped } from './model-answer.js';
import {
  barsIn,
  HOUR_MS,
  MINUTE_MS,
  pandasFrequency,
  spanLabel,
  TUNED_BAR_MS,
} from '../market/bar-time.js';
import { beatIfDue } from './heartbeat.js';
import { SingleFlight } from './single-flight.js';

export interface ForecasterOptions {
  /** Ticks between forecasts; each forecast is for the next symbol in rotation. */
  readonly everyTicks: number;
  readonly historyBars: number;
  readonly horizonBars: number;
}

/** Market time between forecasts, history they rest on, the least that is not noise, and how far ahead. */
const EVERY_MS = 50 * MINUTE_MS;
const HISTORY_MS = 8 * HOUR_MS;
const MIN_HISTORY_MS = 2 * HOUR_MS;
const HORIZON_MS = HOUR_MS;

interface Published {
  readonly forecast: Forecast;
  readonly last: number;
  readonly side: Side | undefined;
  readonly confidence: number;
}

/**
 * Publishes probabilistic forecasts as theses, one symbol at a time in rotation: the stance is where the
 * median lands against the last close, the confidence how far it lands relative to the 10–90% band.
 */
export class ForecasterStrategy implements AgentDriver {
  private readonly given: Partial<ForecasterOptions>;
  /** Fixed by the context: the lookbacks in bars of the data at hand. */
  private options: ForecasterOptions & { readonly minHistoryBars: number; readonly barMs: number };
  private readonly replies = new DiscussionReplies();
  private readonly calls = new SingleFlight();
  private readonly latest = new Map<string, Published>();
  private tick = -1;
  private rotation = 0;

  constructor(
    private readonly forecaster: Forecaster,
    options: Partial<ForecasterOptions> = {},
  ) {
    this.given = options;
    this.options = this.settled(TUNED_BAR_MS);
  }

  private settled(barMs: number): ForecasterStrategy['options'] {
    return {
      everyTicks: barsIn(EVERY_MS, barMs),
      historyBars: barsIn(HISTORY_MS, barMs, 24),
      horizonBars: barsIn(HORIZON_MS, barMs),
      ...this.given,
      minHistoryBars: barsIn(MIN_HISTORY_MS, barMs, 6),
      barMs,
    };
  }

  onTick(_tick: MarketTick, context: AgentContext): Promise<void> | undefined {
    if (this.options.barMs !== context.barMs) this.options = this.settled(context.barMs);
    beatIfDue(++this.tick, context);
    if (this.tick % this.options.everyTicks !== 0) return undefined;
    return this.calls.tryRun(() => this.forecastNext(context));
  }

  onMessage(message: MessageEnvelope, context: AgentContext): void {
    if (!this.replies.isQuestionFor(message, context)) return;
    const symbols = message.symbol ? [message.symbol] : [...this.latest.keys()];
    const views = symbols.flatMap((s) => {
      const published = this.latest.get(s);
      return published ? [describe(s, published, this.forecaster.kind)] : [];
    });
    this.replies.reply(message, context, {
      text: views.length > 0 ? views.join('; ') : 'no forecast published yet',
    });
  }

  private async forecastNext(context: AgentContext): Promise<void> {
    const symbol = context.symbols[this.rotation % context.symbols.length];
    const bars = context.recent(symbol, this.options.historyBars);
    const closes = bars.map((bar) => bar.close);
    if (closes.length < this.options.minHistoryBars) return;
    this.rotation += 1;
    const forecast = await unlessDropped(
      this.forecaster.forecast(closes, this.options.horizonBars, {
        symbol,
        startMs: bars[0].openTime,
        freq: pandasFrequency(this.options.barMs),
      }),
    );
    if (!forecast) return;
    const last = closes[closes.length - 1];
    const { p10, p50, p90 } = forecast.quantiles;
    const side: Side | undefined = p50 > last ? 'buy' : p50 < last ? 'sell' : undefined;
    const width = p90 - p10;
    // A median a quarter of the band away from the last close is as sure as this forecaster gets.
    const confidence = width > 0 ? Math.min(1, (4 * Math.abs(p50 - last)) / width) : side ? 1 : 0;
    const published: Published = {
      forecast,
      last,
      side,
      confidence: Math.round(confidence * 100) / 100,
    };
    const text = describe(symbol, published, this.forecaster.kind);
    if (
      context.publish({
        type: 'thesis',
        symbol,
        ...(side ? { side } : {}),
        confidence: published.confidence,
        horizon: spanLabel(this.options.horizonBars * this.options.barMs),
        text,
      })
    ) {
      this.latest.set(symbol, published);
    }
  }
}

function describe(symbol: string, published: Published, kind: Forecaster['kind']): string {
  const { forecast, last, side } = published;
  const { p10, p50, p90 } = forecast.quantiles;
  const source =
    kind === 'local'
      ? 'statistical forecast (log-normal drift/volatility, not Lag-Llama)'
      : 'Lag-Llama forecast';
  return (
    `${source} for ${symbol} ${forecast.horizonBars} bars ahead: p10 ${formatPrice(p10)}, p50 ${formatPrice(p50)}, ` +
    `p90 ${formatPrice(p90)} vs last ${formatPrice(last)} (median ${signedPercent(p50 / last - 1)}, ` +
    `band ${percent((p90 - p10) / last)}) → ${side ?? 'no side'}`
  );
}
