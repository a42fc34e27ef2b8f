import { Injectable } from '@nestjs/common';

/**
 * Agents played by outside bots that fill their own orders on their own venue (a real Freqtrade): their
 * signals are news for the team, not orders for our broker, so the orchestrator does not execute them;
 * their fills reach the sub-ledger through `ExternalFills`. A connector claims its agent once.
 */
@Injectable()
export class SelfExecutingAgents {
  private readonly agents = new Set<string>();

  claim(agentId: string): void {
    this.agents.add(agentId);
  }

  has(agentId: string): boolean {
    return this.agents.has(agentId);
  }
}
