import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { SystemWallClock } from '../platform/clock.js';
import { describeRestore, restore, RestoreRefusedError } from './restore.js';

const USAGE = 'usage: npm run restore -- --from <file|gs://bucket/object> [--data-dir DIR]';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** `npm run restore -- --from <file|gs://…> [--data-dir DIR]`: see `restore` for what it checks. */
async function main(): Promise<void> {
  let values: { from?: string; 'data-dir'?: string };
  try {
    ({ values } = parseArgs({
      options: { from: { type: 'string' }, 'data-dir': { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, 2);
  }
  if (!values.from) fail(USAGE, 2);
  let config;
  try {
    config = loadConfig(
      values['data-dir'] ? { ...process.env, DATA_DIR: values['data-dir'] } : undefined,
    );
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 1);
    throw error;
  }
  const report = await restore({
    from: values.from,
    dataDir: config.dataDir,
    gcsApiEndpoint: config.backup.gcsApiEndpoint,
    wallMs: new SystemWallClock().now(),
  });
  process.stdout.write(`${describeRestore(values.from, report)}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof RestoreRefusedError) fail(`restore refused: ${error.message}`, 1);
  fail(`restore failed: ${error instanceof Error ? error.message : String(error)}`, 1);
});
