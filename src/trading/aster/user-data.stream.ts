import WebSocket from 'ws';
import type { AsterHttpClient } from './aster-http.client.js';
import type { AsterEndpoints } from './aster-endpoints.js';
import { ComponentLifecycle } from '../../platform/component-lifecycle.js';
import { frameText } from '../../platform/websocket-frame.js';
import { type CancelTimer, SystemTimers, type Timers } from '../../platform/timers.js';

/** `ORDER_TRADE_UPDATE.o`, the fields a fill needs. */
export interface OrderTradeUpdate {
  readonly s: string;
  readonly c: string;
  readonly S: 'BUY' | 'SELL';
  readonly q: string;
  readonly x: string;
  readonly X: string;
  readonly l: string;
  readonly z: string;
  readonly L: string;
  readonly n?: string;
  readonly t: number;
  readonly T: number;
}

export interface UserStreamOptions {
  readonly wsUrl: string;
  /** The key lives 60 minutes; refresh it well inside that. */
  readonly keepAliveMs: number;
  readonly reconnectDelayMs: number;
  readonly onProblem?: (message: string) => void;
}

/**
 * The account's user-data stream: a listen key over REST, kept alive, and a websocket on it that
 * passes every ORDER_TRADE_UPDATE on. A dropped socket or an expired key gets a fresh connection.
 */
export class UserDataStream {
  private readonly listeners = new Set<(update: OrderTradeUpdate) => void>();
  private socket: WebSocket | undefined;
  private keepAlive: CancelTimer | undefined;
  private retry: CancelTimer | undefined;
  private readonly lifecycle = new ComponentLifecycle('user-data stream');

  constructor(
    private readonly http: AsterHttpClient,
    private readonly endpoints: AsterEndpoints,
    private readonly options: UserStreamOptions,
    private readonly timers: Timers = new SystemTimers(),
  ) {}

  onOrderUpdate(listener: (update: OrderTradeUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the websocket is open, so no fill of a first order can be missed. */
  async start(): Promise<void> {
    await this.lifecycle.start(() => this.connect());
  }

  stop(): void {
    this.lifecycle.stop(() => {
      this.keepAlive?.();
      this.retry?.();
      this.socket?.terminate();
      this.socket = undefined;
    });
  }

  private async connect(): Promise<void> {
    const { listenKey } = await this.http.request<{ listenKey: string }>(
      'POST',
      this.endpoints.listenKey,
      [],
      this.http.keyOnlyUserStream ? 'key' : 'signed',
      1,
    );
    const socket = new WebSocket(`${this.options.wsUrl}/ws/${listenKey}`);
    this.socket = socket;
    this.keepAlive?.();
    this.keepAlive = this.timers.every(this.options.keepAliveMs, () => {
      this.http
        .request(
          'PUT',
          this.endpoints.listenKey,
          [],
          this.http.keyOnlyUserStream ? 'key' : 'signed',
          1,
        )
        .catch((error: unknown) => this.problem(`listen key keep-alive failed: ${String(error)}`));
    });
    socket.on('message', (raw: WebSocket.RawData) => this.receive(raw));
    socket.on('error', (error) => this.problem(`user stream: ${error.message}`));
    socket.on('close', () => {
      if (this.socket === socket) this.reconnectLater();
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
  }

  private receive(raw: WebSocket.RawData): void {
    let event: { e?: string; o?: OrderTradeUpdate };
    try {
      event = JSON.parse(frameText(raw)) as typeof event;
    } catch {
      return;
    }
    if (event.e === 'ORDER_TRADE_UPDATE' && event.o) {
      for (const listener of this.listeners) listener(event.o);
    } else if (event.e === 'listenKeyExpired') {
      this.socket?.close();
    }
  }

  private reconnectLater(): void {
    this.socket = undefined;
    if (this.lifecycle.isStopping) return;
    this.retry = this.timers.after(this.options.reconnectDelayMs, () => {
      this.connect().catch((error: unknown) => {
        this.problem(`user stream reconnect failed: ${String(error)}`);
        this.reconnectLater();
      });
    });
  }

  private problem(message: string): void {
    this.options.onProblem?.(message);
  }
}
