import { Injectable } from '@nestjs/common';

/**
 * Agents played by outside bots that fill their own orders on their own venue (a real Freqtrade): their
 * signals are news for the team, not orders for our broker, so the orchestrator does not execute them;
 * their fills reach the sub-ledger through `ExternalFills`. A connector claims its agent while its bot
 * is connected and releases it when the bot falls silent, so a returning stand-in's signals are executed.
 */
@Injectable()
export class SelfExecutingAgents {
  private readonly agents = new Set<string>();

  claim(agentId: string): void {
    this.agents.add(agentId);
  }

  release(agentId: string): void {
    this.agents.delete(agentId);
  }

  has(agentId: string): boolean {
    return this.agents.has(agentId);
  }
}
