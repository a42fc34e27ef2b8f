import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { isBuiltIn, type AgentDefinition, type AgentTransport } from '../config/roster.js';
import { AgentCoordinator } from '../communication/agent-coordinator.service.js';
import { ExternalPresence } from '../communication/external-presence.js';
import { createEnvelope } from '../communication/message-envelope.js';
import { MessageIds } from '../communication/message-ids.js';
import { Clock } from '../platform/clock.js';
import { DomainEvents } from '../platform/domain-events.js';
import { PendingWork } from '../platform/pending-work.js';
import type { MarketTick } from '../trading/candle.js';
import { MarketDataFeed } from '../trading/market-data.feed.js';
import { MarketUniverse } from '../trading/market-universe.js';
import type { AgentContext, AgentDriver } from './agent-driver.js';
import { AgentLifecycle, type AgentState } from './agent-lifecycle.js';
import { AgentModels } from './agent-models.service.js';
import { createDriver } from './drivers/driver-factory.js';
import { HeadlineSource } from './models/headline-source.js';
import { SentimentScorer } from './models/sentiment-scorer.js';

export const HEADLINES_FILE = 'news_headlines_labeled_2022-05.csv';

interface RunningAgent {
  readonly definition: AgentDefinition;
  /** Its roster symbols that the market data has. */
  readonly symbols: readonly string[];
  readonly lifecycle: AgentLifecycle;
  /** None for an agent that exists only as an MCP seat: whoever holds the seat acts for it. */
  readonly driver: AgentDriver | undefined;
  readonly context: AgentContext;
  /** The quiet reason last logged, so each is said once. */
  quietSaid?: string;
  /** Why it is paused for the whole run (`idle`): none of its symbols is in the market data; or its seat is empty. */
  idleBecause?: string;
}

/** Why a declared seat does nothing: no stand-in plays it while no MCP client holds it. */
export const EMPTY_SEAT =
  'an MCP seat with no built-in stand-in: it acts only while an MCP client holds it';

export interface AgentStatus {
  readonly agentId: string;
  readonly role: string;
  /** The built-in driver, or `none` for an agent that exists only as an MCP seat. */
  readonly driver: string;
  readonly transport: AgentTransport;
  readonly state: AgentState;
  /** Why a running agent sends nothing (no headlines for the period, say); absent when it is not quiet. */
  readonly quiet?: string;
  /** The roster symbols it trades: those the market data has. */
  readonly symbols: readonly string[];
  /** Why it stays idle, when it does: none of its symbols is in the market data. */
  readonly idle?: string;
}

/**
 * Runs the in-process agents: builds each one's driver from the roster, moves it through its
 * lifecycle, feeds it market ticks and drains its inbox into it. Agents reach the rest of the system
 * only through the bus.
 */
@Injectable()
export class AgentRuntime implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AgentRuntime.name);
  private agents: RunningAgent[] = [];
  private unsubscribe: (() => void) | undefined;
  private unwatchPresence: (() => void) | undefined;
  private unwatchBudgets: (() => void) | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly coordinator: AgentCoordinator,
    private readonly feed: MarketDataFeed,
    private readonly models: AgentModels,
    private readonly presence: ExternalPresence,
    private readonly ids: MessageIds,
    private readonly pending: PendingWork,
    private readonly universe: MarketUniverse,
    private readonly events: DomainEvents,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const headlinesPath = join(this.config.trading.marketDataDir, HEADLINES_FILE);
    // A data folder of candles alone is a data set too: the sentiment agent then has nothing to read.
    const headlines = existsSync(headlinesPath)
      ? await new HeadlineSource(headlinesPath).read()
      : [];
    if (headlines.length === 0)
      this.logger.log(`no headlines in ${headlinesPath}: the sentiment agent has nothing to score`);
    const deps = {
      models: this.models,
      headlines,
      scorer: new SentimentScorer(),
    };
    this.agents = this.config.roster.map((definition) => {
      const lifecycle = new AgentLifecycle(definition.id);
      lifecycle.transition('starting');
      const symbols = this.universe.narrow(definition.symbols);
      const agent: RunningAgent = {
        definition,
        symbols,
        lifecycle,
        driver: isBuiltIn(definition) ? createDriver(definition, deps) : undefined,
        context: this.contextFor(definition, symbols),
      };
      lifecycle.started();
      if (agent.driver === undefined) {
        this.seatChanged(agent, false);
        return agent;
      }
      if (symbols.length === 0) {
        this.standIdle(agent);
        return agent;
      }
      // An external agent that connected before we started keeps its inbox (the bridge attached it).
      if (this.presence.isConnected(definition.id)) lifecycle.pause('stepped-aside');
      else this.claimInbox(agent);
      return agent;
    });
    this.unwatchPresence = this.presence.onChange((agentId, connected) =>
      this.onPresenceChange(agentId, connected),
    );
    this.unwatchBudgets = this.models.onBudgetChange((agentId, exhausted) =>
      this.onBudgetChange(agentId, exhausted),
    );
    this.unsubscribe = this.feed.onTick((tick) => this.onTick(tick));
    this.feed.start();
    this.logger.log(
      `started ${this.agents.length} agents: ${this.agents.map((a) => a.definition.id).join(', ')}`,
    );
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.unwatchPresence?.();
    this.unwatchBudgets?.();
    for (const agent of this.agents)
      if (agent.lifecycle.state !== 'stopped') agent.lifecycle.transition('stopped');
  }

  statuses(): AgentStatus[] {
    return this.agents.map((a) => ({
      agentId: a.definition.id,
      role: a.definition.role,
      driver: a.definition.driver ?? 'none',
      transport: a.definition.transport ?? 'in-process',
      state: a.lifecycle.state,
      ...(a.quietSaid === undefined ? {} : { quiet: a.quietSaid }),
      symbols: a.symbols,
      ...(a.idleBecause === undefined ? {} : { idle: a.idleBecause }),
    }));
  }

  private onTick(tick: MarketTick): void {
    for (const agent of this.agents) {
      if (!agent.lifecycle.isRunning || agent.driver === undefined) continue;
      try {
        const pending = agent.driver.onTick(tick, agent.context);
        if (pending instanceof Promise)
          this.pending.track(pending).catch((error: unknown) => this.fail(agent, error));
      } catch (error) {
        this.fail(agent, error);
      }
      this.noteQuiet(agent);
    }
  }

  private noteQuiet(agent: RunningAgent): void {
    const reason = agent.driver?.quietReason?.();
    if (reason === agent.quietSaid) return;
    agent.quietSaid = reason;
    if (reason !== undefined) this.logger.log(`${agent.definition.id} stays quiet: ${reason}`);
  }

  /**
   * The stand-in steps aside while the real agent is connected from outside (no ticks; the bridge owns
   * its inbox) and comes back, reclaiming the inbox, when the real one goes silent.
   */
  private onPresenceChange(agentId: string, connected: boolean): void {
    const agent = this.agents.find((a) => a.definition.id === agentId);
    if (!agent) return;
    if (agent.driver === undefined) return this.seatChanged(agent, connected);
    if (agent.lifecycle.pausedFor('idle')) return;
    if (connected) {
      agent.lifecycle.pause('stepped-aside');
      this.logger.log(`${agentId}: external agent connected; built-in stand-in paused`);
      // What the stand-in left resting must not fill into the real agent's hands.
      this.events.emit('agent.stand-in-stepped-aside', { agentId });
    } else if (
      agent.lifecycle.pausedFor('stepped-aside') &&
      !this.presence.standInReturns(agentId)
    ) {
      this.logger.warn(`${agentId}: external agent silent; halted (its stand-in stays paused)`);
    } else if (agent.lifecycle.pausedFor('stepped-aside')) {
      this.claimInbox(agent);
      agent.lifecycle.resume('stepped-aside');
      this.logger.log(`${agentId}: external agent silent; built-in stand-in resumed`);
    }
  }

  /** Out of budget: the agent pauses (no ticks, no messages, no calls) until the next day renews it. */
  private onBudgetChange(agentId: string, exhausted: boolean): void {
    const agent = this.agents.find((a) => a.definition.id === agentId);
    if (!agent || agent.driver === undefined || agent.lifecycle.pausedFor('idle')) return;
    if (exhausted) agent.lifecycle.pause('out-of-budget');
    else agent.lifecycle.resume('out-of-budget');
  }

  /** A declared seat runs exactly while an MCP client holds it; the seat owns its inbox. */
  private seatChanged(agent: RunningAgent, connected: boolean): void {
    agent.idleBecause = connected ? undefined : EMPTY_SEAT;
    if (connected) agent.lifecycle.resume('empty-seat');
    else agent.lifecycle.pause('empty-seat');
  }

  /** An agent with nothing to trade waits, paused, rather than failing the start or the team. */
  private standIdle(agent: RunningAgent): void {
    const { id, symbols } = agent.definition;
    const reason = `none of its symbols (${symbols.join(', ')}) is in the market data (${this.universe.symbols.join(', ')})`;
    agent.idleBecause = reason;
    agent.lifecycle.pause('idle');
    this.logger.warn(`${id} stays idle: ${reason}`);
  }

  private claimInbox(agent: RunningAgent): void {
    this.coordinator.bus.attach(agent.definition.id, (message) =>
      agent.lifecycle.isRunning ? agent.driver?.onMessage(message, agent.context) : undefined,
    );
  }

  /** A driver that throws is marked failed and stops receiving ticks; the others carry on. */
  private fail(agent: RunningAgent, error: unknown): void {
    this.logger.error(
      `agent ${agent.definition.id} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    if (agent.lifecycle.state === 'running' || agent.lifecycle.state === 'paused')
      agent.lifecycle.transition('failed');
  }

  private contextFor(definition: AgentDefinition, symbols: readonly string[]): AgentContext {
    const { bus } = this.coordinator;
    return {
      agentId: definition.id,
      role: definition.role,
      symbols,
      barMs: this.feed.barMs,
      now: () => this.clock.now(),
      newMessageId: () => this.ids.next(definition.id),
      publish: (draft) =>
        bus.publish(
          createEnvelope(
            { ...draft, id: draft.id ?? this.ids.next(definition.id), from: definition.id },
            this.clock.now(),
          ),
        ) === 'accepted',
      recent: (symbol, count) => this.feed.recent(symbol, count),
    };
  }
}
