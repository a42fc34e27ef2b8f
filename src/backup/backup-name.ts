/** What a backup's name says about it: when it was taken, in market and in wall time, and its schema. */
export interface BackupIdentity {
  /** Market time of the state it holds (epoch ms). */
  readonly marketMs: number;
  /** Wall time it was taken (epoch ms). */
  readonly wallMs: number;
  /** The highest schema migration applied in it. */
  readonly schemaVersion: number;
}

const NAME = /^cloud-trader_m(\d{8}T\d{6}Z)_w(\d{8}T\d{9}Z)_v(\d+)\.sqlite$/;

function compact(epochMs: number, withMillis: boolean): string {
  const iso = new Date(epochMs).toISOString(); // 2021-05-12T10:15:00.000Z
  const digits = iso.replace(/[-:]/g, '').replace('.', '');
  return withMillis ? digits : `${digits.slice(0, 15)}Z`;
}

function parseCompact(text: string): number {
  const [date, time] = [text.slice(0, 8), text.slice(9, -1)];
  const ms = time.length > 6 ? `.${time.slice(6)}` : '';
  return Date.parse(
    `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}${ms}Z`,
  );
}

/**
 * `cloud-trader_m20210512T101500Z_w20261203T082046123Z_v40.sqlite`: sorts by market time, and the wall
 * time (to the millisecond) keeps two backups of one market moment apart.
 */
export function backupName(identity: BackupIdentity): string {
  return `cloud-trader_m${compact(identity.marketMs, false)}_w${compact(identity.wallMs, true)}_v${identity.schemaVersion}.sqlite`;
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
