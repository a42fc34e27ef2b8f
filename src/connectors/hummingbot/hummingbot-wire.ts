/**
 * Hummingbot's MQTT bridge on the wire (hummingbot/remote_iface/mqtt.py, messages.py): topics under
 * `<namespace>/<instance_id>`, JSON bodies, commands as commlib-style RPC envelopes answered on the
 * request's `reply_to` topic. The one place these names and shapes are spelled.
 */

/** Commands and the topic tail each is published on. */
export const HUMMINGBOT_COMMAND_TOPICS = {
  start: 'start',
  stop: 'stop',
  status: 'status',
  config: 'config',
  balanceLimit: 'balance/limit',
} as const;
export type HummingbotCommand = keyof typeof HUMMINGBOT_COMMAND_TOPICS;

/** Request bodies (`data`), as messages.py declares them. */
export interface HummingbotRequests {
  start: { log_level?: string; script?: string; conf?: string; async_backend: boolean };
  stop: { skip_order_cancellation: boolean; async_backend: boolean };
  status: { async_backend: boolean };
  config: { params: [string, unknown][] };
  balanceLimit: { exchange: string; asset: string; amount: number };
}

/** Every reply carries `status` (200 or 400) and `msg`; the rest is command-specific. */
export interface HummingbotReply {
  readonly status: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export const HUMMINGBOT_STATUS_OK = 200;

/** What the bot publishes, by topic tail. */
export const HUMMINGBOT_STREAMS = ['hb', 'events', 'notify', 'status_updates', 'log'] as const;
export type HummingbotStream = (typeof HUMMINGBOT_STREAMS)[number];

/** `hb`: every 10 s, `ts` in microseconds. */
export interface HeartbeatMessage {
  readonly ts: number;
}
/** `status_updates`: `availability` / `online` on connect, `offline` when the bridge stops. */
export interface StatusUpdateMessage {
  readonly timestamp: number;
  readonly type: string;
  readonly msg: string;
}
/** `events`: a market event, `timestamp` in whole seconds, `data` the event's fields. */
export interface InternalEventMessage {
  readonly timestamp: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
}
export interface NotifyMessage {
  readonly seq: number;
  readonly timestamp: number;
  readonly msg: string;
}
export interface LogMessage {
  readonly timestamp: number;
  readonly msg: string;
  readonly level_no: number;
  readonly level_name: string;
  readonly logger_name: string;
}

/** `TradeFeeBase.to_json()`: decimals as strings. */
export interface TradeFeeJson {
  readonly fee_type: string;
  readonly percent: string;
  readonly percent_token: string | null;
  readonly flat_fees: readonly { readonly token: string; readonly amount: string }[];
}

/** `OrderFilledEvent._asdict()` after the bridge's stringifying (enums via `str()`, Decimals as floats). */
export interface OrderFilledData {
  readonly order_id: string;
  readonly trading_pair: string;
  readonly trade_type: string;
  readonly order_type: string;
  readonly price: number;
  readonly amount: number;
  readonly trade_fee: TradeFeeJson;
  readonly exchange_trade_id: string;
  readonly exchange_order_id: string;
  readonly leverage: number;
  readonly position: string;
}

export const ORDER_FILLED_EVENT = 'OrderFilled';

export interface RpcHeader {
  readonly timestamp: number;
  readonly reply_to: string;
  readonly msg_id: number;
  readonly node_id: string;
  readonly agent: string;
  readonly properties: Record<string, never>;
}

export interface RpcRequest<C extends HummingbotCommand> {
  readonly header: RpcHeader;
  readonly data: HummingbotRequests[C];
}

/** The reply envelope the bridge publishes (`MQTTGateway._wrap_response`). */
export interface RpcResponse {
  readonly header: {
    readonly reply_to: string;
    readonly timestamp: number;
    readonly content_type: string;
    readonly encoding: string;
    readonly agent: string;
  };
  readonly data: HummingbotReply;
}

/** Topics of one bot instance. */
export class HummingbotTopics {
  readonly prefix: string;

  constructor(namespace: string, instanceId: string) {
    // The bridge strips one trailing '/' or '.' from the namespace.
    this.prefix = `${namespace.replace(/[/.]$/, '')}/${instanceId}`;
  }

  command(command: HummingbotCommand): string {
    return `${this.prefix}/${HUMMINGBOT_COMMAND_TOPICS[command]}`;
  }

  stream(stream: HummingbotStream): string {
    return `${this.prefix}/${stream}`;
  }

  /** The stream a topic of this bot carries, or undefined. */
  streamOf(topic: string): HummingbotStream | undefined {
    if (!topic.startsWith(`${this.prefix}/`)) return undefined;
    const tail = topic.slice(this.prefix.length + 1);
    return HUMMINGBOT_STREAMS.find((s) => s === tail);
  }
}
