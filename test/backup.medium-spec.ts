import { Logger } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { BackupErrorCode } from '../src/backup/backup.error.js';
import { createBackupService } from '../src/backup/backup.module.js';
import type { BackupService } from '../src/backup/backup.service.js';
import { backupName } from '../src/backup/backup-name.js';
import { restore } from '../src/backup/restore.js';
import { ManualClock, ManualWallClock, SystemMonotonic } from '../src/platform/clock.js';
import { MarketScheduler } from '../src/platform/scheduler.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { GcsTestServer } from './support/gcs-test-server.js';
import { pollUntil } from './support/poll.js';
import { temporaryDir, testConfig } from './support/test-config.js';
import { MIGRATIONS } from '../src/platform/migrations.js';

/** The schema version this build writes: its newest migration. */
const SCHEMA = Math.max(...MIGRATIONS.map((m) => m.version));

const HOUR = 3_600_000;
const MARKET_START = Date.parse('2021-05-12T00:00:00Z');
const WALL_START = Date.parse('2026-12-03T08:00:00Z');
const BUCKET = 'ct-backups';

function thresholdIn(file: string, agentId: string): number | undefined {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db
      .prepare<[string], { threshold: number }>(
        'SELECT threshold FROM participation_thresholds WHERE agent_id = ?',
      )
      .get(agentId)?.threshold;
  } finally {
    db.close();
  }
}

/**
 * The backup service on the real SQLite file, market time under the test's control, and Cloud Storage
 * played by a local JSON API server: the schedule follows market time, each backup is named by its
 * moment, uploaded with exactly the expected requests, pruned to BACKUP_KEEP everywhere, and restorable
 * from `gs://`.
 */
describe('backups on market time, to a directory and Cloud Storage', () => {
  let gcs: GcsTestServer;
  let sqlite: SqliteConnection;
  let service: BackupService;
  let backupDir: string;
  const clock = new ManualClock(MARKET_START);
  const wall = new ManualWallClock(WALL_START);
  const scheduler = new MarketScheduler(clock);

  beforeAll(async () => {
    Logger.overrideLogger(false);
    gcs = await GcsTestServer.start(BUCKET);
    const config = testConfig({
      BACKUP_INTERVAL: '1h',
      BACKUP_KEEP: '2',
      BACKUP_GCS_BUCKET: BUCKET,
      BACKUP_GCS_ENDPOINT: gcs.url,
    });
    backupDir = config.backup.dir;
    expect(backupDir).toBe(join(config.dataDir, 'backups'));
    sqlite = new SqliteConnection(config.dataDir);
    service = createBackupService(config, sqlite, clock, wall, new SystemMonotonic(), scheduler);
    service.onModuleInit();
  });

  afterAll(async () => {
    await service.onModuleDestroy();
    sqlite.close();
    await gcs.close();
  });

  const setThreshold = (value: number) =>
    sqlite.db
      .prepare(
        `INSERT INTO participation_thresholds (agent_id, threshold, updated_at) VALUES ('qwen', ?, 0)
         ON CONFLICT (agent_id) DO UPDATE SET threshold = excluded.threshold`,
      )
      .run(value);

  /** Moves market (and wall) time on and waits for the scheduled backup it triggers, if any. */
  const advance = async (ms: number) => {
    const before = service.totals.durationCount + service.totals.failures;
    clock.advance(ms);
    wall.current += 1_000;
    scheduler.runDue();
    if (clock.now() - MARKET_START < HOUR) return;
    await pollUntil(
      () =>
        Promise.resolve(
          service.totals.durationCount + service.totals.failures > before ? true : undefined,
        ),
      20_000,
      10,
    );
  };

  it('backs up once an hour of market time has passed, and uploads exactly one multipart object', async () => {
    setThreshold(0.31);
    await advance(HOUR - 60_000);
    expect(service.totals.durationCount).toBe(0);
    expect(gcs.requests).toEqual([]);

    await advance(60_000);
    expect(service.totals.failures).toBe(0);
    const name = backupName({
      marketMs: MARKET_START + HOUR,
      wallMs: WALL_START + 2_000,
      schemaVersion: SCHEMA,
    });
    const local = join(backupDir, name);
    expect(readdirSync(backupDir)).toEqual([name]);
    expect(service.totals.lastSuccessWallMs).toBe(WALL_START + 2_000);
    expect(thresholdIn(local, 'qwen')).toBe(0.31);

    const [upload, list, ...rest] = gcs.requests;
    expect(rest).toEqual([]);
    expect({ method: upload.method, path: upload.path, query: upload.query }).toEqual({
      method: 'POST',
      path: `/upload/storage/v1/b/${BUCKET}/o`,
      query: { uploadType: 'multipart', name: `backups/${name}` },
    });
    expect(upload.headers.authorization).toBeUndefined();
    expect(upload.headers['content-type']).toMatch(/^multipart\/related; boundary=/);
    expect(gcs.uploadMetadata).toEqual([{ contentType: 'application/vnd.sqlite3' }]);
    expect(gcs.objects.get(`backups/${name}`)?.bytes.equals(readFileSync(local))).toBe(true);
    expect(gcs.objects.get(`backups/${name}`)?.contentType).toBe('application/vnd.sqlite3');
    expect({ method: list.method, path: list.path, query: list.query }).toEqual({
      method: 'GET',
      path: `/storage/v1/b/${BUCKET}/o`,
      query: { prefix: 'backups/' },
    });
    expect(list.headers.authorization).toBeUndefined();
  });

  it('keeps the newest BACKUP_KEEP backups in the directory and in the bucket', async () => {
    gcs.requests.length = 0;
    setThreshold(0.32);
    await advance(HOUR);
    setThreshold(0.33);
    await advance(HOUR);
    expect(service.totals.failures).toBe(0);
    const names = [2, 3].map((hours) =>
      backupName({
        marketMs: MARKET_START + hours * HOUR,
        wallMs: WALL_START + (hours + 1) * 1_000,
        schemaVersion: SCHEMA,
      }),
    );
    const first = backupName({
      marketMs: MARKET_START + HOUR,
      wallMs: WALL_START + 2_000,
      schemaVersion: SCHEMA,
    });
    expect(readdirSync(backupDir).sort()).toEqual(names);
    expect([...gcs.objects.keys()].sort()).toEqual(names.map((n) => `backups/${n}`));
    const deletes = gcs.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.path)).toEqual([
      `/storage/v1/b/${BUCKET}/o/${encodeURIComponent(`backups/${first}`)}`,
    ]);
    expect(gcs.requests.map((r) => `${r.method} ${r.path.split('/o')[0]}`)).toEqual([
      `POST /upload/storage/v1/b/${BUCKET}`,
      `GET /storage/v1/b/${BUCKET}`,
      `POST /upload/storage/v1/b/${BUCKET}`,
      `GET /storage/v1/b/${BUCKET}`,
      `DELETE /storage/v1/b/${BUCKET}`,
    ]);
  });

  it('restores from gs:// with one alt=media download', async () => {
    gcs.requests.length = 0;
    const newest = backupName({
      marketMs: MARKET_START + 3 * HOUR,
      wallMs: WALL_START + 4_000,
      schemaVersion: SCHEMA,
    });
    const dataDir = join(temporaryDir('ct-restore-'), 'data');
    const report = await restore({
      from: `gs://${BUCKET}/backups/${newest}`,
      dataDir,
      gcsApiEndpoint: gcs.url,
      wallMs: WALL_START + 10_000,
    });
    expect(report).toMatchObject({ marketMs: MARKET_START + 3 * HOUR, schemaVersion: SCHEMA });
    expect(thresholdIn(report.database, 'qwen')).toBe(0.33);
    expect(gcs.requests.map((r) => ({ method: r.method, path: r.path, query: r.query }))).toEqual([
      {
        method: 'GET',
        path: `/storage/v1/b/${BUCKET}/o/${encodeURIComponent(`backups/${newest}`)}`,
        query: { alt: 'media' },
      },
    ]);
    expect(gcs.requests[0].headers.authorization).toBeUndefined();
  });

  it('counts a failed upload and keeps the service going', async () => {
    await gcs.close();
    await advance(HOUR);
    expect(service.totals.failures).toBe(1);
    expect(service.totals.durationCount).toBe(3);
  });
});

/**
 * The backup holds the state of the turn in which `atCapture` ran: a writer commits a row every turn
 * of the event loop, before, during and after a copy of some 40 MB, and the copy holds exactly the
 * rows counted in memory at capture — not those of the start, not those after.
 */
/** A backup service on its own scheduler, wall clock fixed, started as the module starts it. */
function startedBackupService(
  config: ReturnType<typeof testConfig>,
  sqlite: SqliteConnection,
  clock: ManualClock,
): BackupService {
  const service = createBackupService(
    config,
    sqlite,
    clock,
    new ManualWallClock(WALL_START),
    new SystemMonotonic(),
    new MarketScheduler(clock),
  );
  service.onModuleInit();
  return service;
}

describe('the moment a backup captures', () => {
  it('is the turn in which it was read, to the commit', async () => {
    Logger.overrideLogger(false);
    const config = testConfig({ BACKUP_INTERVAL: '0' });
    const sqlite = new SqliteConnection(config.dataDir);
    const db = sqlite.db;
    db.exec('CREATE TABLE ballast (id INTEGER PRIMARY KEY, blob BLOB NOT NULL)');
    db.exec('CREATE TABLE ticks (id INTEGER PRIMARY KEY)');
    const insertBallast = db.prepare('INSERT INTO ballast (blob) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 10_000; i++) insertBallast.run(Buffer.alloc(4_000, i % 251));
    })();
    const clock = new ManualClock(MARKET_START);
    const service = startedBackupService(config, sqlite, clock);

    let committed = 0;
    let writing = true;
    const tick = db.prepare('INSERT INTO ticks DEFAULT VALUES');
    const writeEveryTurn = () => {
      if (!writing) return;
      tick.run();
      committed++;
      setImmediate(writeEveryTurn);
    };
    setImmediate(writeEveryTurn);
    await new Promise((resolve) => setTimeout(resolve, 20));

    const atStart = committed;
    const { record, captured } = await service.backUp(() => committed);
    const atEnd = committed;
    await new Promise((resolve) => setTimeout(resolve, 20));
    writing = false;
    await service.onModuleDestroy();
    sqlite.close();

    const copy = new BetterSqlite3(record.locations[0], { readonly: true });
    const rows = copy.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM ticks').get()?.n;
    copy.close();
    expect(captured).toBeGreaterThan(atStart); // writes went on while the backup started
    expect(rows).toBe(captured);
    expect(committed).toBeGreaterThan(captured);
    expect(atEnd).toBeGreaterThanOrEqual(captured);
    expect(record.bytes).toBeGreaterThan(40_000_000);
  }, 60_000);

  it('costs the event loop no wait when nothing is committed while the worker pins', async () => {
    Logger.overrideLogger(false);
    const config = testConfig({ BACKUP_INTERVAL: '0' });
    const sqlite = new SqliteConnection(config.dataDir);
    sqlite.db.exec('CREATE TABLE ticks (id INTEGER PRIMARY KEY)');
    const service = startedBackupService(config, sqlite, new ManualClock(MARKET_START));
    let committed = 0;
    const tick = sqlite.db.prepare('INSERT INTO ticks DEFAULT VALUES');
    // The service's pace: a group commit every 100 ms leaves the worker time to pin in between.
    const writer = setInterval(() => {
      tick.run();
      committed++;
    }, 100);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const { record, captured } = await service.backUp(() => committed);
    clearInterval(writer);
    await service.onModuleDestroy();
    sqlite.close();

    const copy = new BetterSqlite3(record.locations[0], { readonly: true });
    const rows = copy.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM ticks').get()?.n;
    copy.close();
    expect(captured).toBeGreaterThan(0);
    expect(rows).toBe(captured);
    expect(record.pinWaitMs).toBe(0);
  });

  it('runs one backup at a time: a second request meanwhile is a conflict', async () => {
    Logger.overrideLogger(false);
    const config = testConfig({ BACKUP_INTERVAL: '0' });
    const sqlite = new SqliteConnection(config.dataDir);
    const clock = new ManualClock(MARKET_START);
    const service = startedBackupService(config, sqlite, clock);
    const first = service.backUp(() => 'first');
    await expect(service.backUp(() => 'second')).rejects.toMatchObject({
      code: BackupErrorCode.InProgress,
      kind: 'conflict',
    });
    expect((await first).captured).toBe('first');
    expect((await service.backUp(() => 'third')).captured).toBe('third');
    expect(service.totals.durationCount).toBe(2);
    await service.onModuleDestroy();
    sqlite.close();
  });
});
