import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

describe('backup configuration', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ct-backup-config-'));

  it('defaults to hourly backups under DATA_DIR, 48 kept, no bucket', () => {
    const config = loadConfig({ DATA_DIR: 'state' }, cwd);
    expect(config.backup).toEqual({
      dir: join(cwd, 'state', 'backups'),
      intervalMs: 3_600_000,
      keep: 48,
      gcsApiEndpoint: undefined,
    });
  });

  it('reads durations, a directory, a bucket and an endpoint', () => {
    const config = loadConfig(
      {
        BACKUP_DIR: '/var/backups/ct',
        BACKUP_INTERVAL: '30m',
        BACKUP_KEEP: '5',
        BACKUP_GCS_BUCKET: 'ct-backups',
        BACKUP_GCS_ENDPOINT: 'http://127.0.0.1:4443/',
      },
      cwd,
    );
    expect(config.backup).toEqual({
      dir: '/var/backups/ct',
      intervalMs: 1_800_000,
      keep: 5,
      gcs: { bucket: 'ct-backups', prefix: 'backups/', apiEndpoint: 'http://127.0.0.1:4443' },
      gcsApiEndpoint: 'http://127.0.0.1:4443',
    });
    expect(loadConfig({ BACKUP_INTERVAL: '0' }, cwd).backup.intervalMs).toBe(0);
    expect(loadConfig({ BACKUP_INTERVAL: '90s' }, cwd).backup.intervalMs).toBe(90_000);
  });

  it('refuses bad values with one line each, naming the variable', () => {
    let error: unknown;
    try {
      loadConfig(
        {
          BACKUP_INTERVAL: 'hourly',
          BACKUP_KEEP: '0',
          BACKUP_GCS_BUCKET: 'Not_A_Bucket',
          BACKUP_GCS_PREFIX: 'no-slash',
        },
        cwd,
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message.split('\n').sort()).toEqual(
      [
        'Invalid configuration:',
        '  - BACKUP_INTERVAL="hourly": BACKUP_INTERVAL must be a duration such as 30m or 1h (0 = on demand only)',
        '  - BACKUP_KEEP=0: BACKUP_KEEP must not be less than 1',
        '  - BACKUP_GCS_BUCKET="Not_A_Bucket": BACKUP_GCS_BUCKET must be a bucket name (lower case, digits, dots, dashes)',
        '  - BACKUP_GCS_PREFIX="no-slash": BACKUP_GCS_PREFIX must be empty or end with /',
      ].sort(),
    );
  });
});
