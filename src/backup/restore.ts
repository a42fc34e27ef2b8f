import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../platform/database.js';
import { DataDirLock, DataDirLockedError } from '../platform/data-dir-lock.js';
import { MIGRATIONS, PREVIOUS_VERSIONS } from '../platform/migrations.js';
import { parseBackupName } from './backup-name.js';
import { downloadGcsObject } from './gcs.backup-store.js';
import { inspectBackup } from './sqlite-backup.js';

export interface RestoreRequest {
  /** A backup file, or `gs://bucket/object`. */
  readonly from: string;
  readonly dataDir: string;
  readonly gcsApiEndpoint?: string;
  /** Wall time (epoch ms), for the names of the files set aside. */
  readonly wallMs: number;
}

export interface RestoreReport {
  readonly database: string;
  /** Where the database that was replaced now lies; undefined when there was none. */
  readonly replacedBy?: string;
  /** Market time of the backup, when its name carries one. */
  readonly marketMs?: number;
  readonly schemaVersion: number;
  readonly fills: number;
  readonly equityUsd: number;
}

/** A restore that must not go ahead; the message says why in one line. */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

// A backup written before the steps were numbered in order is renumbered when it opens.
const KNOWN_VERSIONS = new Set([...MIGRATIONS.map((m) => m.version), ...PREVIOUS_VERSIONS.keys()]);
const NEWEST_KNOWN = Math.max(...MIGRATIONS.map((m) => m.version));
/** The database and the files SQLite keeps beside it. */
const COMPANIONS = ['', '-wal', '-shm', '-journal'];

function stamp(wallMs: number): string {
  return new Date(wallMs).toISOString().replace(/[-:.]/g, '');
}

async function fetchBackup(request: RestoreRequest, staging: string): Promise<void> {
  if (request.from.startsWith('gs://')) {
    try {
      await downloadGcsObject(request.from, staging, request.gcsApiEndpoint);
    } catch (error) {
      throw new RestoreRefusedError(`could not download ${request.from}: ${String(error)}`);
    }
    return;
  }
  const found = await stat(request.from).catch(() => undefined);
  if (!found?.isFile()) throw new RestoreRefusedError(`${request.from} is not a file`);
  await copyFile(request.from, staging);
}

/** Refuses anything but a sound Cloud Trader database this build can run. */
async function verify(from: string, staging: string) {
  const inspection = await inspectBackup(staging).catch((error: unknown) => {
    throw new RestoreRefusedError(
      `${from} is corrupt: SQLite cannot read it (${error instanceof Error ? error.message : String(error)})`,
    );
  });
  if (inspection.integrity.join() !== 'ok')
    throw new RestoreRefusedError(
      `${from} is corrupt: the integrity check found ${inspection.integrity.length} problem(s), first: ${inspection.integrity[0]}`,
    );
  if (inspection.schemaVersions.length === 0)
    throw new RestoreRefusedError(`${from} is not a Cloud Trader database (no schema_migrations)`);
  const unknown = inspection.schemaVersions.filter((v) => !KNOWN_VERSIONS.has(v));
  if (unknown.length > 0)
    throw new RestoreRefusedError(
      `${from} has a newer schema than this build (migration ${unknown.join(', ')} unknown; this build knows up to ${NEWEST_KNOWN}): restore it with the build that wrote it`,
    );
  return inspection;
}

/** Moves the current database (and its log) aside, so a restore never destroys anything. */
async function setAside(dataDir: string, wallMs: number): Promise<string | undefined> {
  const database = join(dataDir, DATABASE_FILE);
  if (!existsSync(database)) return undefined;
  const aside = join(dataDir, 'replaced', `cloud-trader.${stamp(wallMs)}.sqlite`);
  await mkdir(join(dataDir, 'replaced'), { recursive: true });
  for (const suffix of COMPANIONS)
    if (existsSync(database + suffix)) await rename(database + suffix, aside + suffix);
  return aside;
}

/**
 * Puts a backup in place as the data directory's database: only while no service holds the directory
 * (its lock is held throughout, so none can start meanwhile), only a file that passes the integrity
 * check and carries no migration this build does not know, and keeping the replaced database aside.
 */
export async function restore(request: RestoreRequest): Promise<RestoreReport> {
  let lock: DataDirLock;
  try {
    lock = DataDirLock.acquire(request.dataDir);
  } catch (error) {
    if (error instanceof DataDirLockedError)
      throw new RestoreRefusedError(
        `a Cloud Trader service (pid ${error.ownerPid}) is running on ${request.dataDir}; stop it before restoring`,
      );
    throw error;
  }
  const staging = join(request.dataDir, `.restore-${stamp(request.wallMs)}.sqlite`);
  try {
    await fetchBackup(request, staging);
    const inspection = await verify(request.from, staging);
    const replacedBy = await setAside(request.dataDir, request.wallMs);
    const database = join(request.dataDir, DATABASE_FILE);
    await rename(staging, database);
    return {
      database,
      replacedBy,
      marketMs: parseBackupName(request.from)?.marketMs,
      schemaVersion: Math.max(...inspection.schemaVersions),
      fills: inspection.fills,
      equityUsd: inspection.equityUsd,
    };
  } finally {
    await rm(staging, { force: true });
    lock.release();
  }
}

/** The one line the command prints after a restore. */
export function describeRestore(from: string, report: RestoreReport): string {
  const market =
    report.marketMs === undefined ? 'unknown' : new Date(report.marketMs).toISOString();
  const replaced = report.replacedBy
    ? `the replaced database is kept at ${report.replacedBy}`
    : 'there was no database to replace';
  return (
    `restored ${from} into ${report.database}: market time ${market}, ${report.fills} fills, ` +
    `equity ${report.equityUsd.toFixed(2)} USD (positions at their last fill price), schema v${report.schemaVersion}; ${replaced}`
  );
}
