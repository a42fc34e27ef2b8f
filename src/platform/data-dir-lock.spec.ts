import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLock, DataDirLockedError } from './data-dir-lock.js';

const dataDir = () => join(mkdtempSync(join(tmpdir(), 'ct-lock-')), 'data');

describe('DataDirLock', () => {
  it('takes the lock, refuses a second holder while a live process owns it, and releases it', () => {
    const dir = dataDir();
    const lock = DataDirLock.acquire(dir);
    // Pretend a live process (this test runner's parent) owns it.
    writeFileSync(lock.path, String(process.ppid));
    expect(() => DataDirLock.acquire(dir)).toThrow(DataDirLockedError);
    expect(() => DataDirLock.acquire(dir)).toThrow(
      new RegExp(`pid ${process.ppid}.*DATA_DIR ${dir}`),
    );
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    DataDirLock.acquire(dir).release();
  });

  it('takes over a lock left by a process that died', () => {
    const dir = dataDir();
    const stale = DataDirLock.acquire(dir);
    writeFileSync(stale.path, '2147483646');
    const lock = DataDirLock.acquire(dir);
    expect(existsSync(lock.path)).toBe(true);
    lock.release();
  });
});
