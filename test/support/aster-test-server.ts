import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { asterTypedDataHash, recoverSigner } from './aster-typed-data.js';

/** Credentials the server accepts: the documented V1 test secret, and an API wallet for V3. */
export interface AsterTestCredentials {
  readonly apiKey: string;
  readonly secretKey: string;
  readonly user: string;
  readonly signer: string;
  readonly chainId: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly body: string;
  readonly headers: IncomingMessage['headers'];
  /** Query string and body parameters together (the query wins, as on the exchange). */
  readonly params: URLSearchParams;
}

export interface ScriptedReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** 503 with `executes`: the order is placed although the reply says nothing (state unknown). */
  readonly executes?: boolean;
  /** Cut the connection instead of answering (after executing, with `executes`). */
  readonly hangUp?: boolean;
}

export interface Bar {
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

interface TestOrder {
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: string;
  readonly quantity: string;
  readonly price: number;
  readonly time: number;
}

const FILTERS = [
  { filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
  { filterType: 'LOT_SIZE', stepSize: '0.001', minQty: '0.001', maxQty: '1000' },
  { filterType: 'MARKET_LOT_SIZE', stepSize: '0.001', minQty: '0.001', maxQty: '100' },
  { filterType: 'MIN_NOTIONAL', notional: '5' },
];
const STEP = 0.001;
const MIN_NOTIONAL = 5;

/**
 * A local stand-in for Aster that speaks its documented protocol: public REST (exchangeInfo, klines,
 * bookTicker), signed REST checked byte for byte (V1 HMAC, V3 EIP-712), order placement with filter
 * checks, combined market streams with SUBSCRIBE, and the user-data stream. It records every request
 * and lets a test script failures (429, 418, 503) and drop websocket connections.
 */
export class AsterTestServer {
  readonly requests: RecordedRequest[] = [];
  readonly orders = new Map<string, TestOrder>();
  readonly subscriptions: string[][] = [];
  positions: { symbol: string; positionAmt: string; positionSide: string }[] = [];
  openOrders: { symbol: string; clientOrderId: string; orderId: number }[] = [];
  /** Called with every request before it is answered (to make things happen mid-exchange). */
  onRequest: (request: RecordedRequest) => void = () => undefined;
  private readonly bars = new Map<string, Bar[]>();
  private readonly prices = new Map<string, number>();
  private readonly scripts = new Map<string, ScriptedReply[]>();
  private readonly marketSockets = new Set<WebSocket>();
  private readonly userSockets = new Set<WebSocket>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private usedWeight = 0;
  private nextOrderId = 1;
  private nextTradeId = 1;

  private constructor(
    private readonly server: Server,
    readonly credentials: AsterTestCredentials,
    readonly symbols: readonly string[],
    readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  static async start(options: {
    credentials: AsterTestCredentials;
    symbols: readonly string[];
    intervalMs?: number;
    now?: () => number;
  }): Promise<AsterTestServer> {
    const server = createServer();
    const test = new AsterTestServer(
      server,
      options.credentials,
      options.symbols,
      options.intervalMs ?? 300_000,
      options.now ?? Date.now,
    );
    server.on('request', (req, res) => test.handle(req, res));
    server.on('upgrade', (req, socket, head) =>
      test.wss.handleUpgrade(req, socket, head, (ws) => test.connect(ws, req.url ?? '')),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return test;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Requests that tried to place an order (whatever the answer). */
  orderRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && /\/fapi\/v[13]\/order$/.test(r.path));
  }

  /** Closed bars the klines endpoint serves (and the stream may push). */
  setBars(symbol: string, bars: Bar[]): void {
    this.bars.set(symbol, [...bars]);
    const last = bars.at(-1);
    if (last) this.prices.set(symbol, last.close);
  }

  setPrice(symbol: string, price: number): void {
    this.prices.set(symbol, price);
  }

  /** Replies to the next requests of `METHOD /path` with these, in order, instead of the normal answer. */
  script(method: string, path: string, ...replies: ScriptedReply[]): void {
    this.scripts.set(`${method} ${path}`, [
      ...(this.scripts.get(`${method} ${path}`) ?? []),
      ...replies,
    ]);
  }

  /** Appends a closed bar and, unless `silent` (a bar the stream missed), pushes it on the market stream. */
  closeBar(symbol: string, bar: Bar, silent = false): void {
    const bars = this.bars.get(symbol) ?? [];
    bars.push(bar);
    this.bars.set(symbol, bars);
    this.prices.set(symbol, bar.close);
    if (silent) return;
    this.pushMarket(`${symbol.toLowerCase()}@kline_${this.intervalName}`, {
      e: 'kline',
      E: bar.openTime + this.intervalMs,
      s: symbol,
      k: {
        t: bar.openTime,
        T: bar.openTime + this.intervalMs - 1,
        s: symbol,
        i: this.intervalName,
        o: String(bar.open),
        c: String(bar.close),
        h: String(bar.high),
        l: String(bar.low),
        v: String(bar.volume),
        x: true,
      },
    });
  }

  pushBookTicker(symbol: string, bid: number, ask: number): void {
    this.prices.set(symbol, (bid + ask) / 2);
    this.pushMarket(`${symbol.toLowerCase()}@bookTicker`, {
      e: 'bookTicker',
      E: this.now(),
      s: symbol,
      b: String(bid),
      B: '1',
      a: String(ask),
      A: '1',
    });
  }

  /** An ORDER_TRADE_UPDATE the exchange originates (a liquidation, a manual order). */
  pushOrderUpdate(o: Record<string, unknown>): void {
    const frame = JSON.stringify({ e: 'ORDER_TRADE_UPDATE', E: this.now(), T: this.now(), o });
    for (const ws of this.userSockets) ws.send(frame);
  }

  pushMarkPrice(symbol: string, mark: number): void {
    this.pushMarket(`${symbol.toLowerCase()}@markPrice@1s`, {
      e: 'markPriceUpdate',
      E: this.now(),
      s: symbol,
      p: String(mark),
    });
  }

  /** Drops every market-stream connection, as the exchange does at 24 h. */
  dropMarketConnections(): void {
    for (const ws of this.marketSockets) ws.terminate();
  }

  /** The weight the server reports in `X-MBX-USED-WEIGHT-1M` (one per request here). */
  get requestCount(): number {
    return this.usedWeight;
  }

  get marketConnections(): number {
    return this.marketSockets.size;
  }

  async close(): Promise<void> {
    for (const ws of [...this.marketSockets, ...this.userSockets]) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private get intervalName(): string {
    return this.intervalMs === 60_000 ? '1m' : '5m';
  }

  private pushMarket(stream: string, data: unknown): void {
    const frame = JSON.stringify({ stream, data });
    for (const ws of this.marketSockets) {
      const subscribed = (ws as WebSocket & { streams?: Set<string> }).streams;
      if (subscribed?.has(stream)) ws.send(frame);
    }
  }

  private connect(ws: WebSocket, url: string): void {
    if (url.startsWith('/ws/')) {
      this.userSockets.add(ws);
      ws.on('close', () => this.userSockets.delete(ws));
      return;
    }
    this.marketSockets.add(ws);
    ws.on('close', () => this.marketSockets.delete(ws));
    ws.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString()) as {
        method: string;
        params: string[];
        id: number;
      };
      if (message.method === 'SUBSCRIBE') {
        const streams = new Set(message.params);
        (ws as WebSocket & { streams?: Set<string> }).streams = streams;
        this.subscriptions.push(message.params);
        ws.send(JSON.stringify({ result: null, id: message.id }));
      }
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', this.baseUrl);
      const params = new URLSearchParams(body);
      for (const [k, v] of url.searchParams) params.set(k, v);
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search.slice(1),
        body,
        headers: req.headers,
        params,
      };
      this.requests.push(request);
      this.onRequest(request);
      this.usedWeight += 1;
      const reply = this.route(request);
      if (reply.hangUp) {
        res.socket?.destroy();
        return;
      }
      res.writeHead(reply.status, {
        'Content-Type': 'application/json',
        'X-MBX-USED-WEIGHT-1M': String(this.usedWeight),
        ...reply.headers,
      });
      res.end(JSON.stringify(reply.body ?? {}));
    });
  }

  private route(r: RecordedRequest): ScriptedReply {
    const key = `${r.method} ${r.path}`;
    const scripted = this.scripts.get(key)?.shift();
    if (scripted && !scripted.executes) return scripted;
    const signed = /\/(order|openOrders|positionRisk|listenKey)$/.test(r.path);
    if (signed) {
      const problem = this.authenticate(r);
      if (problem) return { status: 401, body: { code: -1022, msg: problem } };
    }
    const answer = this.answer(r);
    return scripted ?? answer;
  }

  private answer(r: RecordedRequest): ScriptedReply {
    const p = r.params;
    switch (`${r.method} ${r.path.replace(/\/fapi\/v\d\//, '/')}`) {
      case 'GET /exchangeInfo':
        return {
          status: 200,
          body: {
            rateLimits: [
              { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
            ],
            symbols: this.symbols.map((symbol) => ({
              symbol,
              status: 'TRADING',
              filters: FILTERS,
            })),
          },
        };
      case 'GET /klines':
        return { status: 200, body: this.klines(p) };
      case 'GET /ticker/bookTicker': {
        const price = this.prices.get(p.get('symbol') ?? '') ?? 0;
        return {
          status: 200,
          body: {
            symbol: p.get('symbol'),
            bidPrice: String(price - 0.5),
            askPrice: String(price + 0.5),
          },
        };
      }
      case 'POST /order':
        return this.placeOrder(p);
      case 'GET /order': {
        const order = this.orders.get(p.get('origClientOrderId') ?? '');
        return order
          ? { status: 200, body: this.orderBody(order) }
          : { status: 400, body: { code: -2013, msg: 'Order does not exist.' } };
      }
      case 'GET /positionRisk':
        return { status: 200, body: this.positions };
      case 'GET /openOrders':
        return { status: 200, body: this.openOrders };
      case 'POST /listenKey':
        return { status: 200, body: { listenKey: 'test-listen-key' } };
      case 'PUT /listenKey':
        return { status: 200, body: {} };
      default:
        return { status: 404, body: { code: -1000, msg: `no route ${r.method} ${r.path}` } };
    }
  }

  private klines(p: URLSearchParams): unknown[] {
    const bars = this.bars.get(p.get('symbol') ?? '') ?? [];
    const start = Number(p.get('startTime') ?? 0);
    const limit = Number(p.get('limit') ?? 500);
    return bars
      .filter((b) => b.openTime >= start)
      .slice(p.has('startTime') ? 0 : -limit)
      .slice(0, limit)
      .map((b) => [
        b.openTime,
        String(b.open),
        String(b.high),
        String(b.low),
        String(b.close),
        String(b.volume),
        b.openTime + this.intervalMs - 1,
        '0',
        1,
        '0',
        '0',
        '0',
      ]);
  }

  /** V1: API key header and HMAC of query+body; V3: the EIP-712 signer of the exact string sent. */
  private authenticate(r: RecordedRequest): string | undefined {
    const v3 = r.path.startsWith('/fapi/v3/');
    const total = `${r.query}${r.body}`;
    const cut = total.lastIndexOf('&signature=');
    const keyOnly = r.path.endsWith('/listenKey') && !v3;
    if (!v3) {
      if (r.headers['x-mbx-apikey'] !== this.credentials.apiKey) return 'API key missing or wrong';
      if (keyOnly) return undefined;
      if (cut < 0) return 'signature missing';
      const expected = createHmac('sha256', this.credentials.secretKey)
        .update(total.slice(0, cut))
        .digest('hex');
      return total.slice(cut + 11).toLowerCase() === expected
        ? undefined
        : 'Signature for this request is not valid.';
    }
    if (cut < 0) return 'signature missing';
    const msg = total.slice(0, cut);
    const recovered = recoverSigner(
      asterTypedDataHash(msg, this.credentials.chainId),
      total.slice(cut + 11),
    );
    if (recovered !== this.credentials.signer.toLowerCase())
      return 'Signature for this request is not valid.';
    if (r.params.get('signer')?.toLowerCase() !== recovered) return 'signer does not match';
    if (r.params.get('user')?.toLowerCase() !== this.credentials.user.toLowerCase())
      return 'unknown user';
    return undefined;
  }

  private placeOrder(p: URLSearchParams): ScriptedReply {
    const symbol = p.get('symbol') ?? '';
    const quantity = p.get('quantity') ?? '';
    const clientOrderId = p.get('newClientOrderId') ?? `auto-${this.nextOrderId}`;
    const price = this.prices.get(symbol);
    if (price === undefined) return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } };
    const steps = Number(quantity) / STEP;
    if (!/^\d+(\.\d{1,3})?$/.test(quantity) || Math.abs(steps - Math.round(steps)) > 1e-9)
      return { status: 400, body: { code: -4023, msg: 'Quantity not increased by step size.' } };
    if (Number(quantity) * price < MIN_NOTIONAL)
      return { status: 400, body: { code: -4164, msg: 'Order notional too small.' } };
    const order: TestOrder = {
      orderId: this.nextOrderId++,
      clientOrderId,
      symbol,
      side: p.get('side') ?? '',
      quantity,
      price,
      time: this.now(),
    };
    this.orders.set(`${clientOrderId}#${order.orderId}`, order);
    if (!this.orders.has(clientOrderId)) this.orders.set(clientOrderId, order);
    this.pushFill(order);
    return { status: 200, body: this.orderBody(order) };
  }

  /** Orders the exchange executed (a doubled client order id shows up twice). */
  executedOrders(): TestOrder[] {
    return [...this.orders.entries()].filter(([key]) => key.includes('#')).map(([, o]) => o);
  }

  private orderBody(order: TestOrder): unknown {
    return {
      orderId: order.orderId,
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      type: 'MARKET',
      status: 'FILLED',
      origQty: order.quantity,
      executedQty: order.quantity,
      avgPrice: String(order.price),
      updateTime: order.time,
    };
  }

  private pushFill(order: TestOrder): void {
    const base = {
      s: order.symbol,
      c: order.clientOrderId,
      S: order.side,
      o: 'MARKET',
      q: order.quantity,
      i: order.orderId,
      T: order.time,
    };
    const fee = Number(order.quantity) * order.price * 0.0005;
    const events = [
      { ...base, x: 'NEW', X: 'NEW', l: '0', z: '0', L: '0', t: 0 },
      {
        ...base,
        x: 'TRADE',
        X: 'FILLED',
        l: order.quantity,
        z: order.quantity,
        L: String(order.price),
        n: String(fee),
        N: 'USDT',
        t: this.nextTradeId++,
      },
    ];
    for (const o of events) {
      const frame = JSON.stringify({ e: 'ORDER_TRADE_UPDATE', E: order.time, T: order.time, o });
      for (const ws of this.userSockets) ws.send(frame);
    }
  }
}

/** Bars walking from `start` by `step` per bar, ending just before `endOpenTime`. */
export function barSeries(
  count: number,
  endOpenTime: number,
  intervalMs: number,
  price: (i: number) => number,
): Bar[] {
  return Array.from({ length: count }, (_, i) => {
    const close = price(i);
    return {
      openTime: endOpenTime - (count - i) * intervalMs,
      open: close,
      high: close * 1.001,
      low: close * 0.999,
      close,
      volume: 10,
    };
  });
}
