import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, ManualWallClock } from './clock.js';
import { Outbox, OUTBOX_COMMIT_ROWS, type OutboxRow } from './outbox.js';
import type { FillRow, MessageRow } from './outbox-streams.js';
import { SqliteConnection } from './sqlite-connection.js';

/** A fill row numbered by its quantity, so a test can follow rows through the log. */
const fill = (i: number): FillRow => ({
  clientOrderId: `order-${i}`,
  agentId: 'freqtrade-hft',
  symbol: 'BTCUSDT',
  side: 'buy',
  quantity: i,
  price: 100,
  feeUsd: 0.1,
  signalId: `signal-${i}`,
  ts: 1_000,
});
const signal = (messageId: string): MessageRow => ({
  messageId,
  agentId: 'qwen',
  outcome: 'accepted',
  ts: 1_000,
});
const payloadOf = (row: OutboxRow) => JSON.parse(row.payloadJson) as FillRow;

describe('Outbox on SQLite', () => {
  const setup = () => {
    const sqlite = new SqliteConnection(mkdtempSync(join(tmpdir(), 'ct-outbox-')));
    const clock = new ManualClock(1_000);
    const wall = new ManualWallClock(1_000);
    return { sqlite, clock, wall, outbox: new Outbox(sqlite, clock, wall) };
  };

  it('keeps appended rows in memory until a flush commits them together', () => {
    const { outbox, sqlite } = setup();
    outbox.append('signals', signal('a'));
    outbox.append('theses', signal('b'));
    expect(outbox.backlog()).toBe(0);
    expect(outbox.flush()).toBe(2);
    expect(outbox.pending(10).map((r) => [r.stream, JSON.parse(r.payloadJson) as unknown])).toEqual(
      [
        ['signals', signal('a')],
        ['theses', signal('b')],
      ],
    );
    sqlite.close();
  });

  it('hands out pending rows oldest first, and never again once shipped', () => {
    const { outbox, sqlite } = setup();
    for (let i = 0; i < 5; i++) outbox.append('fills', fill(i));
    outbox.flush();
    const first = outbox.pending(3);
    expect(first.map((r) => payloadOf(r).quantity)).toEqual([0, 1, 2]);
    outbox.markShipped(first.map((r) => r.id));
    expect(outbox.pending(10).map((r) => payloadOf(r).quantity)).toEqual([3, 4]);
    expect(outbox.backlog()).toBe(2);
    sqlite.close();
  });

  it('prunes shipped rows older than the retention, and never unshipped ones', () => {
    const { outbox, clock, sqlite } = setup();
    outbox.append('fills', fill(1));
    outbox.append('fills', fill(2));
    outbox.flush();
    outbox.markShipped([outbox.pending(1)[0].id]);
    // A row's age is market time since it was made.
    clock.advance(10_000);
    expect(outbox.prune(5_000)).toBe(1);
    expect(outbox.backlog()).toBe(1);
    sqlite.close();
  });

  it('writes a row at once inside the caller’s transaction', () => {
    const { outbox, sqlite } = setup();
    expect(() =>
      sqlite.db.transaction(() => {
        outbox.appendInTransaction('fills', fill(1));
        throw new Error('the business write failed');
      })(),
    ).toThrow();
    expect(outbox.backlog()).toBe(0);
    sqlite.db.transaction(() => outbox.appendInTransaction('fills', fill(2)))();
    expect(outbox.backlog()).toBe(1);
    sqlite.close();
  });
});

describe('Outbox stream contract', () => {
  const open = (strictFields: boolean) => {
    const sqlite = new SqliteConnection(mkdtempSync(join(tmpdir(), 'ct-outbox-')));
    const outbox = new Outbox(sqlite, new ManualClock(1_000), undefined, undefined, strictFields);
    return { sqlite, outbox };
  };
  // A spread that carried a field too many: a literal would not compile, a spread of a wider object does.
  const withVenueId = { ...fill(1), venueTradeId: 'T-9' };

  it('refuses, when strict, a field the stream does not have', () => {
    const { sqlite, outbox } = open(true);
    expect(() => outbox.append('fills', withVenueId)).toThrow(
      'outbox stream fills has no field venueTradeId',
    );
    expect(() =>
      sqlite.db.transaction(() => outbox.appendInTransaction('fills', withVenueId))(),
    ).toThrow('venueTradeId');
    outbox.append('fills', fill(2));
    expect(outbox.flush()).toBe(1);
    sqlite.close();
  });

  it('keeps the row when not strict: the exporter reads only the columns it knows', () => {
    const { sqlite, outbox } = open(false);
    outbox.append('fills', withVenueId);
    expect(outbox.flush()).toBe(1);
    sqlite.close();
  });
});

describe('Outbox group commit', () => {
  it('commits a full group on the next turn of the event loop, without waiting for a flush', async () => {
    const sqlite = new SqliteConnection(mkdtempSync(join(tmpdir(), 'ct-outbox-')));
    const outbox = new Outbox(sqlite, new ManualClock(1_000));
    for (let i = 0; i < OUTBOX_COMMIT_ROWS * 2 + 5; i++) outbox.append('fills', fill(i));
    expect(outbox.backlog()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(outbox.backlog()).toBe(OUTBOX_COMMIT_ROWS);
    await new Promise((resolve) => setImmediate(resolve));
    expect(outbox.backlog()).toBe(OUTBOX_COMMIT_ROWS * 2);
    expect(outbox.buffered).toBe(5);
    expect(outbox.flush()).toBe(5);
    expect(outbox.pending(OUTBOX_COMMIT_ROWS * 3).map((r) => payloadOf(r).quantity)).toEqual(
      Array.from({ length: OUTBOX_COMMIT_ROWS * 2 + 5 }, (_, i) => i),
    );
    sqlite.close();
  });

  it('keeps rows buffered, in order, when a commit fails, and commits them on the next flush', () => {
    const sqlite = new SqliteConnection(mkdtempSync(join(tmpdir(), 'ct-outbox-')));
    const outbox = new Outbox(sqlite, new ManualClock(1_000));
    outbox.append('fills', fill(1));
    sqlite.db.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    expect(() => outbox.flush()).toThrow('disk full');
    outbox.append('fills', fill(2));
    expect(outbox.buffered).toBe(2);
    sqlite.db.exec('DROP TRIGGER refuse');
    expect(outbox.flush()).toBe(2);
    expect(outbox.pending(10).map((r) => payloadOf(r).quantity)).toEqual([1, 2]);
    sqlite.close();
  });

  it('discards unshipped rows on request, and never a shipped one', () => {
    const sqlite = new SqliteConnection(mkdtempSync(join(tmpdir(), 'ct-outbox-')));
    const outbox = new Outbox(sqlite, new ManualClock(1_000));
    outbox.append('fills', fill(1));
    outbox.append('fills', fill(2));
    outbox.flush();
    const [first, second] = outbox.pending(2);
    outbox.markShipped([first.id]);
    outbox.discard([first.id, second.id]);
    expect(outbox.backlog()).toBe(0);
    expect(sqlite.db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 1 });
    sqlite.close();
  });
});
