import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { FreqtradeSettings } from '../../config/app-config.js';
import { AppConfig } from '../../config/app-config.js';
import { AgentCoordinator } from '../../communication/agent-coordinator.service.js';
import { ExternalPresence } from '../../communication/external-presence.js';
import { createEnvelope, type MessageEnvelope } from '../../communication/message-envelope.js';
import { MessageIds } from '../../communication/message-ids.js';
import { ExternalFills } from '../../orchestration/external-fills.js';
import { SelfExecutingAgents } from '../../orchestration/self-executing-agents.js';
import { PortfolioService } from '../../orchestration/portfolio.service.js';
import { Clock } from '../../platform/clock.js';
import { DomainEvents } from '../../platform/domain-events.js';
import { type CancelTimer, Timers } from '../../platform/timers.js';
import { MarketDataFeed } from '../../trading/market-data.feed.js';
import { type BotStance, stanceFor } from './freqtrade-control.js';
import { FreqtradeCounters } from './freqtrade-counters.js';
import { FreqtradeFillBooker } from './freqtrade-fill-booker.js';
import { openPositions } from './freqtrade-fills.js';
import { FreqtradeMessageStream } from './freqtrade-message.stream.js';
import { symbolOfPair } from './freqtrade-pairs.js';
import type {
  FreqtradeMessage,
  FreqtradeShowConfig,
  FreqtradeTrade,
  FreqtradeTradeHistory,
  ForceEnterPayload,
  StatusMessage,
  TradeMessage,
} from './freqtrade-protocol.js';
import { isStatusMessage } from './freqtrade-protocol.js';
import { FreqtradeRestClient } from './freqtrade-rest.client.js';

/** The roster agent a real Freqtrade plays. */
export const FREQTRADE_AGENT = 'freqtrade-hft';

const SILENT = 'the bot went silent: halted';

/** Guidance and theses kept for the bot (Freqtrade has no inbound strategy channel over its API). */
const INBOX_LIMIT = 100;

export interface FreqtradeConnectorView {
  readonly configured: boolean;
  readonly connected: boolean;
  readonly stance: BotStance;
  readonly stanceReason: string;
  readonly fillsBooked: number;
  readonly fillsRefused: number;
  readonly reconciliation: readonly string[];
  readonly inbox: readonly MessageEnvelope[];
}

/**
 * A real Freqtrade bot as `freqtrade-hft`: its message websocket becomes the agent's traffic on the bus
 * (entries and exits as signals, cancels and warnings as discussion, status as heartbeats), its fills are
 * booked to its sub-ledger from the trade the REST API reports, and the orchestrator acts on it over REST
 * (`stopentry`, `forceexit all`, `start`, `forceenter` with a stake within its allocation).
 */
@Injectable()
export class FreqtradeConnector implements OnApplicationBootstrap, OnModuleDestroy {
  readonly counters = new FreqtradeCounters();
  private readonly logger = new Logger(FreqtradeConnector.name);
  private readonly settings: FreqtradeSettings | undefined;
  private client: FreqtradeRestClient | undefined;
  private stream: FreqtradeMessageStream | undefined;
  private cancelProbe: CancelTimer | undefined;
  private unwatchTicks: (() => void) | undefined;
  private stance: BotStance = 'trading';
  private stanceReason = 'not yet decided';
  private commanding: Promise<unknown> = Promise.resolve();
  private readonly booker: FreqtradeFillBooker;
  private differences: string[] = [];
  private readonly inbox: MessageEnvelope[] = [];
  /** Fills in flight: a trade read from the API is booked one at a time, in the order heard. */
  private booking: Promise<unknown> = Promise.resolve();

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly coordinator: AgentCoordinator,
    private readonly ids: MessageIds,
    private readonly presence: ExternalPresence,
    private readonly fills: ExternalFills,
    private readonly selfExecuting: SelfExecutingAgents,
    private readonly portfolio: PortfolioService,
    private readonly feed: MarketDataFeed,
    events: DomainEvents,
  ) {
    this.settings = config.freqtrade;
    this.booker = new FreqtradeFillBooker(
      FREQTRADE_AGENT,
      fills,
      this.counters,
      (message) => events.emit('trading.alert', { source: 'freqtrade', message, ts: clock.now() }),
      () => clock.now(),
    );
  }

  onApplicationBootstrap(): void {
    const settings = this.settings;
    if (!settings) return;
    this.client = new FreqtradeRestClient(settings, this.timers, (path, outcome) =>
      this.counters.request(path, outcome),
    );
    if (settings.onSilence === 'halt') this.presence.haltOnSilence(FREQTRADE_AGENT);
    this.presence.onChange((agentId, connected) => {
      if (agentId !== FREQTRADE_AGENT) return;
      if (connected) {
        if (this.presence.channelOf(FREQTRADE_AGENT) !== 'connector') return;
        this.selfExecuting.claim(FREQTRADE_AGENT);
        this.takeInbox();
        return;
      }
      this.selfExecuting.release(FREQTRADE_AGENT); // the stand-in's signals are ours to execute
      if (settings.onSilence === 'halt') this.haltSilentBot();
    });
    const client = this.client;
    this.stream = new FreqtradeMessageStream(
      settings.url,
      (renew) => (renew ? client.renewAccess() : client.accessToken()),
      {
        onMessage: (message) => this.receive(message),
        onOpen: (reconnected) => this.opened(reconnected),
        onDown: (reason) => this.logger.warn(`freqtrade message stream down: ${reason}`),
      },
      this.timers,
      { minDelayMs: 250, maxDelayMs: 30_000 },
    );
    this.stream.start();
    this.cancelProbe = this.timers.every(settings.probeMs, () => void this.probe());
    this.unwatchTicks = this.feed.onTick(() => this.steer());
  }

  onModuleDestroy(): void {
    this.stream?.stop();
    this.cancelProbe?.();
    this.unwatchTicks?.();
  }

  view(): FreqtradeConnectorView {
    return {
      configured: this.settings !== undefined,
      connected: this.presence.channelOf(FREQTRADE_AGENT) === 'connector',
      stance: this.stance,
      stanceReason: this.stanceReason,
      fillsBooked: this.counters.fillsOf('booked'),
      fillsRefused: this.counters.fillsOf('refused') + this.counters.fillsOf('short'),
      reconciliation: [...this.differences],
      inbox: [...this.inbox],
    };
  }

  /** Settles once every fill heard of so far is booked (tests, benches). */
  settled(): Promise<void> {
    return Promise.all([this.booking, this.commanding]).then(() => undefined);
  }

  /**
   * Asks the bot to enter `symbol` with a stake its allocation allows: the free cash of its sub-ledger,
   * at most `stakeUsd`. Freqtrade's answer (the trade, or `{status}` when it would not) is returned.
   */
  async enter(symbol: string, side: 'long' | 'short', stakeUsd: number): Promise<unknown> {
    const client = this.requireClient();
    const free = this.fills.budgetOf(FREQTRADE_AGENT).cashUsd;
    const stake = Math.min(stakeUsd, free);
    if (!(stake > 0)) throw new Error(`${FREQTRADE_AGENT} has no free allocation to stake`);
    const pair = await this.pairOf(symbol);
    const payload: ForceEnterPayload = { pair, side, stakeamount: Math.floor(stake * 100) / 100 };
    return client.post('/forceenter', payload);
  }

  private requireClient(): FreqtradeRestClient {
    if (!this.client) throw new Error('FREQTRADE_URL is not configured');
    return this.client;
  }

  private async pairOf(symbol: string): Promise<string> {
    const open = await this.requireClient().get<FreqtradeTrade[]>('/status');
    const known = open.find((t) => symbolOfPair(t.pair) === symbol.toUpperCase());
    if (known) return known.pair;
    const config = await this.requireClient().get<FreqtradeShowConfig>('/show_config');
    const quote = config.stake_currency.toUpperCase();
    const base = symbol.toUpperCase().slice(0, -quote.length);
    const pair = `${base}/${quote}`;
    return config.trading_mode === 'futures' ? `${pair}:${quote}` : pair;
  }

  private opened(reconnected: boolean): void {
    this.logger.log(`freqtrade message stream ${reconnected ? 're' : ''}connected`);
    this.presence.seen(FREQTRADE_AGENT, 'connector');
    this.booking = this.booking
      .then(() => this.checkShorts())
      .then(() => this.reconcile())
      .catch((error: unknown) => {
        this.logger.error(`freqtrade reconciliation failed: ${String(error)}`);
      });
    this.steer(true);
  }

  /** A bot that may short is told about once: its short trades will be refused, not booked. */
  private async checkShorts(): Promise<void> {
    try {
      this.booker.noteConfig(await this.requireClient().get<FreqtradeShowConfig>('/show_config'));
    } catch (error) {
      this.logger.warn(`freqtrade /show_config not read: ${String(error)}`);
    }
  }

  private receive(message: FreqtradeMessage): void {
    this.presence.seen(FREQTRADE_AGENT, 'connector');
    this.counters.message(message.type);
    if (isStatusMessage(message)) return this.onStatus(message);
    switch (message.type) {
      case 'entry':
      case 'exit':
        return this.publishSignal(message);
      case 'entry_fill':
      case 'exit_fill':
        this.booking = this.booking.then(() => this.bookTrade(message.trade_id, message.type));
        return;
      case 'entry_cancel':
      case 'exit_cancel':
        return this.publishDiscussion(
          `freqtrade ${message.type} trade ${message.trade_id} ${message.pair}: ${message.reason ?? ''}`,
        );
    }
  }

  private onStatus(message: StatusMessage): void {
    if (message.type === 'warning') {
      this.logger.warn(`freqtrade warning: ${message.status}`);
      this.publishDiscussion(`freqtrade warning: ${message.status}`);
      return;
    }
    this.publish({ type: 'heartbeat', text: `freqtrade ${message.type}: ${message.status}` });
  }

  private publishSignal(message: TradeMessage): void {
    const symbol = symbolOfPair(message.pair);
    if (symbol === undefined) return;
    const long = message.direction.toLowerCase() !== 'short';
    const entering = message.type === 'entry';
    const rate = entering ? message.open_rate : (message.order_rate ?? message.close_rate);
    this.publish({
      type: 'signal',
      symbol,
      side: entering === long ? 'buy' : 'sell',
      confidence: 0.5,
      text:
        `freqtrade ${message.type} trade ${message.trade_id} ${message.pair} ${message.amount} @ ${rate}` +
        (entering ? ` (stake ${message.stake_amount})` : ` (${message.exit_reason ?? 'exit'})`),
    });
  }

  private publishDiscussion(text: string): void {
    this.publish({ type: 'discussion', text });
  }

  private publish(draft: {
    type: 'signal' | 'discussion' | 'heartbeat';
    text: string;
    symbol?: string;
    side?: 'buy' | 'sell';
    confidence?: number;
  }): void {
    this.coordinator.bus.publish(
      createEnvelope(
        { id: this.ids.next(FREQTRADE_AGENT), from: FREQTRADE_AGENT, ...draft },
        this.clock.now(),
      ),
    );
  }

  /** Books every filled order of the trade not booked yet, from what the REST API says of it. */
  private async bookTrade(tradeId: number, heard: string): Promise<void> {
    try {
      const trade = await this.requireClient().get<FreqtradeTrade>(`/trade/${tradeId}`);
      this.booker.book(trade, heard);
    } catch (error) {
      this.logger.error(`freqtrade ${heard} of trade ${tradeId} not booked: ${String(error)}`);
    }
    this.steer();
  }

  /**
   * At every (re)connection: the bot's trades, closed and open, are booked where the ledger misses them,
   * then its open positions are compared with the sub-ledger; a difference is reported, never adopted.
   * A trade that moves between the two reads can look like a difference, so one is confirmed by a
   * second look before it is reported.
   */
  private async reconcile(): Promise<void> {
    let differences = await this.reconcileOnce();
    if (differences.length > 0) differences = await this.reconcileOnce();
    this.differences = differences;
    if (differences.length > 0)
      this.logger.error(
        `freqtrade disagrees with ${FREQTRADE_AGENT}'s sub-ledger: ${differences.join('; ')}`,
      );
    else this.logger.log(`freqtrade agrees with ${FREQTRADE_AGENT}'s sub-ledger`);
  }

  private async reconcileOnce(): Promise<string[]> {
    const client = this.requireClient();
    const history = await client.get<FreqtradeTradeHistory>('/trades?limit=500&offset=0');
    const open = await client.get<FreqtradeTrade[]>('/status');
    for (const trade of history.trades) this.booker.book(trade, 'reconciliation');
    for (const trade of open) this.booker.book(trade, 'reconciliation');
    const ledger = this.portfolio.ledger(FREQTRADE_AGENT);
    const bot = openPositions(open);
    const differences: string[] = [];
    for (const symbol of new Set([...bot.keys(), ...ledger.symbols()])) {
      const theirs = bot.get(symbol) ?? 0;
      const ours = ledger.quantity(symbol);
      if (Math.abs(theirs - ours) > 1e-9)
        differences.push(`${symbol}: the bot holds ${theirs}, the sub-ledger ${ours}`);
    }
    return differences;
  }

  /** The bot's health is its heartbeat while the websocket is quiet. */
  private async probe(): Promise<void> {
    try {
      await this.requireClient().get('/health');
      this.presence.seen(FREQTRADE_AGENT, 'connector');
    } catch (error) {
      this.logger.warn(`freqtrade health probe failed: ${String(error)}`);
    }
    this.steer();
  }

  /** Tells the bot what the breakers and its allocation allow, when that changed (or `force`). */
  private steer(force = false): void {
    if (!this.client) return;
    if (this.haltedBySilence()) return;
    const { stance, reason } = stanceFor(
      this.fills.breakerOf(FREQTRADE_AGENT),
      this.fills.budgetOf(FREQTRADE_AGENT).cashUsd,
      this.fills.flattens(FREQTRADE_AGENT),
    );
    if (stance === this.stance && !force) return;
    const before = this.stance;
    this.stance = stance;
    this.stanceReason = reason;
    if (force && stance === 'trading' && before === 'trading') return; // nothing to undo
    this.logger.warn(`freqtrade: ${stance} (${reason})`);
    const client = this.client;
    this.commanding = this.commanding
      .then(async () => {
        if (stance === 'trading') return client.post('/start');
        await client.post('/stopentry');
        if (stance === 'flat') await client.post('/forceexit', { tradeid: 'all' });
      })
      .catch((error: unknown) => this.logger.error(`freqtrade command failed: ${String(error)}`));
  }

  private haltedBySilence(): boolean {
    return (
      this.settings?.onSilence === 'halt' &&
      this.presence.channelOf(FREQTRADE_AGENT) !== 'connector' &&
      this.stanceReason === SILENT
    );
  }

  /** FREQTRADE_ON_SILENCE=halt: the stand-in stays paused, and the bot is told to stop entering if it hears. */
  private haltSilentBot(): void {
    this.fills.halt(FREQTRADE_AGENT, SILENT);
    this.stance = 'no-entries';
    this.stanceReason = SILENT;
    const client = this.requireClient();
    this.commanding = this.commanding
      .then(() => client.post('/stopentry'))
      .catch((error: unknown) =>
        this.logger.warn(`freqtrade stopentry after silence not delivered: ${String(error)}`),
      );
  }

  /** While the bot is connected, what the bus delivers to it is kept here and shown. */
  private takeInbox(): void {
    this.coordinator.bus.attach(FREQTRADE_AGENT, (message) => {
      this.inbox.push(message);
      if (this.inbox.length > INBOX_LIMIT) this.inbox.shift();
    });
  }
}
