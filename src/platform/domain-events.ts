import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';

/** A model call charged to an agent: counts against its performance score. */
export interface ModelCostEvent {
  readonly agentId: string;
  readonly costUsd: number;
  /** Market time of the call. */
  readonly ts: number;
}

/**
 * Something at the venue that needs an operator: an IP ban, a reconciliation mismatch, a dead stream, a
 * bot's fill its sub-ledger cannot hold (a Freqtrade short).
 */
export interface VenueAlertEvent {
  readonly source: 'aster' | 'freqtrade';
  readonly message: string;
  /** Market time it was raised. */
  readonly ts: number;
}

/** A built-in stand-in stepped aside because the real agent connected from outside. */
export interface StandInSteppedAsideEvent {
  readonly agentId: string;
}

/**
 * Every domain event between modules, name → payload. Rare events only (never one per message):
 * they run through @nestjs/event-emitter, synchronously, in the emitter's turn.
 */
export interface DomainEventMap {
  readonly 'agent.model-cost': ModelCostEvent;
  readonly 'trading.alert': VenueAlertEvent;
  readonly 'agent.stand-in-stepped-aside': StandInSteppedAsideEvent;
}

export type DomainEventName = keyof DomainEventMap;

/** Typed emit and subscribe over the process's `EventEmitter2`: the name fixes the payload type. */
export class DomainEvents {
  constructor(private readonly emitter: EventEmitter2 = new EventEmitter2()) {}

  emit<E extends DomainEventName>(name: E, payload: DomainEventMap[E]): void {
    this.emitter.emit(name, payload);
  }

  /** Returns the unsubscribe. */
  on<E extends DomainEventName>(
    name: E,
    listener: (payload: DomainEventMap[E]) => void,
  ): () => void {
    this.emitter.on(name, listener);
    return () => void this.emitter.off(name, listener);
  }
}

/** `@OnEvent` for a domain event: the method must take the event's payload. */
export function OnDomainEvent<E extends DomainEventName>(name: E) {
  return <Handler extends (payload: DomainEventMap[E]) => void>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<Handler>,
  ): void => {
    OnEvent(name)(target, key, descriptor);
  };
}
