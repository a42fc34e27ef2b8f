import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataDirLock, DataDirLockedError } from './data-dir-lock.js';

const dataDir = () => join(mkdtempSync(join(tmpdir(), 'ct-lock-')), 'data');
const BUILT = resolve(
  import.meta.dirname,
  '..',
  '..',
  'dist',
  'src',
  'platform',
  'data-dir-lock.js',
);

/** Another process that takes the lock (the built module) and holds it until killed. */
async function holder(dir: string) {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` first`);
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { DataDirLock } from ${JSON.stringify(BUILT)};
       DataDirLock.acquire(${JSON.stringify(dir)});
       process.stdout.write('held\\n');
       setInterval(() => {}, 1_000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((done) => child.once('exit', done));
  await new Promise<void>((done, fail) => {
    child.stdout.once('data', () => done());
    child.once('exit', (code) => fail(new Error(`lock holder exited with ${String(code)}`)));
  });
  return { pid: child.pid, kill: () => child.kill('SIGKILL'), exited };
}

describe('DataDirLock', () => {
  it('takes the lock, refuses a second holder while it is held, and releases it', () => {
    const dir = dataDir();
    const lock = DataDirLock.acquire(dir);
    expect(() => DataDirLock.acquire(dir)).toThrow(DataDirLockedError);
    expect(() => DataDirLock.acquire(dir)).toThrow(
      new RegExp(`pid ${process.pid}\\).*DATA_DIR ${dir}`),
    );
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    DataDirLock.acquire(dir).release();
  });

  it('refuses while another process holds it, and is free once the kernel drops a killed holder', async () => {
    const dir = dataDir();
    const other = await holder(dir);
    expect(() => DataDirLock.acquire(dir)).toThrow(`pid ${other.pid})`);
    other.kill();
    await other.exited;
    const lock = DataDirLock.acquire(dir);
    expect(existsSync(lock.path)).toBe(true);
    lock.release();
  }, 20_000);

  it('reads the pid file of the previous version: refuses a live owner, replaces a dead one', () => {
    const dir = dataDir();
    DataDirLock.acquire(dir).release();
    writeFileSync(join(dir, 'cloud-trader.lock'), String(process.ppid));
    expect(() => DataDirLock.acquire(dir)).toThrow(`pid ${process.ppid})`);
    writeFileSync(join(dir, 'cloud-trader.lock'), '2147483646');
    const lock = DataDirLock.acquire(dir);
    expect(() => DataDirLock.acquire(dir)).toThrow(DataDirLockedError);
    lock.release();
  });
});
