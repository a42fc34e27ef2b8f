import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.js';
import { formatReport } from './replay-report.js';
import { runReplay } from './replay-runner.js';

/** Bars in the bundled month after the replay's warm-up. */
const MONTH_BARS = 8_928 - 96;

/**
 * `npm run replay [-- --bars N --mcp off --json]`: the bundled month at full speed on a manual clock,
 * with all six agents, into a fresh data directory; prints the coordinator's report.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      bars: { type: 'string', default: String(MONTH_BARS) },
      mcp: { type: 'string', default: 'on' },
      json: { type: 'boolean', default: false },
    },
  });
  const bars = Number(values.bars);
  if (!Number.isInteger(bars) || bars < 1 || bars > MONTH_BARS) {
    throw new Error(`--bars must be an integer from 1 to ${MONTH_BARS}`);
  }
  if (values.mcp !== 'on' && values.mcp !== 'off') throw new Error('--mcp must be on or off');
  const config = loadConfig({
    ...process.env,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'cloud-trader-replay-')),
    MARKET_DATA: 'replay',
    MCP_ENABLED: values.mcp === 'on' ? 'true' : 'false',
    LOG_LEVEL: 'ERROR',
  });
  const progress = process.stderr.isTTY
    ? (done: number, total: number) => {
        if (done % 50 !== 0 && done !== total) return;
        const width = 30;
        const filled = Math.round((done / total) * width);
        process.stderr.write(
          `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} bars`,
        );
        if (done === total) process.stderr.write('\n');
      }
    : undefined;
  const report = await runReplay({ config, bars, onProgress: progress });
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `replay failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
