import { backupName, newestFirst, parseBackupName } from './backup-name.js';

describe('backup names', () => {
  const identity = {
    marketMs: Date.parse('2021-05-12T10:15:00Z'),
    wallMs: Date.parse('2026-12-03T08:20:46.123Z'),
    schemaVersion: 40,
  };

  it('carry market time, wall time and schema version, and read back', () => {
    const name = backupName(identity);
    expect(name).toBe('cloud-trader_m20210512T101500000Z_w20261203T082046123Z_v40.sqlite');
    expect(parseBackupName(name)).toEqual(identity);
    expect(parseBackupName(`backups/${name}`)).toEqual(identity);
  });

  it('ignore other names', () => {
    expect(parseBackupName('cloud-trader.sqlite')).toBeUndefined();
    expect(parseBackupName('notes.txt')).toBeUndefined();
  });

  it('order backups newest first by wall time', () => {
    const older = backupName({ ...identity, wallMs: identity.wallMs - 1 });
    const newer = backupName({ ...identity, marketMs: identity.marketMs - 60_000 });
    expect(newestFirst([older, 'x.sqlite', newer])).toEqual([newer, older]);
  });
});
