import type { Monotonic } from '../platform/clock.js';
import { AgentInbox, type InboxPush } from './agent-inbox.js';
import type { MessageEnvelope } from './message-envelope.js';

export type MessageHandler = (message: MessageEnvelope) => void | Promise<void>;

export interface InboxDispatcherOptions {
  readonly ids: readonly string[];
  readonly inboxCapacity: number;
  /** Real elapsed time: how long a message waited in its inbox. */
  readonly monotonic: Monotonic;
  /** Each message handed to a handler, with the seconds it waited. */
  readonly onHandled: (waitedSeconds: number) => void;
  readonly onHandlerError?: (participantId: string, error: unknown) => void;
}

/**
 * One bounded inbox per participant, drained by its one handler on a later turn of the event loop,
 * one message at a time; a handler that goes async holds its inbox until it settles, so a slow agent
 * never slows the bus or the other agents.
 */
export class InboxDispatcher {
  private readonly inboxes: AgentInbox[];
  private readonly handlers: (MessageHandler | undefined)[];
  private readonly busy: Uint8Array;
  private readonly queued: Uint8Array;
  /**
   * Participants with a scheduled drain (each at most once, see `queued`). The two lists swap at each
   * drain and are never shrunk, so scheduling allocates nothing.
   */
  private ready: Int32Array;
  private readyCount = 0;
  private draining: Int32Array;
  private drainScheduled = false;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly drainAll = () => this.drain();

  constructor(private readonly options: InboxDispatcherOptions) {
    const size = options.ids.length;
    this.inboxes = options.ids.map(() => new AgentInbox(options.inboxCapacity));
    this.handlers = options.ids.map(() => undefined);
    this.busy = new Uint8Array(size);
    this.queued = new Uint8Array(size);
    this.ready = new Int32Array(size);
    this.draining = new Int32Array(size);
  }

  /** The one handler that drains a participant's inbox (replaces any previous one). */
  attach(i: number, handler: MessageHandler): void {
    this.handlers[i] = handler;
    if (this.inboxes[i].size > 0) this.schedule(i);
  }

  push(recipient: number, message: MessageEnvelope, queuedAt: number, key: number): InboxPush {
    const pushed = this.inboxes[recipient].push(message, queuedAt, key);
    if (this.queued[recipient] === 0 && this.handlers[recipient] !== undefined)
      this.schedule(recipient);
    return pushed;
  }

  /** Resolves once every inbox with a handler is empty and no handler is running (tests, replays). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  isIdle(): boolean {
    return this.readyCount === 0 && this.inFlight === 0 && !this.drainScheduled;
  }

  /** No drain waiting to run (a handler may still be waiting on an answer from outside). */
  isQuiet(): boolean {
    return this.readyCount === 0 && !this.drainScheduled;
  }

  private schedule(i: number): void {
    if (this.queued[i] === 1 || this.busy[i] === 1) return;
    this.queued[i] = 1;
    this.ready[this.readyCount++] = i;
    if (!this.drainScheduled) {
      this.drainScheduled = true;
      setImmediate(this.drainAll);
    }
  }

  private drain(): void {
    this.drainScheduled = false;
    const batch = this.ready;
    const count = this.readyCount;
    this.ready = this.draining;
    this.readyCount = 0;
    this.draining = batch;
    for (let k = 0; k < count; k++) {
      this.queued[batch[k]] = 0;
      this.drainOne(batch[k]);
    }
    this.settleIdle();
  }

  /** Runs a participant's handler over its inbox until it empties or a handler goes async. */
  private drainOne(i: number): void {
    const handler = this.handlers[i];
    const inbox = this.inboxes[i];
    if (handler === undefined || inbox.size === 0) return;
    const now = this.options.monotonic.now();
    for (
      let message = this.takeTimed(inbox, now);
      message !== undefined;
      message = this.takeTimed(inbox, now)
    ) {
      let result: void | Promise<void>;
      try {
        result = handler(message);
      } catch (error) {
        this.options.onHandlerError?.(this.options.ids[i], error);
        continue;
      }
      if (result instanceof Promise) {
        this.busy[i] = 1;
        this.inFlight += 1;
        result
          .catch((error: unknown) => this.options.onHandlerError?.(this.options.ids[i], error))
          .finally(() => {
            this.busy[i] = 0;
            this.inFlight -= 1;
            if (this.inboxes[i].size > 0) this.schedule(i);
            else this.settleIdle();
          });
        return;
      }
    }
  }

  private takeTimed(inbox: AgentInbox, now: number): MessageEnvelope | undefined {
    if (inbox.size === 0) return undefined;
    this.options.onHandled(Math.max(0, now - inbox.headQueuedAt()) / 1000);
    return inbox.shift();
  }

  private settleIdle(): void {
    if (!this.isIdle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
