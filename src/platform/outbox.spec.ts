import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from './clock.js';
import { Outbox } from './outbox.js';
import { SqliteConnection } from './sqlite-connection.js';

describe('Outbox on SQLite', () => {
  const setup = () => {
    const sqlite = new SqliteConnection(mkdtempSync(join(tmpdir(), 'ct-outbox-')));
    const clock = new ManualClock(1_000);
    return { sqlite, clock, outbox: new Outbox(sqlite, clock) };
  };

  it('keeps appended rows in memory until a flush commits them together', () => {
    const { outbox, sqlite } = setup();
    outbox.append('signals', { messageId: 'a' });
    outbox.append('theses', { messageId: 'b' });
    expect(outbox.backlog()).toBe(0);
    expect(outbox.flush()).toBe(2);
    expect(outbox.pending(10).map((r) => [r.stream, r.payload])).toEqual([
      ['signals', { messageId: 'a' }],
      ['theses', { messageId: 'b' }],
    ]);
    sqlite.close();
  });

  it('hands out pending rows oldest first, and never again once shipped', () => {
    const { outbox, sqlite } = setup();
    for (let i = 0; i < 5; i++) outbox.append('fills', { i });
    outbox.flush();
    const first = outbox.pending(3);
    expect(first.map((r) => r.payload.i)).toEqual([0, 1, 2]);
    outbox.markShipped(first.map((r) => r.id));
    expect(outbox.pending(10).map((r) => r.payload.i)).toEqual([3, 4]);
    expect(outbox.backlog()).toBe(2);
    sqlite.close();
  });

  it('prunes shipped rows older than the retention, and never unshipped ones', () => {
    const { outbox, clock, sqlite } = setup();
    outbox.append('fills', { i: 1 });
    outbox.append('fills', { i: 2 });
    outbox.flush();
    outbox.markShipped([outbox.pending(1)[0].id]);
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
