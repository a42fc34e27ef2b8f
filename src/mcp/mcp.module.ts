import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module.js';
import { CommunicationModule } from '../communication/communication.module.js';
import { OrchestrationModule } from '../orchestration/orchestration.module.js';
import { TradingModule } from '../trading/trading.module.js';
import { AgentCardController } from './agent-card.controller.js';
import { McpCounters } from './mcp-counters.js';
import { McpEndpoint } from './mcp-endpoint.service.js';
import { McpMetrics } from './mcp.metrics.js';
import { OrderConfirmations } from './order-confirmations.js';
import { OrderConfirmationsController } from './order-confirmations.controller.js';
import { SeatDesk } from './seat-desk.service.js';
import { SeatViews } from './seat-views.js';

/** Outside LLM agents at the table: the MCP server at `/mcp`, and the A2A card. */
@Module({
  imports: [AgentsModule, CommunicationModule, OrchestrationModule, TradingModule],
  controllers: [AgentCardController, OrderConfirmationsController],
  providers: [
    { provide: McpCounters, useValue: new McpCounters() },
    McpEndpoint,
    McpMetrics,
    OrderConfirmations,
    SeatDesk,
    SeatViews,
  ],
})
export class McpModule {}
