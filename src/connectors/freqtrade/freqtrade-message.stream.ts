import WebSocket from 'ws';
import { ComponentLifecycle } from '../../platform/component-lifecycle.js';
import type { CancelTimer, Timers } from '../../platform/timers.js';
import { frameText } from '../../platform/websocket-frame.js';
import {
  API,
  parseMessage,
  SUBSCRIBED_MESSAGES,
  type FreqtradeMessage,
} from './freqtrade-protocol.js';

/** Freqtrade closes the socket with 1008 (policy violation) when the token is refused. */
const TOKEN_REFUSED = 1008;

export interface MessageStreamHandlers {
  readonly onMessage: (message: FreqtradeMessage) => void;
  /** Subscribed; `reconnected` is true from the second connection on. */
  readonly onOpen: (reconnected: boolean) => void;
  readonly onDown: (reason: string) => void;
}

export interface StreamBackoff {
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * The bot's message websocket (`/api/v1/message/ws?token=<access token>`): subscribes to the message
 * types the connector handles and keeps itself connected, waiting twice as long after each failed
 * attempt (monotonic timers). A refused token is renewed before the next attempt.
 */
export class FreqtradeMessageStream {
  private socket: WebSocket | undefined;
  private readonly lifecycle = new ComponentLifecycle('freqtrade message stream');
  private connections = 0;
  private failures = 0;
  private retry: CancelTimer | undefined;
  private tokenRefused = false;

  constructor(
    private readonly baseUrl: string,
    private readonly token: (renew: boolean) => Promise<string>,
    private readonly handlers: MessageStreamHandlers,
    private readonly timers: Timers,
    private readonly backoff: StreamBackoff,
  ) {}

  /** Connects, then keeps itself connected until `stop`; a second start does nothing. */
  start(): void {
    // The lifecycle is running once the first attempt is under way; retries need no second start.
    void this.lifecycle.start(() => void this.connect());
  }

  stop(): void {
    this.lifecycle.stop(() => {
      this.retry?.();
      this.socket?.terminate();
      this.socket = undefined;
    });
  }

  private async connect(): Promise<void> {
    let token: string;
    try {
      token = await this.token(this.tokenRefused);
    } catch (error) {
      this.scheduleRetry(
        `cannot log in: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    if (this.lifecycle.isStopping) return;
    this.tokenRefused = false;
    const url = `${this.baseUrl.replace(/^http/, 'ws')}${API}/message/ws?token=${encodeURIComponent(token)}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.on('open', () => {
      socket.send(JSON.stringify({ type: 'subscribe', data: SUBSCRIBED_MESSAGES }));
      this.failures = 0;
      this.connections += 1;
      this.handlers.onOpen(this.connections > 1);
    });
    socket.on('message', (raw) => {
      const message = parseMessage(frameText(raw));
      if (message) this.handlers.onMessage(message);
    });
    socket.on('error', () => undefined); // 'close' follows and says what happened
    socket.on('close', (code) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (code === TOKEN_REFUSED) this.tokenRefused = true;
      this.scheduleRetry(code === TOKEN_REFUSED ? 'token refused (1008)' : `closed (${code})`);
    });
  }

  private scheduleRetry(reason: string): void {
    if (this.lifecycle.isStopping) return;
    this.handlers.onDown(reason);
    const delay = Math.min(this.backoff.maxDelayMs, this.backoff.minDelayMs * 2 ** this.failures);
    this.failures += 1;
    this.retry = this.timers.after(delay, () => void this.connect());
  }
}
