import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, ManualWallClock } from './clock.js';
import { Outbox, OUTBOX_COMMIT_ROWS, type OutboxRow } from './outbox.js';
import { SqliteConnection } from './sqlite-connection.js';

const payloadOf = (row: OutboxRow) => JSON.parse(row.payloadJson) as { i: number };

describe('Outbox on SQLite', () => {
  const setup = () => {
    const sqlite = new SqliteConnection(mkdtempSync(join(tmpdir(), 'ct-outbox-')));
    const clock = new ManualClock(1_000);
    const wall = new ManualWallClock(1_000);
    return { sqlite, clock, wall, outbox: new Outbox(sqlite, clock, wall) };
  };

  it('keeps appended rows in memory until a flush commits them together', () => {
    const { outbox, sqlite } = setup();
    outbox.append('signals', { messageId: 'a' });
    outbox.append('theses', { messageId: 'b' });
    expect(outbox.backlog()).toBe(0);
    expect(outbox.flush()).toBe(2);
    expect(outbox.pending(10).map((r) => [r.stream, JSON.parse(r.payloadJson) as unknown])).toEqual(
      [
        ['signals', { messageId: 'a' }],
        ['theses', { messageId: 'b' }],
      ],
    );
    sqlite.close();
  });

  it('hands out pending rows oldest first, and never again once shipped', () => {
    const { outbox, sqlite } = setup();
    for (let i = 0; i < 5; i++) outbox.append('fills', { i });
    outbox.flush();
    const first = outbox.pending(3);
    expect(first.map((r) => payloadOf(r).i)).toEqual([0, 1, 2]);
    outbox.markShipped(first.map((r) => r.id));
    expect(outbox.pending(10).map((r) => payloadOf(r).i)).toEqual([3, 4]);
    expect(outbox.backlog()).toBe(2);
    sqlite.close();
  });

  it('prunes shipped rows older than the retention, and never unshipped ones', () => {
    const { outbox, clock, sqlite } = setup();
    outbox.append('fills', { i: 1 });
    outbox.append('fills', { i: 2 });
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
        outbox.appendInTransaction('fills', { i: 1 });
        throw new Error('the business write failed');
      })(),
    ).toThrow();
    expect(outbox.backlog()).toBe(0);
    sqlite.db.transaction(() => outbox.appendInTransaction('fills', { i: 2 }))();
    expect(outbox.backlog()).toBe(1);
    sqlite.close();
  });
});

describe('Outbox group commit', () => {
  it('commits a full group on the next turn of the event loop, without waiting for a flush', async () => {
    const sqlite = new SqliteConnection(mkdtempSync(join(tmpdir(), 'ct-outbox-')));
    const outbox = new Outbox(sqlite, new ManualClock(1_000));
    for (let i = 0; i < OUTBOX_COMMIT_ROWS * 2 + 5; i++) outbox.append('signals', { i });
    expect(outbox.backlog()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(outbox.backlog()).toBe(OUTBOX_COMMIT_ROWS);
    await new Promise((resolve) => setImmediate(resolve));
    expect(outbox.backlog()).toBe(OUTBOX_COMMIT_ROWS * 2);
    expect(outbox.buffered).toBe(5);
    expect(outbox.flush()).toBe(5);
    expect(outbox.pending(OUTBOX_COMMIT_ROWS * 3).map((r) => payloadOf(r).i)).toEqual(
      Array.from({ length: OUTBOX_COMMIT_ROWS * 2 + 5 }, (_, i) => i),
    );
    sqlite.close();
  });

  it('keeps rows buffered, in order, when a commit fails, and commits them on the next flush', () => {
    const sqlite = new SqliteConnection(mkdtempSync(join(tmpdir(), 'ct-outbox-')));
    const outbox = new Outbox(sqlite, new ManualClock(1_000));
    outbox.append('fills', { i: 1 });
    sqlite.db.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    expect(() => outbox.flush()).toThrow('disk full');
    outbox.append('fills', { i: 2 });
    expect(outbox.buffered).toBe(2);
    sqlite.db.exec('DROP TRIGGER refuse');
    expect(outbox.flush()).toBe(2);
    expect(outbox.pending(10).map((r) => payloadOf(r).i)).toEqual([1, 2]);
    sqlite.close();
  });

  it('discards unshipped rows on request, and never a shipped one', () => {
    const sqlite = new SqliteConnection(mkdtempSync(join(tmpdir(), 'ct-outbox-')));
    const outbox = new Outbox(sqlite, new ManualClock(1_000));
    outbox.append('fills', { i: 1 });
    outbox.append('fills', { i: 2 });
    outbox.flush();
    const [first, second] = outbox.pending(2);
    outbox.markShipped([first.id]);
    outbox.discard([first.id, second.id]);
    expect(outbox.backlog()).toBe(0);
    expect(sqlite.db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 1 });
    sqlite.close();
  });
});
