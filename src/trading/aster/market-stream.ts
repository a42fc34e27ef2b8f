import WebSocket from 'ws';
import { type CancelTimer, SystemTimers, type Timers } from '../../platform/timers.js';
import { ComponentLifecycle } from '../../platform/component-lifecycle.js';
import { frameText } from '../../platform/websocket-frame.js';

export interface ReconnectPolicy {
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * Reconnect on our own before the server's 24-hour cut, at a moment we choose, rather than lose
   * whatever is in flight when it drops us.
   */
  readonly connectionLifetimeMs: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = {
  minDelayMs: 500,
  maxDelayMs: 30_000,
  connectionLifetimeMs: 23 * 3_600_000 + 50 * 60_000,
};

export interface StreamHandlers {
  /** A subscribed stream's payload (`{"stream":…,"data":…}` unwrapped). */
  readonly onData: (stream: string, data: unknown) => void;
  /** Subscribed; `reconnected` is true from the second connection on (time to backfill). */
  readonly onSubscribed: (reconnected: boolean) => void;
  readonly onProblem: (message: string) => void;
}

/**
 * One combined-stream websocket (`<ws>/stream`) that subscribes with a SUBSCRIBE control message and
 * keeps itself connected: exponential backoff after a drop, a planned reconnect before 24 h. The `ws`
 * client answers the server's pings itself.
 */
export class MarketStream {
  private socket: WebSocket | undefined;
  private readonly lifecycle = new ComponentLifecycle('market stream');
  private connections = 0;
  private failures = 0;
  private retryTimer: CancelTimer | undefined;
  private lifetimeTimer: CancelTimer | undefined;
  private nextId = 1;

  constructor(
    private readonly url: string,
    private readonly streams: readonly string[],
    private readonly policy: ReconnectPolicy,
    private readonly handlers: StreamHandlers,
    private readonly timers: Timers = new SystemTimers(),
  ) {}

  start(): void {
    void this.lifecycle.start(() => this.connect());
  }

  stop(): void {
    this.lifecycle.stop(() => {
      this.retryTimer?.();
      this.lifetimeTimer?.();
      this.socket?.terminate();
      this.socket = undefined;
    });
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    const subscribeId = this.nextId++;
    socket.on('open', () => {
      socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: this.streams, id: subscribeId }));
      this.lifetimeTimer?.();
      this.lifetimeTimer = this.timers.after(this.policy.connectionLifetimeMs, () =>
        socket.close(1000, 'planned reconnect'),
      );
    });
    socket.on('message', (raw: WebSocket.RawData) => this.receive(raw, subscribeId));
    socket.on('error', (error) => this.handlers.onProblem(`market stream: ${error.message}`));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.lifetimeTimer?.();
      if (this.lifecycle.isRunning) this.scheduleReconnect();
    });
  }

  private receive(raw: WebSocket.RawData, subscribeId: number): void {
    let message: {
      stream?: string;
      data?: unknown;
      id?: number;
      result?: unknown;
      code?: number;
      msg?: string;
    };
    try {
      message = JSON.parse(frameText(raw)) as typeof message;
    } catch {
      this.handlers.onProblem('market stream: a frame that is not JSON');
      return;
    }
    if (message.stream !== undefined) {
      this.handlers.onData(message.stream, message.data);
    } else if (message.id === subscribeId && message.result === null) {
      this.failures = 0;
      this.handlers.onSubscribed(this.connections++ > 0);
    } else if (message.code !== undefined) {
      this.handlers.onProblem(`market stream error ${message.code}: ${message.msg ?? ''}`);
    }
  }

  private scheduleReconnect(): void {
    const delay = Math.min(this.policy.maxDelayMs, this.policy.minDelayMs * 2 ** this.failures);
    this.failures += 1;
    this.retryTimer = this.timers.after(delay, () => this.connect());
  }
}
