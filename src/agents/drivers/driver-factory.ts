import type { AgentDefinition, BuiltInAgent } from '../../config/roster.js';
import type { AgentDriver } from '../agent-driver.js';
import type { ChatModel } from '../models/chat-model.js';
import type { Forecaster } from '../models/forecaster.js';
import type { Headline } from '../models/headline-source.js';
import type { SentimentScorer } from '../models/sentiment-scorer.js';
import { ForecasterStrategy } from './forecaster.strategy.js';
import { MarketMakerStrategy } from './market-maker.strategy.js';
import { MomentumStrategy } from './momentum.strategy.js';
import { isReasonerRole, type ReasonerRole } from './reasoner-role.js';
import { ReasonerStrategy } from './reasoner.strategy.js';
import { SentimentStrategy } from './sentiment.strategy.js';

/** Each agent's models: remote when configured, the local stand-ins otherwise. */
export interface AgentModelsSource {
  chatModelFor(definition: AgentDefinition, role: ReasonerRole): ChatModel;
  /** Undefined keeps the sentiment agent on its lexicon scorer. */
  sentimentModelFor(definition: AgentDefinition): ChatModel | undefined;
  forecasterFor(definition: AgentDefinition): Forecaster;
}

/** The ports and data the built-in drivers run on. */
export interface DriverDependencies {
  readonly models: AgentModelsSource;
  readonly headlines: readonly Headline[];
  readonly scorer: SentimentScorer;
}

/** The behaviour an agent definition names. Throws on a driver it does not know, or a role the driver cannot play. */
export function createDriver(definition: BuiltInAgent, deps: DriverDependencies): AgentDriver {
  switch (definition.driver) {
    case 'momentum':
      return new MomentumStrategy();
    case 'market-maker':
      return new MarketMakerStrategy();
    case 'reasoner':
      if (!isReasonerRole(definition.role)) {
        throw new Error(
          `agent ${definition.id}: the reasoner driver cannot play role "${definition.role}"`,
        );
      }
      return new ReasonerStrategy(
        deps.models.chatModelFor(definition, definition.role),
        definition.role,
      );
    case 'sentiment':
      return new SentimentStrategy(
        deps.headlines,
        deps.scorer,
        {},
        deps.models.sentimentModelFor(definition),
      );
    case 'forecaster':
      return new ForecasterStrategy(deps.models.forecasterFor(definition));
    default: {
      const unknown: never = definition.driver;
      throw new Error(`agent ${definition.id}: unknown driver "${String(unknown)}"`);
    }
  }
}
