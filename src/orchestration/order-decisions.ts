import { Injectable } from '@nestjs/common';
import type { ExecutionDecision } from './execution-decision.js';

/**
 * Lets a caller that published a signal learn what the orchestrator decided about it. The caller
 * registers before publishing (the bus hands the signal over asynchronously); the orchestrator settles
 * every signal it executes, and a signal nobody waits for costs one map look-up.
 */
@Injectable()
export class OrderDecisions {
  private readonly waiting = new Map<string, (decision: ExecutionDecision) => void>();

  /** Resolves with the decision on the signal `signalId`; `cancel` forgets it (a timeout). */
  expect(signalId: string): { decision: Promise<ExecutionDecision>; cancel: () => void } {
    const decision = new Promise<ExecutionDecision>((resolve) =>
      this.waiting.set(signalId, resolve),
    );
    return { decision, cancel: () => this.waiting.delete(signalId) };
  }

  settle(signalId: string, decision: ExecutionDecision): void {
    const resolve = this.waiting.get(signalId);
    if (resolve === undefined) return;
    this.waiting.delete(signalId);
    resolve(decision);
  }
}
