import type { OutboxStream, OutboxStreams } from '../platform/outbox-streams.js';

/** Column types shared by every sink (BigQuery's names; the local sink maps them to SQLite). */
export type ColumnType = 'STRING' | 'FLOAT64' | 'INT64' | 'TIMESTAMP' | 'BOOL';
export type ColumnMode = 'REQUIRED' | 'NULLABLE';

export interface ColumnSchema<Field extends string = string> {
  readonly name: string;
  readonly type: ColumnType;
  readonly mode: ColumnMode;
  /** The payload field it is read from (camelCase). */
  readonly from: Field;
  readonly description?: string;
}

export interface TableSchema {
  readonly table: string;
  readonly description: string;
  readonly columns: readonly ColumnSchema[];
  /** The event-time column the table is partitioned on, by day. */
  readonly partitionColumn: string;
  /** Most-filtered first; BigQuery allows four. */
  readonly clusterColumns: readonly string[];
}

/**
 * Every table also has `insert_id` (the outbox id, the sink's de-duplication key), added by the sink
 * itself: BigQuery's de-duplication is best effort, so analysts de-duplicate on it.
 */
export const INSERT_ID_COLUMN = 'insert_id';

const required = <F extends string>(name: string, type: ColumnType, from: F): ColumnSchema<F> => ({
  name,
  type,
  from,
  mode: 'REQUIRED',
});
const nullable = <F extends string>(name: string, type: ColumnType, from: F): ColumnSchema<F> => ({
  name,
  type,
  from,
  mode: 'NULLABLE',
});

/** The fields of a stream's row (`src/platform/outbox-streams.ts`). */
export type FieldOf<S extends OutboxStream> = keyof OutboxStreams[S] & string;

/** Fields of the stream that no column reads: must be none, or the field never reaches the table. */
type Unread<S extends OutboxStream, Columns extends readonly ColumnSchema[]> = Exclude<
  FieldOf<S>,
  Columns[number]['from']
>;

/** Passes when every field is read; otherwise the compiler names the fields without a column. */
export type EveryFieldRead<S extends OutboxStream, Columns extends readonly ColumnSchema[]> = [
  Unread<S, Columns>,
] extends [never]
  ? unknown
  : { readonly fieldsWithoutColumn: Unread<S, Columns> };

interface TableSpec<Columns> {
  readonly description: string;
  readonly columns: Columns;
  readonly partitionColumn: string;
  readonly clusterColumns: readonly string[];
}

/**
 * A stream's table, checked against the stream's row type: every column reads a field of the row
 * (a renamed field is a compile error here) and every field has a column.
 */
export function tableOf<
  S extends OutboxStream,
  const Columns extends readonly ColumnSchema<FieldOf<S>>[],
>(
  stream: S,
  spec: TableSpec<Columns> & { readonly columns: EveryFieldRead<S, Columns> },
): TableSchema {
  return { table: stream, ...spec };
}

const eventTime = required('ts', 'TIMESTAMP', 'ts');

/** A bus message (signal, thesis, discussion) and what the coordinator did with it. */
const message = [
  required('message_id', 'STRING', 'messageId'),
  nullable('correlation_id', 'STRING', 'correlationId'),
  required('agent_id', 'STRING', 'agentId'),
  nullable('symbol', 'STRING', 'symbol'),
  nullable('side', 'STRING', 'side'),
  nullable('confidence', 'FLOAT64', 'confidence'),
  nullable('horizon', 'STRING', 'horizon'),
  nullable('text', 'STRING', 'text'),
  nullable('outcome', 'STRING', 'outcome'),
  eventTime,
];

/** Rows caused by no message (periodic snapshots) still have the lineage columns, left empty. */
const noMessage = [
  nullable('message_id', 'STRING', 'messageId'),
  nullable('correlation_id', 'STRING', 'correlationId'),
];

/**
 * The analytics tables, one per outbox stream. The ids join them into a lineage:
 * fills → orders (client_order_id) → signals (signal_id = message_id) → theses (signal's
 * correlation_id = thesis message_id) → discussions (thesis correlation_id = discussion message_id).
 */
export const TABLE_SCHEMAS: readonly TableSchema[] = [
  tableOf('signals', {
    description: 'Trading signals published on the agent bus, with the coordinator outcome.',
    columns: message,
    partitionColumn: 'ts',
    clusterColumns: ['agent_id', 'symbol'],
  }),
  tableOf('theses', {
    description: 'Trade theses and forecasts broadcast on the agent bus.',
    columns: message,
    partitionColumn: 'ts',
    clusterColumns: ['agent_id', 'symbol'],
  }),
  tableOf('discussions', {
    description: 'Strategy discussions between agents; recipients as a JSON array.',
    columns: [...message, nullable('recipients', 'STRING', 'to')],
    partitionColumn: 'ts',
    clusterColumns: ['agent_id', 'symbol'],
  }),
  tableOf('agent_activity', {
    description: 'Per-agent communication counters, every 10 s.',
    columns: [
      ...noMessage,
      required('agent_id', 'STRING', 'agentId'),
      nullable('role', 'STRING', 'role'),
      nullable('activity_score', 'FLOAT64', 'activityScore'),
      nullable('sent', 'INT64', 'sent'),
      nullable('delivered', 'INT64', 'delivered'),
      nullable('throttled', 'INT64', 'throttled'),
      nullable('filtered', 'INT64', 'filtered'),
      nullable('coalesced', 'INT64', 'coalesced'),
      nullable('dropped', 'INT64', 'dropped'),
      nullable('participation_threshold', 'FLOAT64', 'participationThreshold'),
      eventTime,
    ],
    partitionColumn: 'ts',
    clusterColumns: ['agent_id'],
  }),
  tableOf('portfolio_snapshots', {
    description:
      "Per-agent sub-ledger snapshot every 10 s; agent_id 'portfolio' is the whole account.",
    columns: [
      ...noMessage,
      required('agent_id', 'STRING', 'agentId'),
      nullable('equity_usd', 'FLOAT64', 'equityUsd'),
      nullable('cash_usd', 'FLOAT64', 'cashUsd'),
      nullable('exposure_usd', 'FLOAT64', 'exposureUsd'),
      nullable('pnl_usd', 'FLOAT64', 'pnlUsd'),
      nullable('allocation_pct', 'FLOAT64', 'allocationPct'),
      nullable('target_pct', 'FLOAT64', 'targetPct'),
      nullable('drawdown_pct', 'FLOAT64', 'drawdownPct'),
      eventTime,
    ],
    partitionColumn: 'ts',
    clusterColumns: ['agent_id'],
  }),
  tableOf('orders', {
    description: 'Orders sized from signals; message_id is the signal behind the order.',
    columns: [
      required('client_order_id', 'STRING', 'clientOrderId'),
      nullable('message_id', 'STRING', 'signalId'),
      nullable('correlation_id', 'STRING', 'correlationId'),
      required('agent_id', 'STRING', 'agentId'),
      required('symbol', 'STRING', 'symbol'),
      nullable('side', 'STRING', 'side'),
      nullable('quantity', 'FLOAT64', 'quantity'),
      nullable('status', 'STRING', 'status'),
      nullable('signal_id', 'STRING', 'signalId'),
      required('ts', 'TIMESTAMP', 'createdAt'),
    ],
    partitionColumn: 'ts',
    clusterColumns: ['agent_id', 'symbol'],
  }),
  tableOf('fills', {
    description: 'Fills booked to an agent sub-ledger; message_id is the signal behind the order.',
    columns: [
      required('client_order_id', 'STRING', 'clientOrderId'),
      nullable('message_id', 'STRING', 'signalId'),
      nullable('correlation_id', 'STRING', 'correlationId'),
      required('agent_id', 'STRING', 'agentId'),
      required('symbol', 'STRING', 'symbol'),
      nullable('side', 'STRING', 'side'),
      nullable('quantity', 'FLOAT64', 'quantity'),
      nullable('price', 'FLOAT64', 'price'),
      nullable('fee_usd', 'FLOAT64', 'feeUsd'),
      nullable('signal_id', 'STRING', 'signalId'),
      eventTime,
    ],
    partitionColumn: 'ts',
    clusterColumns: ['agent_id', 'symbol'],
  }),
  tableOf('allocations', {
    description:
      'Capital allocation targets per agent at each rebalance (market time): from, to, and why.',
    columns: [
      ...noMessage,
      required('agent_id', 'STRING', 'agentId'),
      nullable('from_pct', 'FLOAT64', 'fromPct'),
      nullable('target_pct', 'FLOAT64', 'targetPct'),
      nullable('capital_usd', 'FLOAT64', 'capitalUsd'),
      nullable('reason', 'STRING', 'reason'),
      eventTime,
    ],
    partitionColumn: 'ts',
    clusterColumns: ['agent_id'],
  }),
  tableOf('audit_log', {
    description:
      'Every mutating API call: the token (name and scope), route, state before and after, status.',
    columns: [
      required('audit_id', 'INT64', 'auditId'),
      required('token_name', 'STRING', 'tokenName'),
      required('token_scope', 'STRING', 'tokenScope'),
      required('method', 'STRING', 'method'),
      required('route', 'STRING', 'route'),
      required('path', 'STRING', 'path'),
      required('status', 'INT64', 'status'),
      required('client_address', 'STRING', 'clientAddress'),
      nullable('request_json', 'STRING', 'requestJson'),
      nullable('before_json', 'STRING', 'beforeJson'),
      nullable('after_json', 'STRING', 'afterJson'),
      eventTime,
      required('recorded_at', 'TIMESTAMP', 'recordedAt'),
    ],
    partitionColumn: 'ts',
    clusterColumns: ['token_name', 'route'],
  }),
];

const BY_TABLE = new Map(TABLE_SCHEMAS.map((s) => [s.table, s]));

export function schemaOf(table: string): TableSchema | undefined {
  return BY_TABLE.get(table);
}
