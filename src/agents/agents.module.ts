import { Module } from '@nestjs/common';
import { CommunicationModule } from '../communication/communication.module.js';
import { TradingModule } from '../trading/trading.module.js';
import { AgentModels } from './agent-models.service.js';
import { AgentRuntime } from './agent-runtime.service.js';
import { AgentsController } from './agents.controller.js';

/**
 * The in-process agents and their model providers. With no model endpoints configured the LLM agents
 * run on the rule-based LocalReasoner and the forecaster on the statistical LocalForecaster;
 * `CHAT_MODEL_PROVIDER` and `LAG_LLAMA_ENDPOINT` switch them to remote models (see AgentModels).
 */
@Module({
  imports: [CommunicationModule, TradingModule],
  controllers: [AgentsController],
  providers: [AgentRuntime, AgentModels],
  exports: [AgentModels],
})
export class AgentsModule {}
