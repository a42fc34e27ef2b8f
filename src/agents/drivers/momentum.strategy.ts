import type { MessageEnvelope } from '../../communication/message-envelope.js';
import type { Side } from '../../config/roster.js';
import type { MarketTick } from '../../trading/candle.js';
import type { AgentContext, AgentDriver } from '../agent-driver.js';
import { closesVolatility, emaOfCloses } from '../market/indicators.js';
import { percent, signedPercent } from '../market/number-format.js';
import { barsIn, HOUR_MS, MINUTE_MS, spanLabel, TUNED_BAR_MS } from '../market/bar-time.js';
import { beatIfDue } from './heartbeat.js';
import { DiscussionReplies } from './discussion-replies.js';

/** EMA5/EMA20 over a 40-bar window on 5-minute bars: the lookbacks in market time. */
const FAST_MS = 25 * MINUTE_MS;
const SLOW_MS = 100 * MINUTE_MS;
const WINDOW_MS = 200 * MINUTE_MS;
/** EMA gap, in units of per-bar volatility, that counts as momentum. */
const ENTRY_STRENGTH = 0.75;
/** Market time between two signals on a symbol; repeating the same side waits longer than a reversal. */
const COOLDOWN_MS = 15 * MINUTE_MS;
const REPEAT_COOLDOWN_MS = HOUR_MS;
/** How far a thesis at confidence 1 moves the bias toward its side. */
const BIAS_PULL = 0.6;
/** Bias decay per 5 minutes of market time: a thesis fades over a few hours (half-life ≈ 2.8 h). */
const BIAS_DECAY_PER_5_MINUTES = 0.98;
/** A bias at least this strong against a signal suppresses it. */
const BIAS_VETO = 0.5;
const BIAS_WEIGHT = 0.25;

/** The lookbacks in bars of the data at hand. */
interface Lookbacks {
  readonly barMs: number;
  readonly fast: number;
  readonly slow: number;
  readonly window: number;
  readonly cooldown: number;
  readonly repeatCooldown: number;
  readonly biasDecay: number;
}

function lookbacks(barMs: number): Lookbacks {
  const fast = barsIn(FAST_MS, barMs, 2);
  const slow = Math.max(fast + 1, barsIn(SLOW_MS, barMs));
  return {
    barMs,
    fast,
    slow,
    window: Math.max(2 * slow, barsIn(WINDOW_MS, barMs)),
    cooldown: barsIn(COOLDOWN_MS, barMs),
    repeatCooldown: barsIn(REPEAT_COOLDOWN_MS, barMs),
    biasDecay: BIAS_DECAY_PER_5_MINUTES ** (barMs / TUNED_BAR_MS),
  };
}

interface SymbolState {
  bars: number;
  bias: number;
  lastSignalBar: number;
  lastSide?: Side;
  strength: number;
}

/** Momentum signal of one symbol: the fast/slow EMA gap, and that gap over per-bar volatility. */
interface Reading {
  readonly gap: number;
  readonly volatility: number;
  readonly strength: number;
}

/**
 * Built-in short-horizon strategy (what Freqtrade would run): EMA5/EMA20 momentum per symbol, nudged by a
 * decaying bias that other agents' theses set.
 */
export class MomentumStrategy implements AgentDriver {
  private readonly states = new Map<string, SymbolState>();
  private readonly replies = new DiscussionReplies();
  private ticks = 0;
  private bars = lookbacks(TUNED_BAR_MS);

  onTick(tick: MarketTick, context: AgentContext): void {
    beatIfDue(this.ticks++, context);
    if (this.bars.barMs !== context.barMs) this.bars = lookbacks(context.barMs);
    for (const symbol of context.symbols) {
      const state = this.state(symbol);
      state.bias *= this.bars.biasDecay;
      if (!tick.some((bar) => bar.symbol === symbol)) continue;
      state.bars += 1;
      const reading = this.read(symbol, context);
      if (!reading) continue;
      state.strength = reading.strength;
      this.maybeSignal(symbol, state, reading, context);
    }
  }

  onMessage(message: MessageEnvelope, context: AgentContext): void {
    if (message.from === context.agentId) return;
    if (message.type === 'thesis') this.lean(message, context);
    else if (this.replies.isQuestionFor(message, context)) {
      const symbols =
        message.symbol && context.symbols.includes(message.symbol)
          ? [message.symbol]
          : context.symbols;
      this.replies.reply(message, context, {
        text: symbols.map((s) => this.view(s, context)).join('; '),
      });
    }
  }

  private maybeSignal(
    symbol: string,
    state: SymbolState,
    reading: Reading,
    context: AgentContext,
  ): void {
    if (Math.abs(reading.strength) < ENTRY_STRENGTH) return;
    const side: Side = reading.strength > 0 ? 'buy' : 'sell';
    const since = state.bars - state.lastSignalBar;
    if (since < (side === state.lastSide ? this.bars.repeatCooldown : this.bars.cooldown)) return;
    const direction = side === 'buy' ? 1 : -1;
    const leaning = state.bias * direction;
    if (leaning <= -BIAS_VETO) return;
    const base = 0.55 + 0.1 * Math.min(Math.abs(reading.strength) - ENTRY_STRENGTH, 3);
    const confidence =
      Math.round(Math.min(0.95, Math.max(0.05, base + BIAS_WEIGHT * leaning)) * 100) / 100;
    const text =
      `EMA${this.bars.fast} ${reading.gap >= 0 ? 'above' : 'below'} EMA${this.bars.slow} by ${percent(Math.abs(reading.gap), 3)} ` +
      `(${reading.strength.toFixed(2)}× vol ${percent(reading.volatility, 3)}/bar), bias ${signedBias(state.bias)} → ${side}`;
    const accepted = context.publish({
      type: 'signal',
      symbol,
      side,
      confidence,
      horizon: spanLabel(Math.max(COOLDOWN_MS, this.bars.barMs)),
      text,
    });
    if (accepted) {
      state.lastSignalBar = state.bars;
      state.lastSide = side;
    }
  }

  /** A thesis pulls the bias of its symbol (or of all symbols, if it names none) toward its side. */
  private lean(thesis: MessageEnvelope, context: AgentContext): void {
    const target = thesis.side === 'buy' ? 1 : thesis.side === 'sell' ? -1 : 0;
    const pull = BIAS_PULL * Math.min(1, Math.max(0, thesis.confidence ?? 0.5));
    const symbols = thesis.symbol ? [thesis.symbol] : context.symbols;
    for (const symbol of symbols) {
      if (!context.symbols.includes(symbol)) continue;
      const state = this.state(symbol);
      state.bias += (target - state.bias) * pull;
    }
  }

  private read(symbol: string, context: AgentContext): Reading | undefined {
    const { fast, slow, window } = this.bars;
    const bars = context.recent(symbol, window);
    if (bars.length < slow) return undefined;
    const gap = emaOfCloses(bars, fast) / emaOfCloses(bars, slow) - 1;
    const volatility = closesVolatility(bars);
    return { gap, volatility, strength: gap / Math.max(volatility, 1e-6) };
  }

  private view(symbol: string, context: AgentContext): string {
    const state = this.state(symbol);
    const reading = this.read(symbol, context);
    if (!reading) return `${symbol}: warming up, bias ${signedBias(state.bias)}`;
    const leaning =
      Math.abs(reading.strength) < ENTRY_STRENGTH
        ? 'no momentum'
        : reading.strength > 0
          ? 'leaning long'
          : 'leaning short';
    return (
      `${symbol}: EMA${this.bars.fast}/EMA${this.bars.slow} gap ${signedPercent(reading.gap, 3)} ` +
      `(${reading.strength.toFixed(2)}× vol), bias ${signedBias(state.bias)} → ${leaning}, horizon 15m`
    );
  }

  private state(symbol: string): SymbolState {
    let state = this.states.get(symbol);
    if (!state) {
      state = { bars: 0, bias: 0, lastSignalBar: -Infinity, strength: 0 };
      this.states.set(symbol, state);
    }
    return state;
  }
}

function signedBias(bias: number): string {
  return `${bias >= 0 ? '+' : ''}${bias.toFixed(2)}`;
}
