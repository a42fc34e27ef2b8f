import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { SYMBOLS } from '../src/config/roster.js';
import { runReplay } from '../src/replay/replay-runner.js';
import { median, print, round } from './bench-result.js';

const RUNS = 3;
/**
 * The figure before market time drove the replay (issue 14): 8,832 bars × 5 symbols in 2.8 s, as the
 * issue measured it. `REPLAY_BASELINE_CHECKOUT=<dir of a built checkout>` measures that checkout's
 * replay in the same run instead.
 */
const RECORDED_BASELINE = 15_800;

/** Symbol-bars per second of one replay of the bundled month in this checkout. */
async function replayHere(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-bench-replay-'));
  try {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'ERROR' }, process.cwd());
    const report = await runReplay({ config });
    return (report.bars * SYMBOLS.length) / (report.wallMs / 1000);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The same in another built checkout, through its own `npm run replay -- --json`. */
function replayThere(checkout: string): number {
  const run = spawnSync(
    process.execPath,
    [join(checkout, 'dist', 'src', 'replay', 'replay-command.js'), '--json'],
    { cwd: checkout, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`baseline replay failed: ${run.stderr.slice(-1000)}`);
  const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as {
    bars: number;
    wallMs: number;
  };
  return (report.bars * SYMBOLS.length) / (report.wallMs / 1000);
}

/** `npm run bench -- replay`: the bundled month through the whole service, as fast as it goes. */
export async function runReplayBench(): Promise<void> {
  const checkout = process.env.REPLAY_BASELINE_CHECKOUT;
  const here: number[] = [];
  const there: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Alternate, so a machine that slows down mid-run colours both sides alike.
    here.push(await replayHere());
    if (checkout) there.push(replayThere(checkout));
  }
  const value = median(here);
  const baseline = checkout ? median(there) : RECORDED_BASELINE;
  print({
    name: 'replay_bundled_month_throughput',
    value: round(value),
    unit: 'symbol-bars/s',
    baseline: round(baseline),
    ratio: round(value / baseline),
    baselineSource: checkout ? `same run: ${checkout}` : 'recorded before issue 14 (2.8 s)',
    runs: here.map((r) => round(r)),
  });
}
