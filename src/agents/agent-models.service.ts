import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { AgentDefinition } from '../config/roster.js';
import { Clock, Monotonic, WallClock } from '../platform/clock.js';
import { DomainEvents } from '../platform/domain-events.js';
import { PendingWork } from '../platform/pending-work.js';
import { Timers } from '../platform/timers.js';
import { MetricsRegistry } from '../platform/metrics-registry.js';
import { SqliteConnection } from '../platform/sqlite-connection.js';
import { MarketDataFeed } from '../trading/market-data.feed.js';
import type { AgentModelsSource } from './drivers/driver-factory.js';
import { MeteredChatModel } from './metered-chat.model.js';
import { MeteredForecaster } from './metered.forecaster.js';
import { ModelBudget, type BudgetListener } from './model-budget.js';
import { ModelMeter } from './model-meter.js';
import { ModelUsage, type AgentModelUsage } from './model-usage.js';
import { registerModelMetrics } from './model.metrics.js';
import type { ChatModel } from './models/chat-model.js';
import type { Forecaster } from './models/forecaster.js';
import { ModelProviderFactory } from './models/model-provider.factory.js';
import { createResponseCache } from './models/response-cache.factory.js';
import type { ChatRole } from './models/role-prompt.js';

/** What an outside agent reports of one call to its own model. */
export interface OutsideModelUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly model?: string;
  readonly costUsd?: number;
}

export interface ModelBudgetState {
  readonly dailyTokens: number;
  readonly dailyCostUsd: number;
  readonly usedTokens: number;
  readonly usedCostUsd: number;
  /** Spent: no further call (nor, for a seat, message) until the next UTC day of market time. */
  readonly exhausted: boolean;
}

/**
 * Gives each in-process agent its models — remote ones when configured, the local stand-ins otherwise —
 * behind that agent's meter: daily budgets that fail closed, call/token/cost counts, the cost event the
 * portfolio charges, and the model metrics.
 */
@Injectable()
export class AgentModels implements AgentModelsSource, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AgentModels.name);
  private readonly budget: ModelBudget;
  private readonly usage = new ModelUsage();
  private readonly meter: ModelMeter;
  private readonly providers: ModelProviderFactory;
  private readonly metered = new Set<string>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly config: AppConfig,
    clock: Clock,
    wall: WallClock,
    private readonly monotonic: Monotonic,
    timers: Timers,
    private readonly pending: PendingWork,
    private readonly metrics: MetricsRegistry,
    events: DomainEvents,
    sqlite: SqliteConnection,
    private readonly feed: MarketDataFeed,
  ) {
    const settings = config.models;
    this.budget = new ModelBudget(
      { dailyTokens: settings.dailyTokenBudget, dailyCostUsd: settings.dailyCostBudgetUsd },
      clock,
      new Map(config.roster.flatMap((a) => (a.modelBudget ? [[a.id, a.modelBudget]] : []))),
    );
    this.meter = new ModelMeter(this.budget, this.usage, settings.prices, clock, (event) =>
      events.emit('agent.model-cost', event),
    );
    this.providers = new ModelProviderFactory(
      settings,
      createResponseCache(settings.responseCache, sqlite.db, wall),
      undefined,
      timers,
    );
    this.budget.onChange((agentId, exhausted) => this.logBudget(agentId, exhausted));
    this.logProviders();
  }

  onModuleInit(): void {
    registerModelMetrics(this.metrics, this.usage, this.budget, () => [...this.metered]);
    // The day rolls on market time, before the agents see the tick.
    this.unsubscribe = this.feed.onTick(() => this.budget.rollDay());
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  chatModelFor(definition: AgentDefinition, role: ChatRole): ChatModel {
    const remote = this.providers.chatModel(definition.id, role);
    return this.meteredChat(definition.id, remote ?? this.providers.localChatModel());
  }

  /** A FinGPT-style model for a sentiment agent, or undefined to keep its lexicon scorer. */
  sentimentModelFor(definition: AgentDefinition): ChatModel | undefined {
    const remote = this.providers.chatModel(definition.id, 'sentiment');
    return remote ? this.meteredChat(definition.id, remote) : undefined;
  }

  forecasterFor(definition: AgentDefinition): Forecaster {
    this.metered.add(definition.id);
    return new MeteredForecaster(
      definition.id,
      this.providers.forecaster(),
      this.meter,
      this.monotonic,
      this.pending,
      this.config.models.lagLlamaUsdPerCall,
    );
  }

  /**
   * What an outside agent (an MCP seat) says its own model spent: charged like an in-process call to
   * its daily budget, its PnL (when it costs anything) and the model metrics. A given cost wins over
   * the model's price.
   */
  reportOutsideUsage(agentId: string, report: OutsideModelUsage): ModelBudgetState {
    this.metered.add(agentId);
    const usage = { promptTokens: report.promptTokens, completionTokens: report.completionTokens };
    this.meter.reported(
      agentId,
      report.costUsd === undefined
        ? { usage, model: report.model }
        : { usage, fixedUsd: report.costUsd },
    );
    return this.budgetState(agentId);
  }

  /** An agent's daily model budget (its own, or the service's) and what it used of it today. */
  budgetState(agentId: string): ModelBudgetState {
    this.budget.rollDay();
    const limits = this.budget.limitsOf(agentId);
    const used = this.budget.usageOf(agentId);
    return {
      dailyTokens: limits.dailyTokens,
      dailyCostUsd: limits.dailyCostUsd,
      usedTokens: used.tokens,
      usedCostUsd: used.costUsd,
      exhausted: this.budget.isExhausted(agentId),
    };
  }

  /** Told when an agent exhausts its daily budget (true) and when the next day renews it (false). */
  onBudgetChange(listener: BudgetListener): () => void {
    return this.budget.onChange(listener);
  }

  /** Model calls by outcome, tokens and cost since the start, per agent with a model. */
  callCounts(): Record<string, AgentModelUsage> {
    return Object.fromEntries([...this.metered].map((id) => [id, this.usage.of(id)]));
  }

  private meteredChat(agentId: string, model: ChatModel): ChatModel {
    this.metered.add(agentId);
    const modelId = this.config.models.chatModelByAgent[agentId];
    return new MeteredChatModel(agentId, model, this.meter, this.monotonic, this.pending, modelId);
  }

  /** Which agents think remotely, and a warning for a model whose tokens no price turns into cost. */
  private logProviders(): void {
    const { chatProvider, chatModelByAgent, prices, lagLlamaEndpoint } = this.config.models;
    if (chatProvider !== 'local') {
      const models = Object.entries(chatModelByAgent);
      this.logger.log(
        `chat models on ${chatProvider}: ${models.map(([agent, model]) => `${agent}=${model}`).join(', ')}`,
      );
      for (const [agent, model] of models) {
        if (!prices[model]) {
          this.logger.warn(
            `no price for ${model} (${agent}): only the token budget limits it; add it to LLM_PRICES`,
          );
        }
      }
    }
    if (lagLlamaEndpoint) this.logger.log(`lag-llama forecasts from ${lagLlamaEndpoint}`);
  }

  private logBudget(agentId: string, exhausted: boolean): void {
    const { tokens, costUsd } = this.budget.usageOf(agentId);
    const { dailyTokens, dailyCostUsd } = this.budget.limitsOf(agentId);
    if (exhausted) {
      this.logger.warn(
        `ALERT llm budget exhausted: agent ${agentId} used ${tokens}/${dailyTokens} tokens and ` +
          `$${costUsd.toFixed(4)}/$${dailyCostUsd} today; paused until the next UTC day`,
      );
    } else {
      this.logger.log(`agent ${agentId}: new day, model budget renewed`);
    }
  }
}
