import type { MessageEnvelope, Side } from '../../communication/message-envelope.js';
import type { MarketTick } from '../../trading/candle.js';
import type { AgentContext, AgentDriver } from '../agent-driver.js';
import { formatPrice, percent, signedPercent } from '../market/number-format.js';
import type { Forecast, Forecaster } from '../models/forecaster.js';
import { DiscussionReplies } from './discussion-replies.js';
import { unlessDropped } from './model-answer.js';
import { beatIfDue } from './heartbeat.js';
import { SingleFlight } from './single-flight.js';

export interface ForecasterOptions {
  /** Ticks between forecasts; each forecast is for the next symbol in rotation. */
  readonly everyTicks: number;
  readonly historyBars: number;
  readonly horizonBars: number;
}

/** Fewer closes than this and a forecast is noise. */
const MIN_HISTORY_BARS = 24;
/** The bars' length, as a pandas frequency (Lag-Llama is built on GluonTS). */
const BAR_FREQ = '5min';
/** 12 five-minute bars. */
const HORIZON = '1h';

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
  private readonly options: ForecasterOptions;
  private readonly replies = new DiscussionReplies();
  private readonly calls = new SingleFlight();
  private readonly latest = new Map<string, Published>();
  private tick = -1;
  private rotation = 0;

  constructor(
    private readonly forecaster: Forecaster,
    options: Partial<ForecasterOptions> = {},
  ) {
    this.options = { everyTicks: 10, historyBars: 96, horizonBars: 12, ...options };
  }

  onTick(_tick: MarketTick, context: AgentContext): Promise<void> | undefined {
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
    if (closes.length < MIN_HISTORY_BARS) return;
    this.rotation += 1;
    const forecast = await unlessDropped(
      this.forecaster.forecast(closes, this.options.horizonBars, {
        symbol,
        startMs: bars[0].openTime,
        freq: BAR_FREQ,
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
        horizon: HORIZON,
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
