import type { MessageEnvelope } from '../../communication/message-envelope.js';
import type { Briefing } from '../models/chat-model.js';

/** Theses kept for prompts; the prompt picks the ones about the symbol in question. */
const THESES_KEPT = 20;

/**
 * What an agent has been told, for its model prompts: the latest guidance addressed to it and the most
 * recent theses of others. It sees only what the coordinator delivered, so a thesis that did not pass
 * the agent's participation threshold never reaches a prompt.
 */
export class AgentBriefing {
  private guidance: MessageEnvelope | undefined;
  private readonly theses: MessageEnvelope[] = [];

  observe(message: MessageEnvelope, agentId: string): void {
    if (message.type === 'guidance') {
      this.guidance = message;
    } else if (message.type === 'thesis' && message.from !== agentId) {
      this.theses.push(message);
      if (this.theses.length > THESES_KEPT) this.theses.shift();
    }
  }

  current(): Briefing {
    return { ...(this.guidance ? { guidance: this.guidance } : {}), theses: [...this.theses] };
  }
}
