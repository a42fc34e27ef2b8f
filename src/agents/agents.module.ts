import { Module } from '@nestjs/common';
import { CommunicationModule } from '../communication/communication.module.js';
import { TradingModule } from '../trading/trading.module.js';
import { AgentRuntime } from './agent-runtime.service.js';
import { AgentsController } from './agents.controller.js';
import { ChatModel } from './models/chat-model.js';
import { Forecaster } from './models/forecaster.js';
import { LocalForecaster } from './models/local-forecaster.js';
import { LocalReasoner } from './models/local-reasoner.js';

/**
 * The in-process agents and their model providers. With no model endpoints configured the LLM agents
 * run on the rule-based LocalReasoner and the forecaster on the statistical LocalForecaster.
 */
@Module({
  imports: [CommunicationModule, TradingModule],
  controllers: [AgentsController],
  providers: [
    AgentRuntime,
    { provide: ChatModel, useClass: LocalReasoner },
    { provide: Forecaster, useFactory: () => new LocalForecaster() },
  ],
})
export class AgentsModule {}
