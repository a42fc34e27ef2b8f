import mqtt, { type MqttClient } from 'mqtt';

/** A command as it arrived: its topic, QoS and the JSON body exactly as sent. */
export interface ReceivedCommand {
  readonly topic: string;
  readonly qos: number;
  readonly body: {
    header: Record<string, unknown>;
    data: Record<string, unknown>;
  };
}

export type CommandReply = { status: number; msg: string } & Record<string, unknown>;

/** The commands the bridge serves, by topic tail (`MQTTCommands._init_commands`). */
const COMMANDS = [
  'start',
  'stop',
  'config',
  'import',
  'status',
  'history',
  'balance/limit',
  'balance/paper',
];

/**
 * Plays one Hummingbot instance as its MQTT bridge does (hummingbot/remote_iface/mqtt.py): client id
 * `hbot.<instance_id>`, keepalive 60 s, command topics at QoS 1, `availability`/`online` on connect,
 * heartbeats `{"ts": µs}`, market events and replies in commlib's envelope, all serialised compactly
 * as ujson does. Replies follow messages.py's defaults; a test may answer a command its own way.
 */
export class HummingbotInstance {
  readonly commands: ReceivedCommand[] = [];
  /** Balance limits in force, by asset, as `balance limit` keeps them. */
  readonly limits = new Map<string, number>();
  running = true;
  /** Per-command answers; `null` means the bot never answers. */
  readonly answers = new Map<string, (data: Record<string, unknown>) => CommandReply | null>();
  private readonly prefix: string;

  private constructor(
    private readonly client: MqttClient,
    readonly instanceId: string,
    namespace: string,
  ) {
    this.prefix = `${namespace}/${instanceId}`;
  }

  static async connect(
    url: string,
    instanceId: string,
    credentials: { username?: string; password?: string } = {},
    namespace = 'hbot',
  ): Promise<HummingbotInstance> {
    const client = await mqtt.connectAsync(url, {
      clientId: `hbot.${instanceId}`,
      keepalive: 60,
      reconnectPeriod: 5_000,
      ...credentials,
    });
    const bot = new HummingbotInstance(client, instanceId, namespace);
    client.on('message', (topic, payload, packet) => bot.onCommand(topic, payload, packet.qos));
    await client.subscribeAsync(
      Object.fromEntries(COMMANDS.map((c) => [`${bot.prefix}/${c}`, { qos: 1 as const }])),
    );
    await bot.publish('status_updates', {
      timestamp: Date.now(),
      type: 'availability',
      msg: 'online',
    });
    return bot;
  }

  /** One heartbeat, as `_heartbeat_loop` sends it every 10 s. */
  beat(): Promise<void> {
    return this.publish('hb', { ts: Math.trunc((Date.now() / 1000 + 0.5) * 1_000_000) });
  }

  /**
   * A BTC buy at twice the market with `share` of `cashUsd`: marked at once at half its cost, a loss of
   * about `share / 2` of the agent's capital, for tests that trip its breaker.
   */
  overpaidBuy(btcPrice: number, cashUsd: number, share: number, tradeId: string): Promise<void> {
    return this.filled({
      orderId: `buy-BTC-USDT-${tradeId}`,
      tradingPair: 'BTC-USDT',
      side: 'BUY',
      price: btcPrice * 2,
      amount: (cashUsd * share) / (btcPrice * 2),
      fee: { percent: '0.001' },
      exchangeTradeId: tradeId,
    });
  }

  /** An `OrderFilledEvent` as `MQTTMarketEventForwarder` forwards it (timestamp popped into the envelope). */
  filled(fill: {
    orderId: string;
    tradingPair: string;
    side: 'BUY' | 'SELL';
    price: number;
    amount: number;
    fee: {
      percent: string;
      percentToken?: string | null;
      flat?: { token: string; amount: string }[];
    };
    exchangeTradeId: string;
    timestamp?: number;
  }): Promise<void> {
    return this.publish('events', {
      timestamp: Math.trunc(fill.timestamp ?? Date.now() / 1000),
      type: 'OrderFilled',
      data: {
        order_id: fill.orderId,
        trading_pair: fill.tradingPair,
        trade_type: `TradeType.${fill.side}`,
        order_type: 'OrderType.LIMIT',
        price: fill.price,
        amount: fill.amount,
        trade_fee: {
          fee_type: 'AddedToCost',
          percent: fill.fee.percent,
          percent_token: fill.fee.percentToken ?? null,
          flat_fees: fill.fee.flat ?? [],
        },
        exchange_trade_id: fill.exchangeTradeId,
        exchange_order_id: `x-${fill.orderId}`,
        leverage: 1,
        position: 'NIL',
      },
    });
  }

  notify(msg: string): Promise<void> {
    return this.publish('notify', { seq: 0, timestamp: -1, msg });
  }

  /** The bridge stopping: `availability`/`offline`. */
  offline(): Promise<void> {
    return this.publish('status_updates', {
      timestamp: Date.now(),
      type: 'availability',
      msg: 'offline',
    });
  }

  commandsOn(tail: string): ReceivedCommand[] {
    return this.commands.filter((c) => c.topic === `${this.prefix}/${tail}`);
  }

  close(): Promise<void> {
    return this.client.endAsync();
  }

  private async publish(stream: string, body: unknown): Promise<void> {
    await this.client.publishAsync(`${this.prefix}/${stream}`, JSON.stringify(body), { qos: 0 });
  }

  private onCommand(topic: string, payload: Buffer, qos: number): void {
    const body = JSON.parse(payload.toString('utf8')) as ReceivedCommand['body'];
    this.commands.push({ topic, qos, body });
    const tail = topic.slice(this.prefix.length + 1);
    const answer = this.answers.get(tail) ?? ((data) => this.defaultAnswer(tail, data));
    const reply = answer(body.data ?? {});
    const replyTo = body.header?.reply_to;
    if (reply === null || typeof replyTo !== 'string' || replyTo === '') return;
    const envelope = {
      header: {
        reply_to: '',
        timestamp: Date.now(),
        content_type: 'json',
        encoding: 'utf8',
        agent: 'commlib',
      },
      data: reply,
    };
    // A command that arrives while the instance closes goes unanswered, as a stopping bridge's would.
    this.client.publishAsync(replyTo, JSON.stringify(envelope), { qos: 1 }).catch(() => undefined);
  }

  private defaultAnswer(tail: string, data: Record<string, unknown>): CommandReply {
    switch (tail) {
      case 'start':
        if (this.running)
          return { status: 400, msg: 'The bot is already running - please run "stop" first' };
        this.running = true;
        return { status: 200, msg: '' };
      case 'stop':
        this.running = false;
        return { status: 200, msg: '' };
      case 'status':
        return this.running
          ? { status: 200, msg: 'Strategy: pure_market_making, running', data: '' }
          : { status: 400, msg: 'No strategy is currently running!', data: '' };
      case 'config':
        return { changes: [], config: { client: {}, strategy: {} }, status: 200, msg: '' };
      case 'balance/limit': {
        this.limits.set(String(data.asset), Number(data.amount));
        const text = `Limit for ${String(data.asset)} on ${String(data.exchange)} exchange set to ${String(data.amount)}`;
        return { status: 200, msg: '', data: text };
      }
      default:
        return { status: 400, msg: `unhandled command ${tail}` };
    }
  }
}
