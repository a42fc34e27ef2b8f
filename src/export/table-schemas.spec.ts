import {
  OUTBOX_FIELDS,
  type OutboxStream,
  type OutboxStreams,
} from '../platform/outbox-streams.js';
import { TABLE_SCHEMAS, schemaOf, tableOf } from './table-schemas.js';

const STREAMS = Object.keys(OUTBOX_FIELDS) as OutboxStream[];

describe('analytics tables against the outbox stream registry', () => {
  it('has one table per stream and no table without a stream', () => {
    expect(TABLE_SCHEMAS.map((t) => t.table).sort()).toEqual([...STREAMS].sort());
  });

  it.each(STREAMS)('%s: every field of the row has a column and every column a field', (stream) => {
    const columns = schemaOf(stream)?.columns ?? [];
    expect([...new Set(columns.map((c) => c.from))].sort()).toEqual(
      Object.keys(OUTBOX_FIELDS[stream]).sort(),
    );
  });

  it('exports why the allocations changed', () => {
    expect(schemaOf('allocations')?.columns.find((c) => c.from === 'reason')?.name).toBe('reason');
  });

  it('refuses, at compile time, a producer or a column that renames a payload field', () => {
    const snapshot: OutboxStreams['portfolio_snapshots'] = {
      agentId: 'qwen',
      equityUsd: 1,
      cashUsd: 1,
      exposureUsd: 0,
      // @ts-expect-error: `pnlUsd` renamed in a producer is not a field of the stream.
      pnl: 0,
      allocationPct: 10,
      targetPct: 10,
      drawdownPct: 0,
      ts: 0,
    };
    const column = (from: string) => ({ name: from, type: 'STRING', mode: 'NULLABLE' }) as const;
    const renamed = tableOf('allocations', {
      description: 'the allocations table with one column reading a renamed field',
      columns: [
        { ...column('x'), from: 'messageId' },
        { ...column('x'), from: 'correlationId' },
        { ...column('x'), from: 'agentId' },
        { ...column('x'), from: 'targetPct' },
        // @ts-expect-error: `capital` is not a field of an allocation row (it is `capitalUsd`).
        { ...column('x'), from: 'capital' },
        { ...column('x'), from: 'reason' },
        { ...column('x'), from: 'ts' },
      ],
      partitionColumn: 'ts',
      clusterColumns: [],
    });
    expect(snapshot.agentId).toBe('qwen');
    expect(renamed.table).toBe('allocations');
  });
});
