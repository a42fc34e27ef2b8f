/** Column types shared by every sink (BigQuery's names; the local sink maps them to SQLite). */
export type ColumnType = 'STRING' | 'FLOAT64' | 'INT64' | 'TIMESTAMP' | 'BOOL';

export interface ColumnSchema {
  readonly name: string;
  readonly type: ColumnType;
  /** The payload field it is read from (camelCase), when it differs from the column name. */
  readonly from: string;
}

export interface TableSchema {
  readonly table: string;
  readonly columns: readonly ColumnSchema[];
}

const column = (name: string, type: ColumnType, from: string): ColumnSchema => ({
  name,
  type,
  from,
});

const message = [
  column('message_id', 'STRING', 'messageId'),
  column('correlation_id', 'STRING', 'correlationId'),
  column('agent_id', 'STRING', 'agentId'),
  column('symbol', 'STRING', 'symbol'),
  column('side', 'STRING', 'side'),
  column('confidence', 'FLOAT64', 'confidence'),
  column('horizon', 'STRING', 'horizon'),
  column('text', 'STRING', 'text'),
  column('outcome', 'STRING', 'outcome'),
  column('ts', 'TIMESTAMP', 'ts'),
];

/**
 * The analytics tables, one per outbox stream. Every row carries the ids that join them:
 * fills → orders (client_order_id) → signals (signal_id = message_id) → theses (correlation_id).
 */
export const TABLE_SCHEMAS: readonly TableSchema[] = [
  { table: 'signals', columns: message },
  { table: 'theses', columns: message },
  { table: 'discussions', columns: [...message, column('recipients', 'STRING', 'to')] },
  {
    table: 'orders',
    columns: [
      column('client_order_id', 'STRING', 'clientOrderId'),
      column('agent_id', 'STRING', 'agentId'),
      column('symbol', 'STRING', 'symbol'),
      column('side', 'STRING', 'side'),
      column('quantity', 'FLOAT64', 'quantity'),
      column('status', 'STRING', 'status'),
      column('signal_id', 'STRING', 'signalId'),
      column('correlation_id', 'STRING', 'correlationId'),
      column('ts', 'TIMESTAMP', 'createdAt'),
    ],
  },
  {
    table: 'fills',
    columns: [
      column('client_order_id', 'STRING', 'clientOrderId'),
      column('agent_id', 'STRING', 'agentId'),
      column('symbol', 'STRING', 'symbol'),
      column('side', 'STRING', 'side'),
      column('quantity', 'FLOAT64', 'quantity'),
      column('price', 'FLOAT64', 'price'),
      column('fee_usd', 'FLOAT64', 'feeUsd'),
      column('signal_id', 'STRING', 'signalId'),
      column('correlation_id', 'STRING', 'correlationId'),
      column('ts', 'TIMESTAMP', 'ts'),
    ],
  },
  {
    table: 'allocations',
    columns: [
      column('agent_id', 'STRING', 'agentId'),
      column('target_pct', 'FLOAT64', 'targetPct'),
      column('capital_usd', 'FLOAT64', 'capitalUsd'),
      column('ts', 'TIMESTAMP', 'ts'),
    ],
  },
];

export function schemaOf(table: string): TableSchema | undefined {
  return TABLE_SCHEMAS.find((s) => s.table === table);
}
