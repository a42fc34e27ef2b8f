import { localTableName } from './local.sink.js';
import { schemaOf } from './table-schemas.js';

/** Where an analyst query runs: the BigQuery dataset, or the local sink's SQLite tables. */
export type QueryTarget =
  | { readonly kind: 'bigquery'; readonly project: string; readonly dataset: string }
  | { readonly kind: 'local' };

export const ANALYST_QUERIES = [
  'communication-patterns',
  'throttling',
  'agent-contribution',
  'lineage',
] as const;

/**
 * The queries in `sql/` name tables as `{{table}}` and take one parameter, `@since` (a TIMESTAMP in
 * BigQuery, ISO-8601 text on SQLite), and keep to SQL both engines run, so the same file is tested on
 * the local sink and used in the warehouse.
 */
export function renderAnalystQuery(sql: string, target: QueryTarget): string {
  return sql.replace(/\{\{(\w+)\}\}/g, (_, table: string) => {
    if (!schemaOf(table)) throw new Error(`analyst query names an unknown table: ${table}`);
    return target.kind === 'bigquery'
      ? `\`${target.project}.${target.dataset}.${table}\``
      : localTableName(table);
  });
}
