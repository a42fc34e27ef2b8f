import { LocalRetention } from '../src/export/local-retention.service.js';
import { LocalSink } from '../src/export/local.sink.js';
import { schemaOf } from '../src/export/table-schemas.js';
import { type ManualClock } from '../src/platform/clock.js';
import { Outbox } from '../src/platform/outbox.js';
import { MarketTimeline } from '../src/platform/market-timeline.js';
import { type MarketScheduler } from '../src/platform/scheduler.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { temporaryDir, testConfig } from './support/test-config.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const START = Date.UTC(2021, 4, 1);

/**
 * Retention on a real SQLite file, in market time: the manual clock and scheduler stand for the
 * market, so four days pass in a moment and the sweep runs when market time says so.
 */
describe('local retention (LOCAL_RETENTION_DAYS)', () => {
  let sqlite: SqliteConnection;
  let clock: ManualClock;
  let scheduler: MarketScheduler;
  let timeline: MarketTimeline;
  let outbox: Outbox;
  let sink: LocalSink;
  let retention: LocalRetention;

  beforeEach(async () => {
    sqlite = new SqliteConnection(temporaryDir('ct-retention-'));
    timeline = new MarketTimeline(START);
    clock = timeline.clock;
    scheduler = timeline.scheduler;
    outbox = new Outbox(sqlite, clock);
    sink = new LocalSink(sqlite);
    await sink.prepare([schemaOf('signals')!]);
    retention = new LocalRetention(
      testConfig({ LOCAL_RETENTION_DAYS: '1' }),
      clock,
      scheduler,
      outbox,
      sqlite,
    );
    retention.onModuleInit();
  });

  afterEach(() => {
    retention.onModuleDestroy();
    sqlite.close();
  });

  const count = (sql: string) => (sqlite.db.prepare(sql).get() as { n: number }).n;
  let nextId = 0;

  /** An hour of market time: signals committed, shipped to the local tables, and the scheduler run. */
  async function marketHour(rows: number): Promise<void> {
    for (let i = 0; i < rows; i++)
      outbox.append('signals', {
        messageId: `m-${nextId++}`,
        agentId: 'qwen',
        outcome: 'published',
        text: 'x'.repeat(400),
        ts: clock.now(),
      });
    outbox.flush();
    const pending = outbox.pending(rows);
    await sink.write(
      schemaOf('signals')!,
      pending.map((r) => {
        const p = JSON.parse(r.payloadJson) as { messageId: string; ts: number };
        return {
          insertId: String(r.id),
          row: {
            message_id: p.messageId,
            agent_id: 'qwen',
            outcome: 'published',
            text: 'x'.repeat(400),
            ts: new Date(p.ts).toISOString(),
          },
        };
      }),
    );
    outbox.markShipped(pending.map((r) => r.id));
    timeline.advance(clock.now() + HOUR_MS);
  }

  it('sweeps ten times per retention period, and at least once a market day', () => {
    expect(retention.sweepIntervalMs).toBe(DAY_MS / 10);
    const short = new LocalRetention(
      testConfig({ LOCAL_RETENTION_DAYS: '0.01' }),
      clock,
      scheduler,
      outbox,
      sqlite,
    );
    expect(short.sweepIntervalMs).toBe((0.01 * DAY_MS) / 10);
  });

  it('deletes analytics and shipped outbox rows older than the retention, never unshipped ones', async () => {
    for (let h = 0; h < 36; h++) await marketHour(50);
    outbox.append('signals', {
      messageId: 'waiting',
      agentId: 'qwen',
      outcome: 'accepted',
      ts: clock.now(),
    });
    outbox.flush();
    sqlite.db.prepare("UPDATE outbox SET created_at = ? WHERE payload LIKE '%waiting%'").run(START);

    timeline.advance(clock.now() + DAY_MS);
    // 36 market hours were written; a day later, only what is younger than a day is kept.
    const oldest = sqlite.db.prepare('SELECT MIN(ts) AS ts FROM analytics_signals').get() as {
      ts: string | null;
    };
    expect(oldest.ts === null || Date.parse(oldest.ts) >= clock.now() - DAY_MS).toBe(true);
    expect(count('SELECT COUNT(*) AS n FROM outbox WHERE shipped_at IS NULL')).toBe(1);
    expect(
      count('SELECT COUNT(*) AS n FROM outbox WHERE shipped_at < ' + String(clock.now() - DAY_MS)),
    ).toBe(0);
  });

  it('keeps the file bounded over a long run: freed pages go back to the volume', async () => {
    const pages = () => sqlite.db.pragma('page_count', { simple: true }) as number;
    for (let h = 0; h < 48; h++) await marketHour(100);
    const afterTwoDays = pages();
    for (let h = 0; h < 96; h++) await marketHour(100);
    // Two more days at the same rate: without retention the file would have tripled.
    expect(pages()).toBeLessThan(afterTwoDays * 1.3);
    expect(count('SELECT COUNT(*) AS n FROM analytics_signals')).toBeLessThanOrEqual(100 * 27);
    expect(sqlite.db.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(sqlite.db.pragma('freelist_count', { simple: true })).toBeLessThan(afterTwoDays / 4);
  });
});
