import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ExternalPresence } from '../../communication/external-presence.js';
import { AppConfig } from '../../config/app-config.js';
import type { BreakerState } from '../../orchestration/drawdown-breaker.js';
import { ExternalFills } from '../../orchestration/external-fills.js';
import { SelfExecutingAgents } from '../../orchestration/self-executing-agents.js';
import { WallClock } from '../../platform/clock.js';
import { Timers } from '../../platform/timers.js';
import { MarketDataFeed } from '../../trading/market-data.feed.js';
import { BalanceLimits, QUOTE_ASSET } from './balance-limits.js';
import { HummingbotCounters } from './hummingbot-counters.js';
import { HummingbotCommandError } from './hummingbot.error.js';
import { HummingbotBridgeClient } from './hummingbot-bridge.client.js';
import {
  ORDER_FILLED_EVENT,
  type HummingbotCommand,
  type HummingbotReply,
  type HummingbotRequests,
  type HummingbotStream,
  type InternalEventMessage,
  type StatusUpdateMessage,
} from './hummingbot-wire.js';
import { readOrderFilled } from './order-filled.js';

/** The roster seat the real Hummingbot takes. */
export const HUMMINGBOT_AGENT = 'hummingbot-mm';

/**
 * How a breaker stops the bot. Halted: nothing more may fill, so open orders are cancelled and the
 * stop runs synchronously (`async_backend=false`, the reply says it is done). Reduce-only: the bot stops
 * quoting but its resting orders stay to be worked off; the bridge honours `skip_order_cancellation`
 * only on the scheduled path (`stop_loop()` is called without it otherwise), hence `async_backend=true`.
 */
export const STOP_ON_BREAKER: Record<Exclude<BreakerState, 'ok'>, HummingbotRequests['stop']> = {
  halted: { skip_order_cancellation: false, async_backend: false },
  'reduce-only': { skip_order_cancellation: true, async_backend: true },
};

/**
 * The real Hummingbot as `hummingbot-mm`: its heartbeats make it present (the built-in market maker
 * steps aside), its fills are booked to its sub-ledger, its sub-ledger becomes its balance limits, and
 * the breakers stop and restart it. Work towards the bot runs one command at a time.
 */
@Injectable()
export class HummingbotConnector implements OnApplicationBootstrap, OnModuleDestroy {
  readonly counters = new HummingbotCounters();
  private readonly logger = new Logger(HummingbotConnector.name);
  private readonly settings: NonNullable<AppConfig['hummingbot']>;
  private readonly client: HummingbotBridgeClient;
  private readonly limits: BalanceLimits;
  private present = false;
  /** The breaker state the bot was last stopped for; undefined while it may trade. */
  private stoppedFor: Exclude<BreakerState, 'ok'> | undefined;
  private queue: Promise<void> = Promise.resolve();
  private syncQueued = false;
  private readonly unwatch: (() => void)[] = [];

  constructor(
    config: AppConfig,
    private readonly fills: ExternalFills,
    private readonly presence: ExternalPresence,
    private readonly feed: MarketDataFeed,
    wall: WallClock,
    timers: Timers,
    private readonly selfExecuting: SelfExecutingAgents,
  ) {
    if (!config.hummingbot) throw new Error('the Hummingbot connector needs HUMMINGBOT_MQTT_URL');
    this.settings = config.hummingbot;
    const seat = config.roster.find((a) => a.id === HUMMINGBOT_AGENT);
    this.limits = new BalanceLimits(
      (seat?.symbols ?? []).map((s) => s.slice(0, -QUOTE_ASSET.length)),
    );
    this.client = new HummingbotBridgeClient(this.settings, wall, timers, (stream, body) =>
      this.receive(stream, body),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.unwatch.push(
      this.presence.onChange((agentId, connected) => {
        if (agentId === HUMMINGBOT_AGENT) this.onPresence(connected);
      }),
      this.feed.onTick(() => this.sync()),
    );
    await this.client.start();
  }

  async onModuleDestroy(): Promise<void> {
    for (const unwatch of this.unwatch) unwatch();
    await this.client.stop();
  }

  /** Settles once every command queued so far has been answered (or failed). */
  whenIdle(): Promise<void> {
    return this.queue;
  }

  /** What the running strategy reports (`status`, answered synchronously). */
  async status(): Promise<string> {
    return (await this.command('status', { async_backend: false })).msg;
  }

  /** Reads the bot's configuration, changing the given keys first (`config`). */
  async configure(params: [string, unknown][] = []): Promise<HummingbotReply> {
    return this.command('config', { params });
  }

  private receive(stream: HummingbotStream, body: unknown): void {
    switch (stream) {
      case 'hb':
        return this.alive();
      case 'status_updates':
        return this.statusUpdate(body as Partial<StatusUpdateMessage>);
      case 'events':
        return this.marketEvent(body as Partial<InternalEventMessage>);
      case 'notify':
      case 'log':
        this.logger.debug?.(`${stream}: ${String((body as { msg?: unknown } | null)?.msg)}`);
        return;
    }
  }

  private async command<C extends HummingbotCommand>(
    command: C,
    data: HummingbotRequests[C],
  ): Promise<HummingbotReply> {
    try {
      const reply = await this.client.command(command, data);
      this.counters.command(command, 'ok');
      return reply;
    } catch (error) {
      this.counters.command(
        command,
        error instanceof HummingbotCommandError ? error.failure : 'unreachable',
      );
      throw error;
    }
  }

  private alive(): void {
    this.presence.seen(HUMMINGBOT_AGENT, 'connector', this.settings.heartbeatTimeoutMs);
  }

  private statusUpdate(update: Partial<StatusUpdateMessage>): void {
    if (update.type !== 'availability') return;
    if (update.msg === 'online') this.online();
    else if (update.msg === 'offline') this.presence.left(HUMMINGBOT_AGENT, 'connector');
  }

  /** The bridge (re)connected: if it was seated already, the bot may have restarted and forgotten its limits. */
  private online(): void {
    const wasPresent = this.present;
    this.alive();
    if (!wasPresent || !this.present) return;
    this.limits.restart();
    this.stoppedFor = undefined;
    this.sync();
  }

  private marketEvent(event: Partial<InternalEventMessage>): void {
    if (event.type !== ORDER_FILLED_EVENT || !event.data) return;
    const figures = readOrderFilled(event.data, Number(event.timestamp), (symbol) =>
      this.fills.priceOf(symbol),
    );
    if ('problem' in figures) {
      this.counters.fill('unreadable');
      this.logger.error(`OrderFilled not booked: ${figures.problem}`);
      return;
    }
    const outcome = this.fills.book({
      agentId: HUMMINGBOT_AGENT,
      fillId: `hbot:${this.settings.instanceId}:${figures.key}`,
      symbol: figures.symbol,
      side: figures.side,
      quantity: figures.quantity,
      price: figures.price,
      feeUsd: figures.feeUsd,
    });
    this.counters.fill(outcome.status);
    if (outcome.status === 'refused')
      this.logger.error(`Hummingbot fill ${figures.key} refused: ${outcome.reason}`);
    if (outcome.status !== 'booked') return;
    this.limits.booked(figures);
    this.sync(); // the fill may have tripped a breaker
  }

  private onPresence(connected: boolean): void {
    if (connected) {
      if (this.presence.channelOf(HUMMINGBOT_AGENT) !== 'connector') return;
      this.present = true;
      // Its positions are the bot's: a flatten stops it, and the portfolio sells none of them.
      this.selfExecuting.claim(HUMMINGBOT_AGENT);
      this.limits.restart();
      // A bot that comes back is stopped again if a breaker still holds.
      this.stoppedFor = undefined;
      this.logger.log(`Hummingbot ${this.settings.instanceId} is ${HUMMINGBOT_AGENT}`);
      this.sync();
      return;
    }
    if (!this.present) return;
    this.present = false;
    this.selfExecuting.release(HUMMINGBOT_AGENT);
    if (this.settings.onSilence === 'halt')
      this.fills.halt(HUMMINGBOT_AGENT, `Hummingbot ${this.settings.instanceId} went silent`);
  }

  /** Brings the bot in line with the breakers and its sub-ledger; queued, never run twice at once. */
  private sync(): void {
    if (!this.present || this.syncQueued) return;
    this.syncQueued = true;
    this.queue = this.queue.then(async () => {
      this.syncQueued = false;
      try {
        await this.applyBreaker();
        if (this.stoppedFor === undefined) await this.applyLimits();
      } catch (error) {
        this.logger.warn(`Hummingbot: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  private async applyBreaker(): Promise<void> {
    const state = this.fills.breakerOf(HUMMINGBOT_AGENT);
    if (state !== 'ok' && state !== this.stoppedFor) {
      await this.command('stop', STOP_ON_BREAKER[state]);
      this.stoppedFor = state;
      this.logger.warn(`Hummingbot stopped: breaker ${state}`);
    } else if (state === 'ok' && this.stoppedFor !== undefined) {
      await this.command('start', { async_backend: false });
      this.stoppedFor = undefined;
      this.limits.restart();
      this.logger.log('Hummingbot started again: the breakers are clear');
    }
  }

  private async applyLimits(): Promise<void> {
    for (const limit of this.limits.due(this.fills.budgetOf(HUMMINGBOT_AGENT))) {
      await this.command('balanceLimit', {
        exchange: this.settings.exchange,
        asset: limit.asset,
        amount: limit.amount,
      });
      this.limits.accepted(limit);
    }
  }
}
