import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.js';
import { formatReport } from './replay-report.js';
import { runReplay } from './replay-runner.js';

const USAGE = `npm run replay -- [--bars N] [--mcp on|off] [--json]

Replays the bundled month (or MARKET_DATA_DIR) through the whole service as fast as the CPU allows,
into a fresh data directory, and prints the report (--json: one JSON object as the last line).`;

/** `npm run replay [-- --bars N --mcp off --json]`: the bundled month at full speed in market time. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      bars: { type: 'string' },
      mcp: { type: 'string', default: 'on' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const bars = values.bars === undefined ? Infinity : Number(values.bars);
  if (values.bars !== undefined && (!Number.isInteger(bars) || bars < 1))
    throw new Error('--bars must be a positive integer');
  if (values.mcp !== 'on' && values.mcp !== 'off') throw new Error('--mcp must be on or off');
  const config = loadConfig({
    ...process.env,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'cloud-trader-replay-')),
    MARKET_DATA: 'replay',
    MCP_ENABLED: values.mcp === 'on' ? 'true' : 'false',
    LOG_LEVEL: 'ERROR',
  });
  const progress = process.stderr.isTTY
    ? (done: number) => {
        if (done % 100 === 0) process.stderr.write(`\r${done} bars`);
      }
    : undefined;
  const report = await runReplay({ config, bars, onProgress: progress });
  if (progress) process.stderr.write('\n');
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `replay failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
