/** What a backup's name says about it: when it was taken, in market and in wall time, and its schema. */
export interface BackupIdentity {
  /** Market time of the state it holds (epoch ms). */
  readonly marketMs: number;
  /** Wall time it was taken (epoch ms). */
  readonly wallMs: number;
  /** The highest schema migration applied in it. */
  readonly schemaVersion: number;
}

const NAME = /^cloud-trader_m(\d{8}T\d{9}Z)_w(\d{8}T\d{9}Z)_v(\d+)\.sqlite$/;

/** 2021-05-12T10:15:00.000Z → 20210512T101500000Z */
function compact(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:.]/g, '');
}

function parseCompact(text: string): number {
  const [date, time] = [text.slice(0, 8), text.slice(9, -1)];
  return Date.parse(
    `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}.${time.slice(6)}Z`,
  );
}

/**
 * `cloud-trader_m20210512T101500000Z_w20261203T082046123Z_v40.sqlite`: market time, then wall time (both
 * to the millisecond, so two backups of one market moment stay apart), then the schema version.
 */
export function backupName(identity: BackupIdentity): string {
  return `cloud-trader_m${compact(identity.marketMs)}_w${compact(identity.wallMs)}_v${identity.schemaVersion}.sqlite`;
}

/** The identity a backup's file or object name carries, or undefined for any other name. */
export function parseBackupName(name: string): BackupIdentity | undefined {
  const match = NAME.exec(name.slice(name.lastIndexOf('/') + 1));
  if (!match) return undefined;
  return {
    marketMs: parseCompact(match[1]),
    wallMs: parseCompact(match[2]),
    schemaVersion: Number(match[3]),
  };
}

/** Names of backups, newest (by wall time) first; other names are left out. */
export function newestFirst(names: readonly string[]): string[] {
  return names
    .map((name) => ({ name, identity: parseBackupName(name) }))
    .filter((entry) => entry.identity !== undefined)
    .sort((a, b) => (b.identity?.wallMs ?? 0) - (a.identity?.wallMs ?? 0))
    .map((entry) => entry.name);
}
