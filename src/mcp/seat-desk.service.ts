import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AgentModels } from '../agents/agent-models.service.js';
import { AppConfig } from '../config/app-config.js';
import type { MessageType, Side } from '../config/roster.js';
import { AgentCoordinator } from '../communication/agent-coordinator.service.js';
import { ExternalPresence } from '../communication/external-presence.js';
import { createEnvelope, type EnvelopeDraft } from '../communication/message-envelope.js';
import { MessageIds } from '../communication/message-ids.js';
import type { ExecutionDecision } from '../orchestration/execution-decision.js';
import { OrderDecisions } from '../orchestration/order-decisions.js';
import { PortfolioService } from '../orchestration/portfolio.service.js';
import { Clock } from '../platform/clock.js';
import { Timers } from '../platform/timers.js';
import { MarketDataFeed } from '../trading/market-data.feed.js';
import { OrderConfirmations } from './order-confirmations.js';
import { SeatChanges } from './seat-changes.js';
import { SeatInbox } from './seat-inbox.js';

/** A signal the orchestrator has not decided on in this long is reported as undecided. */
export const DECISION_TIMEOUT_MS = 10_000;
/** Answers to proposals kept for idempotent retries, per process. */
const REMEMBERED_PROPOSALS = 10_000;

export type PublishStatus = 'accepted' | 'throttled' | 'refused' | 'below_threshold';

export interface PublishAnswer {
  readonly status: PublishStatus;
  readonly messageId: string;
  /** Agents it was queued for, and agents whose participation threshold filtered it out. */
  readonly delivered: number;
  readonly filtered: number;
  readonly reason?: string;
}

/** What a seat says; the id is the bus's next one for the seat unless given (an order's signal). */
export type SeatDraft = Omit<EnvelopeDraft, 'from' | 'id'> & { readonly id?: string };

export interface OrderProposal {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly confidence: number;
  readonly rationale?: string;
}

export interface OrderAnswer {
  readonly clientOrderId: string;
  readonly status:
    | 'filled'
    | 'refused'
    | 'throttled'
    | 'ignored'
    | 'rejected'
    | 'duplicate'
    | 'declined'
    | 'undecided';
  readonly orderId?: string;
  readonly reason?: string;
  readonly fill?: { symbol: string; side: Side; quantity: number; price: number; feeUsd: number };
}

/**
 * The seat of an outside agent at the table. Everything it says goes onto the same bus as the
 * in-process agents (permission, token bucket, participation, activity, the export journal), and its
 * orders are signals the orchestrator sizes, checks and books like any other.
 */
@Injectable()
export class SeatDesk implements OnModuleInit, OnModuleDestroy {
  readonly changes = new SeatChanges();
  private readonly sessions = new Map<string, number>();
  private readonly inboxes = new Map<string, SeatInbox>();
  private readonly proposals = new Map<string, Promise<OrderAnswer>>();
  private breakerStates = '';
  private unsubscribeTicks: (() => void) | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly coordinator: AgentCoordinator,
    private readonly ids: MessageIds,
    private readonly presence: ExternalPresence,
    private readonly decisions: OrderDecisions,
    private readonly portfolio: PortfolioService,
    private readonly feed: MarketDataFeed,
    private readonly confirmations: OrderConfirmations,
    private readonly models: AgentModels,
  ) {}

  onModuleInit(): void {
    this.unsubscribeTicks = this.feed.onTick((tick) => {
      if (!this.changes.listened) return;
      for (const candle of tick) this.changes.emit({ kind: 'candles', symbol: candle.symbol });
      this.changes.emit({ kind: 'portfolio' });
      const states = this.portfolio
        .breakers()
        .map((b) => `${b.id}=${b.state}`)
        .join(',');
      if (states !== this.breakerStates) this.changes.emit({ kind: 'risk' });
      this.breakerStates = states;
    });
  }

  onModuleDestroy(): void {
    this.unsubscribeTicks?.();
    for (const agentId of this.sessions.keys()) this.presence.release(agentId);
    this.sessions.clear();
  }

  /**
   * A session takes the agent's seat: its built-in stand-in pauses and the bus delivers to the seat's
   * inbox. False when the agent is connected over Pub/Sub or the roster does not let it be seated.
   */
  seat(agentId: string): boolean {
    const open = this.sessions.get(agentId) ?? 0;
    if (open === 0) {
      if (!this.presence.hold(agentId)) return false;
      const inbox = this.inboxOf(agentId);
      this.coordinator.bus.attach(agentId, (message) => {
        inbox.push(message);
        this.changes.emit({ kind: 'inbox', agentId });
      });
    }
    this.sessions.set(agentId, open + 1);
    return true;
  }

  /** A session ended; the last one gives the seat back to the stand-in. */
  unseat(agentId: string): void {
    const open = (this.sessions.get(agentId) ?? 0) - 1;
    if (open > 0) return void this.sessions.set(agentId, open);
    this.sessions.delete(agentId);
    this.presence.release(agentId);
  }

  inboxOf(agentId: string): SeatInbox {
    let inbox = this.inboxes.get(agentId);
    if (!inbox) this.inboxes.set(agentId, (inbox = new SeatInbox()));
    return inbox;
  }

  publish(agentId: string, draft: SeatDraft): PublishAnswer {
    return this.submit(agentId, draft).answer;
  }

  /** Publishes for the seat; a signal also yields the orchestrator's decision on it. */
  private submit(
    agentId: string,
    draft: SeatDraft,
  ): { answer: PublishAnswer; decision?: Promise<ExecutionDecision | undefined> } {
    // As an in-process agent pauses on a spent budget, a seat that reported one says nothing more today.
    if (this.models.budgetState(agentId).exhausted)
      return {
        answer: {
          status: 'refused',
          messageId: draft.id ?? '',
          delivered: 0,
          filtered: 0,
          reason:
            'your daily model budget is spent (report_model_usage): nothing more until the next UTC day of market time',
        },
      };
    const message = createEnvelope(
      { ...draft, id: draft.id ?? this.ids.next(agentId), from: agentId },
      this.clock.now(),
    );
    const pending = message.type === 'signal' ? this.expectDecision(message.id) : undefined;
    const receipt = this.coordinator.publishWithReceipt(message);
    const base = {
      messageId: message.id,
      delivered: receipt.delivered,
      filtered: receipt.filtered,
    };
    if (receipt.outcome !== 'accepted') pending?.cancel();
    if (receipt.outcome === 'rejected')
      return {
        answer: { ...base, status: 'refused', reason: this.forbidden(agentId, message.type) },
      };
    if (receipt.outcome === 'throttled')
      return { answer: { ...base, status: 'throttled', reason: this.throttledReason(agentId) } };
    void pending?.decision.then((d) => d && this.afterDecision(agentId, d));
    const answer: PublishAnswer =
      receipt.delivered === 0 && receipt.filtered > 0
        ? {
            ...base,
            status: 'below_threshold',
            reason: `no agent took it: its relevance was under the participation threshold of all ${receipt.filtered} agents it reached${message.type === 'signal' ? ' (the orchestrator still received it)' : ''}`,
          }
        : { ...base, status: 'accepted' };
    return { answer, decision: pending?.decision };
  }

  /** Idempotent by client id: a retry gets the first answer, never a second order. */
  proposeOrder(agentId: string, proposal: OrderProposal): Promise<OrderAnswer> {
    const key = `${agentId}\n${proposal.clientOrderId}`;
    const known = this.proposals.get(key);
    if (known) return known;
    const answer = this.decide(agentId, proposal).then((a) => {
      // Undecided is no answer: a retry asks again (the order book refuses a second order).
      if (a.status === 'undecided') this.proposals.delete(key);
      return a;
    });
    this.proposals.set(key, answer);
    if (this.proposals.size > REMEMBERED_PROPOSALS)
      this.proposals.delete(this.proposals.keys().next().value as string);
    return answer;
  }

  private async decide(agentId: string, proposal: OrderProposal): Promise<OrderAnswer> {
    const { clientOrderId } = proposal;
    const signalId = `mcp-${agentId}-${clientOrderId}`;
    if (this.portfolio.mode === 'live') {
      const answer = await this.confirmations.request({
        id: signalId,
        agentId,
        symbol: proposal.symbol,
        side: proposal.side,
        confidence: proposal.confidence,
        rationale: proposal.rationale,
      });
      if (answer !== 'confirmed')
        return { clientOrderId, status: 'declined', reason: `the operator's answer: ${answer}` };
    }
    const { answer: published, decision } = this.submit(agentId, {
      id: signalId,
      type: 'signal',
      symbol: proposal.symbol,
      side: proposal.side,
      confidence: proposal.confidence,
      text: proposal.rationale,
    });
    if (published.status === 'refused' || published.status === 'throttled')
      return { clientOrderId, status: published.status, reason: published.reason };
    const decided = await decision;
    return decided ? orderAnswer(clientOrderId, decided) : undecided(clientOrderId);
  }

  /** The orchestrator's decision on a signal, or undefined if none comes in time. */
  private expectDecision(signalId: string) {
    const { decision, cancel } = this.decisions.expect(signalId);
    let stop = () => {};
    const bounded = new Promise<ExecutionDecision | undefined>((resolve) => {
      stop = this.timers.after(DECISION_TIMEOUT_MS, () => {
        cancel();
        resolve(undefined);
      });
      void decision.then((d) => {
        stop();
        resolve(d);
      });
    });
    return {
      decision: bounded,
      cancel: () => {
        stop();
        cancel();
      },
    };
  }

  private afterDecision(agentId: string, decision: ExecutionDecision): void {
    if (decision.status !== 'filled') return;
    this.changes.emit({ kind: 'ledger', agentId });
    this.changes.emit({ kind: 'portfolio' });
  }

  private forbidden(agentId: string, type: MessageType): string {
    const role = this.config.roster.find((a) => a.id === agentId)?.role;
    return `the coordinator refused it: the ${role} role may not publish a ${type}`;
  }

  private throttledReason(agentId: string): string {
    const role = this.config.roster.find((a) => a.id === agentId)?.role;
    const budget = this.config.roles.find((r) => r.role === role)?.throttle;
    if (!budget) return 'throttled by the coordinator';
    return `throttled by the coordinator: a burst of ${budget.capacity} messages, then ${budget.refillPerMinute} a minute, and a ${budget.cooldownMs} ms cooldown once the bucket runs dry; retry later`;
  }
}

function orderAnswer(clientOrderId: string, d: ExecutionDecision): OrderAnswer {
  switch (d.status) {
    case 'filled':
      return {
        clientOrderId,
        status: 'filled',
        orderId: d.clientOrderId,
        fill: {
          symbol: d.fill.symbol,
          side: d.fill.side,
          quantity: d.fill.quantity,
          price: d.fill.price,
          feeUsd: d.fill.feeUsd,
        },
      };
    case 'refused':
    case 'ignored':
      return { clientOrderId, status: d.status, reason: d.reason };
    case 'rejected':
      return { clientOrderId, status: 'rejected', orderId: d.clientOrderId, reason: d.reason };
    case 'duplicate':
      return {
        clientOrderId,
        status: 'duplicate',
        orderId: d.clientOrderId,
        reason: 'this client order id was used before; read your ledger for its fill',
      };
  }
}

function undecided(clientOrderId: string): OrderAnswer {
  return {
    clientOrderId,
    status: 'undecided',
    reason: `the orchestrator gave no decision within ${DECISION_TIMEOUT_MS} ms; retry with the same client order id`,
  };
}
