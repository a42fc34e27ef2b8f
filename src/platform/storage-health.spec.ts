import { Logger } from '@nestjs/common';
import { StorageHealth } from './storage-health.js';

const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

describe('StorageHealth', () => {
  let lines: string[];
  beforeEach(() => {
    lines = [];
    const record = (message: unknown) => void lines.push(String(message));
    Logger.overrideLogger({
      log: record,
      error: record,
      warn: record,
      debug: record,
      verbose: record,
    });
  });
  afterEach(() => {
    Logger.overrideLogger(false);
  });

  it('turns unwritable at the first failed write, logs it once, and rethrows', () => {
    const storage = new StorageHealth();
    expect(() =>
      storage.write('fill', () => {
        throw full;
      }),
    ).toThrow(full);
    expect(() =>
      storage.write('outbox commit', () => {
        throw full;
      }),
    ).toThrow(full);
    expect(storage.writable).toBe(false);
    expect(storage.fault).toBe('SQLITE_FULL: database or disk is full');
    expect(storage.failureCount).toBe(2);
    expect(lines).toEqual([
      'SQLite writes fail (SQLITE_FULL: database or disk is full, in fill): not ready and trading paused until a write succeeds',
    ]);
  });

  it('recovers at the first write that succeeds, and says so', () => {
    const storage = new StorageHealth();
    storage.failed('order', full);
    expect(storage.write('outbox commit', () => 3)).toBe(3);
    expect(storage.writable).toBe(true);
    expect(storage.fault).toBeUndefined();
    expect(lines[1]).toContain('SQLite writes succeed again');
  });
});
