/**
 * The parts of Freqtrade's API server protocol the connector speaks, as its source defines them
 * (freqtrade/rpc/rpc_types.py, rpc/api_server/api_schemas.py, api_auth.py, api_ws.py; 2024-10).
 */

export const API = '/api/v1';

/** `POST /token/login` (HTTP Basic) answers both; `POST /token/refresh` (bearer refresh) the first. */
export interface FreqtradeTokens {
  readonly access_token: string;
  readonly refresh_token?: string;
}

/** The RPC message types the connector subscribes to on `/api/v1/message/ws`. */
export const SUBSCRIBED_MESSAGES = [
  'entry',
  'entry_fill',
  'entry_cancel',
  'exit',
  'exit_fill',
  'exit_cancel',
  'status',
  'warning',
  'startup',
] as const;
export type SubscribedMessage = (typeof SUBSCRIBED_MESSAGES)[number];

/** `RPCStatusMsg`: status, startup, warning. */
export interface StatusMessage {
  readonly type: 'status' | 'startup' | 'warning';
  readonly status: string;
}

/** `__RPCEntryExitMsgBase` and the exit fields of `RPCExitMsg` (datetimes arrive as ISO strings). */
export interface TradeMessage {
  readonly type: 'entry' | 'entry_fill' | 'entry_cancel' | 'exit' | 'exit_fill' | 'exit_cancel';
  readonly trade_id: number;
  readonly pair: string;
  readonly direction: string;
  readonly open_rate: number;
  readonly amount: number;
  readonly stake_amount: number;
  readonly enter_tag?: string | null;
  readonly sub_trade?: boolean;
  readonly close_rate?: number;
  readonly order_rate?: number | null;
  readonly profit_amount?: number;
  readonly exit_reason?: string | null;
  readonly reason?: string;
}

export type FreqtradeMessage = StatusMessage | TradeMessage;

/** `OrderSchema` (the fields the connector books from). */
export interface FreqtradeOrder {
  readonly pair: string;
  readonly order_id: string;
  readonly status: string;
  readonly amount: number;
  readonly safe_price: number;
  readonly cost: number;
  readonly filled?: number | null;
  readonly ft_order_side: string;
  readonly is_open: boolean;
  readonly order_filled_timestamp?: number | null;
}

/** `TradeSchema` / `OpenTradeSchema` (the fields the connector reads). */
export interface FreqtradeTrade {
  readonly trade_id: number;
  readonly pair: string;
  readonly is_open: boolean;
  readonly is_short: boolean;
  readonly amount: number;
  readonly stake_amount: number;
  readonly open_rate: number;
  readonly fee_open?: number | null;
  readonly fee_close?: number | null;
  readonly close_profit_abs?: number | null;
  readonly orders: readonly FreqtradeOrder[];
}

/** `GET /trades`. */
export interface FreqtradeTradeHistory {
  readonly trades: readonly FreqtradeTrade[];
  readonly trades_count: number;
  readonly offset: number;
  readonly total_trades: number;
}

/** `GET /show_config` (the fields the connector reads; `short_allowed` = trading mode not spot). */
export interface FreqtradeShowConfig {
  readonly stake_currency: string;
  readonly trading_mode?: string;
  readonly short_allowed?: boolean;
}

/** `ForceEnterPayload`. */
export interface ForceEnterPayload {
  readonly pair: string;
  readonly side: 'long' | 'short';
  readonly stakeamount?: number;
  readonly ordertype?: 'limit' | 'market';
  readonly entry_tag?: string;
}

/** `ForceExitPayload`: `"all"` closes every open trade. */
export interface ForceExitPayload {
  readonly tradeid: string | number;
  readonly ordertype?: 'limit' | 'market';
}

export function isStatusMessage(message: FreqtradeMessage): message is StatusMessage {
  return message.type === 'status' || message.type === 'startup' || message.type === 'warning';
}

/** A parsed frame the connector handles, or undefined for anything else the server sends. */
export function parseMessage(text: string): FreqtradeMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const type = (value as { type?: unknown }).type;
  if (!(SUBSCRIBED_MESSAGES as readonly unknown[]).includes(type)) return undefined;
  if (type === 'status' || type === 'startup' || type === 'warning')
    return typeof (value as { status?: unknown }).status === 'string'
      ? (value as StatusMessage)
      : undefined;
  const trade = value as Partial<TradeMessage>;
  return Number.isInteger(trade.trade_id) && typeof trade.pair === 'string'
    ? (value as TradeMessage)
    : undefined;
}
