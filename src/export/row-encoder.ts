import type { ColumnSchema, TableSchema } from './table-schemas.js';

export type EncodedValue = string | number | boolean | null;
export type EncodedRow = Record<string, EncodedValue>;

export type RowEncoding =
  | { readonly ok: true; readonly row: EncodedRow }
  | { readonly ok: false; readonly message: string };

/** Why a value does not fit its column, or the value as a sink stores it (BigQuery's JSON form). */
function encodeValue(column: ColumnSchema, value: unknown): EncodedValue | Error {
  if (value === undefined || value === null) {
    return column.mode === 'REQUIRED' ? new Error(`${column.name} is required`) : null;
  }
  switch (column.type) {
    case 'TIMESTAMP': {
      const date = typeof value === 'number' || typeof value === 'string' ? new Date(value) : null;
      if (!date || Number.isNaN(date.getTime())) {
        return new Error(`${column.name} is not a timestamp: ${JSON.stringify(value)}`);
      }
      return date.toISOString();
    }
    case 'FLOAT64':
      return typeof value === 'number' && Number.isFinite(value)
        ? value
        : new Error(`${column.name} is not a finite number: ${JSON.stringify(value)}`);
    case 'INT64':
      return typeof value === 'number' && Number.isSafeInteger(value)
        ? value
        : new Error(`${column.name} is not an integer: ${JSON.stringify(value)}`);
    case 'BOOL':
      return typeof value === 'boolean'
        ? value
        : new Error(`${column.name} is not a boolean: ${JSON.stringify(value)}`);
    case 'STRING':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return JSON.stringify(value);
  }
}

/**
 * Maps an outbox payload (camelCase) onto a table's columns, or says why it cannot be stored. A row
 * that fails here would fail in the warehouse too, so it is dead-lettered without a round trip.
 */
export function encodeRow(
  schema: TableSchema,
  values: Readonly<Record<string, unknown>>,
): RowEncoding {
  const row: EncodedRow = {};
  for (const column of schema.columns) {
    const encoded = encodeValue(column, values[column.from]);
    if (encoded instanceof Error) return { ok: false, message: encoded.message };
    row[column.name] = encoded;
  }
  return { ok: true, row };
}
