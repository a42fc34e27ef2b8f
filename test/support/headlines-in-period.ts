import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEADLINES_FILE } from '../../src/agents/agent-runtime.service.js';
import { MARKET_DATA_DIR, temporaryDir } from './test-config.js';

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

/**
 * The bundled candles with the bundled headlines moved, all by the same span, so the first is published
 * at `firstAt`. The real headlines are from May 2022 and the candles from May 2021; the sentiment agent
 * reads a headline only from its own time, so a test of its model path needs news inside the period.
 */
export function bundledMarketWithHeadlinesFrom(firstAt: string): string {
  const dir = temporaryDir('ct-market-');
  for (const file of readdirSync(MARKET_DATA_DIR))
    if (file.endsWith('.csv') && file !== HEADLINES_FILE)
      symlinkSync(join(MARKET_DATA_DIR, file), join(dir, file));
  const lines = readFileSync(join(MARKET_DATA_DIR, HEADLINES_FILE), 'utf8').split('\n');
  const first = lines.find((line) => TIMESTAMP.test(line));
  if (!first) throw new Error(`${HEADLINES_FILE} has no dated headline`);
  const shift = Date.parse(firstAt) - Date.parse(`${first.slice(0, 16)}Z`);
  const moved = lines.map((line) =>
    TIMESTAMP.test(line)
      ? new Date(Date.parse(`${line.slice(0, 16)}Z`) + shift).toISOString().slice(0, 16) +
        line.slice(16)
      : line,
  );
  writeFileSync(join(dir, HEADLINES_FILE), moved.join('\n'));
  return dir;
}
