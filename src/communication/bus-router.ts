import type { MessageEnvelope } from './message-envelope.js';
import { ParticipationPolicy } from './participation-policy.js';
import { type RoutingTable, typeIndex } from './routing-table.js';

const SIGNAL = typeIndex('signal');
const THESIS = typeIndex('thesis');
const DISCUSSION = typeIndex('discussion');
const GUIDANCE = typeIndex('guidance');

/**
 * Decides who gets a message: a routing-table look-up and a relevance check per candidate, nothing
 * else. It changes no state but its own scratch lists, which hold the last decision until the next
 * `route`: `targets` (with each one's supersession key) in delivery order, and `filtered`. Reusing
 * them keeps a publish free of allocation.
 */
export class BusRouter {
  readonly targets: Int32Array;
  /** Supersession key per target: a newer signal with the same key replaces a waiting one; -1 none. */
  readonly keys: Float64Array;
  targetCount = 0;
  readonly filtered: Int32Array;
  filteredCount = 0;

  constructor(
    private readonly table: RoutingTable,
    /** Participation thresholds by participant, owned (and tuned) by the bus. */
    private readonly thresholds: Float64Array,
  ) {
    this.targets = new Int32Array(table.size);
    this.keys = new Float64Array(table.size);
    this.filtered = new Int32Array(table.size);
  }

  /** Routes an accepted message; returns how many agents it was addressed to (delivered or filtered). */
  route(message: MessageEnvelope, sender: number, type: number, governed: boolean): number {
    this.targetCount = 0;
    this.filteredCount = 0;
    return governed
      ? this.routeGoverned(message, sender, type)
      : this.routeToEveryone(message, sender, type);
  }

  private routeGoverned(message: MessageEnvelope, sender: number, type: number): number {
    const table = this.table;
    if (type === DISCUSSION || type === GUIDANCE) return this.routeAddressed(message, sender);
    if (table.orchestrator >= 0) this.target(table.orchestrator, -1);
    const symbol =
      message.symbol === undefined ? -1 : (table.symbolIndex.get(message.symbol) ?? -2);
    const candidates =
      type === SIGNAL ? (symbol >= 0 ? table.symbolSubscribers[symbol] : undefined) : table.agents;
    if (candidates === undefined) return 0;
    const confidence = message.confidence ?? ParticipationPolicy.DEFAULT_CONFIDENCE;
    const symbolCount = table.symbolCount;
    const key =
      type === SIGNAL
        ? (sender * symbolCount + symbol) * 2 + (message.side === 'sell' ? 1 : 0)
        : -1;
    const thresholds = this.thresholds;
    let routed = 0;
    for (let k = 0; k < candidates.length; k++) {
      const recipient = candidates[k];
      if (recipient === sender) continue;
      routed += 1;
      const symbolScore =
        symbol === -1
          ? ParticipationPolicy.MARKET_WIDE_SYMBOL_SCORE
          : symbol >= 0
            ? table.follows[recipient * symbolCount + symbol]
            : 0;
      const relevance = ParticipationPolicy.relevance(
        symbolScore,
        table.affinityOf(recipient, sender),
        confidence,
      );
      if (relevance >= thresholds[recipient]) this.target(recipient, key);
      else this.filtered[this.filteredCount++] = recipient;
    }
    return routed;
  }

  /** The agents and roles named in `to`; returns how many agents that is. */
  private routeAddressed(message: MessageEnvelope, sender: number): number {
    const table = this.table;
    let routed = 0;
    const count = table.resolve(message.to ?? []);
    for (let k = 0; k < count; k++) {
      const recipient = table.addressed[k];
      if (recipient === sender) continue;
      this.target(recipient, -1);
      if (recipient !== table.orchestrator) routed += 1;
    }
    return routed;
  }

  /** The naive baseline: every message to every agent. */
  private routeToEveryone(message: MessageEnvelope, sender: number, type: number): number {
    // Guidance stays private even in the baseline: it is one agent's instructions.
    if (type === GUIDANCE) return this.routeAddressed(message, sender);
    if ((type === SIGNAL || type === THESIS) && this.table.orchestrator >= 0)
      this.target(this.table.orchestrator, -1);
    const agents = this.table.agents;
    let routed = 0;
    for (let k = 0; k < agents.length; k++) {
      if (agents[k] === sender) continue;
      this.target(agents[k], -1);
      routed += 1;
    }
    return routed;
  }

  private target(recipient: number, key: number): void {
    this.targets[this.targetCount] = recipient;
    this.keys[this.targetCount++] = key;
  }
}
