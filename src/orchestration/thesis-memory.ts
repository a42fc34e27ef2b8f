import type { MessageEnvelope } from '../communication/message-envelope.js';

/** The most recent theses the orchestrator has seen, for agents' guidance. Bounded. */
export class ThesisMemory {
  private readonly theses: MessageEnvelope[] = [];

  constructor(private readonly capacity = 100) {}

  remember(thesis: MessageEnvelope): void {
    this.theses.push(thesis);
    if (this.theses.length > this.capacity) this.theses.shift();
  }

  /** Newest first: theses about one of the symbols, or about the market as a whole. */
  relevantTo(symbols: readonly string[], limit: number): MessageEnvelope[] {
    const out: MessageEnvelope[] = [];
    for (let i = this.theses.length - 1; i >= 0 && out.length < limit; i--) {
      const thesis = this.theses[i];
      if (thesis.symbol === undefined || symbols.includes(thesis.symbol)) out.push(thesis);
    }
    return out;
  }
}
