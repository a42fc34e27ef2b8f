import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { frameText } from '../../src/platform/websocket-frame.js';

/** One request the connector sent, exactly as it arrived. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

export interface TestOrder {
  pair: string;
  order_id: string;
  status: string;
  amount: number;
  safe_price: number;
  cost: number;
  filled: number;
  ft_order_side: string;
  order_type: string;
  is_open: boolean;
}

export interface TestTrade {
  trade_id: number;
  pair: string;
  is_open: boolean;
  is_short: boolean;
  amount: number;
  stake_amount: number;
  open_rate: number;
  close_rate: number | null;
  fee_open: number;
  fee_close: number;
  close_profit_abs: number | null;
  open_date: string;
  close_date: string | null;
  orders: TestOrder[];
}

const API = '/api/v1';

/**
 * A small Freqtrade API server for tests, speaking what freqtrade/rpc/api_server does: JWT login with
 * HTTP Basic (`/token/login`), refresh with the refresh token as bearer (`/token/refresh`), 401
 * `{"detail":"Unauthorized"}` for a bad or expired token, the REST routes the connector uses, and the
 * message websocket (`/message/ws?token=`, 1008 on a bad token, `subscribe` filters what is sent, the
 * RPC messages flat). Every request is recorded. Trades and their messages follow freqtradebot.py's
 * `_notify_enter`/`_notify_exit` fields and persistence's profit (fees at the trade's rates).
 */
export class FreqtradeTestServer {
  readonly requests: RecordedRequest[] = [];
  readonly subscriptions: unknown[] = [];
  readonly trades = new Map<number, TestTrade>();
  state: 'running' | 'stopped' = 'running';
  tradingMode: 'spot' | 'futures' = 'spot';
  entriesStopped = false;
  /** The rate a `forceexit` closes a pair's trades at (the trade's open rate when not set). */
  readonly exitRates = new Map<string, number>();
  /** While true the bot seems dead: /health answers 502 and the websocket refuses connections. */
  silent = false;
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Map<WebSocket, Set<string>>();
  private issued = 0;
  private readonly access = new Set<string>();
  private readonly refresh = new Set<string>();
  private nextTrade = 1;
  private nextOrder = 1;

  private constructor(
    readonly username: string,
    readonly password: string,
  ) {
    this.http = createServer((req, res) => void this.handle(req, res));
    this.http.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      this.requests.push({
        method: 'WS',
        path: url.pathname + url.search,
        authorization: undefined,
        body: undefined,
      });
      if (this.silent || url.pathname !== `${API}/message/ws`) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        if (!this.access.has(url.searchParams.get('token') ?? '')) return ws.close(1008);
        this.sockets.set(ws, new Set());
        ws.on('close', () => this.sockets.delete(ws));
        ws.on('message', (raw) => this.onRequest(ws, frameText(raw)));
      });
    });
  }

  static async start(
    username = 'ct-bot',
    password = 'ct-bot-password',
  ): Promise<FreqtradeTestServer> {
    const server = new FreqtradeTestServer(username, password);
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  /** Open websocket connections that have subscribed. */
  get subscribers(): number {
    return [...this.sockets.values()].filter((types) => types.size > 0).length;
  }

  /** Every access token issued so far stops working (they lived their 15 minutes). */
  expireAccessTokens(): void {
    this.access.clear();
  }

  /** Drops every websocket connection, as a restart of the bot would. */
  dropConnections(): void {
    for (const ws of this.sockets.keys()) ws.terminate();
  }

  /** Sends an RPC message to every client subscribed to its type. */
  send(message: { type: string } & Record<string, unknown>): void {
    const text = JSON.stringify(message);
    for (const [ws, types] of this.sockets) if (types.has(message.type)) ws.send(text);
  }

  /** A long (or short) trade whose entry order filled: stored, and announced `entry` then `entry_fill`. */
  enter(pair: string, amount: number, rate: number, fee = 0.001, isShort = false): TestTrade {
    const tradeId = this.nextTrade++;
    const trade: TestTrade = {
      trade_id: tradeId,
      pair,
      is_open: true,
      is_short: isShort,
      amount,
      stake_amount: amount * rate,
      open_rate: rate,
      close_rate: null,
      fee_open: fee,
      fee_close: fee,
      close_profit_abs: null,
      open_date: '2026-12-03T10:00:00+00:00',
      close_date: null,
      orders: [this.order(pair, isShort ? 'sell' : 'buy', amount, rate)],
    };
    this.trades.set(tradeId, trade);
    this.send({ ...this.entryMessage(trade), type: 'entry' });
    this.send({ ...this.entryMessage(trade), type: 'entry_fill' });
    return trade;
  }

  /** Closes the trade at `rate`: `exit`, then `exit_fill`, with Freqtrade's profit after both fees. */
  exit(tradeId: number, rate: number, reason = 'roi'): TestTrade {
    const trade = this.trades.get(tradeId);
    if (!trade) throw new Error(`no trade ${tradeId}`);
    trade.orders.push(this.order(trade.pair, trade.is_short ? 'buy' : 'sell', trade.amount, rate));
    const openValue = trade.amount * trade.open_rate * (1 + trade.fee_open);
    const closeValue = trade.amount * rate * (1 - trade.fee_close);
    trade.is_open = false;
    trade.close_rate = rate;
    trade.close_profit_abs = closeValue - openValue;
    trade.close_date = '2026-12-03T11:00:00+00:00';
    const message = {
      ...this.entryMessage(trade),
      gain: trade.close_profit_abs >= 0 ? 'profit' : 'loss',
      close_rate: rate,
      order_rate: rate,
      profit_amount: trade.close_profit_abs,
      profit_ratio: trade.close_profit_abs / openValue,
      exit_reason: reason,
      close_date: trade.close_date,
      cumulative_profit: trade.close_profit_abs,
      final_profit_ratio: trade.close_profit_abs / openValue,
      is_final_exit: true,
    };
    this.send({ ...message, type: 'exit' });
    this.send({ ...message, type: 'exit_fill' });
    return trade;
  }

  close(): Promise<void> {
    for (const ws of this.sockets.keys()) ws.terminate();
    this.wss.close();
    return new Promise((resolve) => this.http.close(() => resolve()));
  }

  private order(pair: string, side: string, amount: number, rate: number): TestOrder {
    return {
      pair,
      order_id: `x-${this.nextOrder++}`,
      status: 'closed',
      amount,
      safe_price: rate,
      cost: amount * rate,
      filled: amount,
      ft_order_side: side,
      order_type: 'limit',
      is_open: false,
    };
  }

  private entryMessage(trade: TestTrade): Record<string, unknown> {
    return {
      trade_id: trade.trade_id,
      buy_tag: null,
      enter_tag: 'ema',
      exchange: 'Binance',
      pair: trade.pair,
      base_currency: trade.pair.split('/')[0],
      quote_currency: 'USDT',
      leverage: 1,
      direction: trade.is_short ? 'Short' : 'Long',
      limit: trade.open_rate,
      open_rate: trade.open_rate,
      order_type: 'limit',
      stake_amount: trade.stake_amount,
      stake_currency: 'USDT',
      fiat_currency: null,
      amount: trade.amount,
      open_date: trade.open_date,
      current_rate: trade.open_rate,
      sub_trade: false,
    };
  }

  private onRequest(ws: WebSocket, text: string): void {
    const request = JSON.parse(text) as { type: string; data?: unknown };
    if (request.type === 'subscribe' && Array.isArray(request.data)) {
      this.subscriptions.push(request.data);
      this.sockets.set(ws, new Set(request.data as string[]));
    } else ws.send(JSON.stringify({ type: 'exception', data: 'Error processing request' }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    const authorization = req.headers.authorization;
    this.requests.push({
      method: req.method ?? '',
      path,
      authorization,
      body: text === '' ? undefined : JSON.parse(text),
    });
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const route = `${req.method} ${path.replace(API, '')}`;
    if (route === 'POST /token/login') {
      const expected = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
      if (authorization !== expected)
        return reply(401, { detail: 'Incorrect username or password' });
      return reply(200, {
        access_token: this.issue(this.access),
        refresh_token: this.issue(this.refresh),
      });
    }
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
    if (route === 'POST /token/refresh') {
      if (!this.refresh.has(bearer)) return reply(401, { detail: 'Unauthorized' });
      return reply(200, { access_token: this.issue(this.access) });
    }
    if (!this.access.has(bearer)) return reply(401, { detail: 'Unauthorized' });
    this.route(route, req.method === 'POST' && text !== '' ? JSON.parse(text) : undefined, reply);
  }

  private route(
    route: string,
    body: unknown,
    reply: (status: number, body: unknown) => void,
  ): void {
    const trade = /^GET \/trade\/(\d+)$/.exec(route);
    if (trade) {
      const found = this.trades.get(Number(trade[1]));
      return found
        ? reply(200, found)
        : reply(502, { error: 'Error querying /api/v1/trade: trade not found.' });
    }
    const all = [...this.trades.values()];
    switch (route) {
      case 'GET /health':
        return this.silent
          ? reply(502, { error: 'Error querying /api/v1/health: Bot is not in the correct state' })
          : reply(200, { last_process: null, last_process_ts: null });
      case 'GET /status':
        return reply(
          200,
          all.filter((t) => t.is_open),
        );
      case 'GET /trades?limit=500&offset=0':
        return reply(200, {
          trades: all,
          trades_count: all.length,
          offset: 0,
          total_trades: all.length,
        });
      case 'GET /show_config':
        return reply(200, {
          stake_currency: 'USDT',
          trading_mode: this.tradingMode,
          short_allowed: this.tradingMode !== 'spot',
          state: this.state,
          api_version: 2.4,
        });
      case 'POST /stopentry':
        this.entriesStopped = true;
        return reply(200, {
          status: 'No more entries will occur from now. Run /reload_config to reset.',
        });
      case 'POST /start':
        this.entriesStopped = false;
        this.state = 'running';
        return reply(200, { status: 'starting trader ...' });
      case 'POST /forceexit': {
        // As the bot does: every open trade (or the one named) exits, here at once at its exit rate.
        const { tradeid } = body as { tradeid: string | number };
        for (const t of all)
          if (t.is_open && (tradeid === 'all' || Number(tradeid) === t.trade_id))
            this.exit(t.trade_id, this.exitRates.get(t.pair) ?? t.open_rate, 'force_exit');
        return reply(200, { result: `Created exit orders for trade ${String(tradeid)}.` });
      }
      case 'POST /forceenter': {
        const { pair, stakeamount } = body as { pair: string; stakeamount: number };
        return reply(200, {
          status: `Error entering long trade for pair ${pair} (${stakeamount}).`,
        });
      }
      default:
        return reply(404, { detail: 'Not Found' });
    }
  }

  private issue(into: Set<string>): string {
    const token = `jwt-${++this.issued}`;
    into.add(token);
    return token;
  }
}
