import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeCandleSet } from './support/candle-set.js';
import { type FillRow, openRun } from './support/ledger-recomputation.js';
import { MARKET_DATA_DIR, REPO_ROOT, temporaryDir } from './support/test-config.js';

const BAR_MS = 60_000;
const BARS = 12_000;
/** The crashed run is killed once it has reported this many bars done: several commits in. */
const KILL_AFTER = 7_000;
const START_MS = Date.parse('2024-01-01T00:00:00Z');

const dist = (path: string) => pathToFileURL(join(REPO_ROOT, 'dist', 'src', path)).href;

/**
 * The headless runner a backtest uses, on a data directory of the test's choosing, printing `bar N`
 * after each bar: the process the test kills.
 */
const HEADLESS_RUN = `
const { backtestConfig } = await import(${JSON.stringify(dist('backtest/backtest-run.js'))});
const { runReplay } = await import(${JSON.stringify(dist('replay/replay-runner.js'))});
const [market, dataDir] = process.argv.slice(1);
const report = await runReplay({
  config: backtestConfig({ MARKET_DATA_DIR: market }, dataDir),
  onProgress: (done) => process.stdout.write('bar ' + done + '\\n'),
});
process.stdout.write('done ' + report.bars + '\\n');
`;

interface Headless {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly barsReported: number;
}

/** Runs the headless replay; with `killAfter`, SIGKILLs it once it has reported that many bars. */
function headless(market: string, dataDir: string, killAfter?: number): Promise<Headless> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', HEADLESS_RUN, market, dataDir],
      { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let barsReported = 0;
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('bar ')) barsReported = Number(line.slice(4));
      if (killAfter !== undefined && barsReported >= killAfter) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (killAfter === undefined && code !== 0) reject(new Error(stderr));
      resolve({ code, signal, barsReported });
    });
  });
}

interface Durable {
  readonly position: number;
  readonly fills: Omit<FillRow, 'id'>[];
  readonly marks: { id: string; ts: number; equity_usd: number }[];
  readonly ledgers: {
    agent_id: string;
    cash_usd: number;
    contributed_usd: number;
    fees_usd: number;
  }[];
  readonly runs: number[];
}

/**
 * What a run's database holds of the bars that closed at or before `through`. A fill is stamped with
 * its bar's close and an equity mark with its bar's open, so the last such bar's fills have
 * `ts = through` and its marks `ts = through - BAR_MS`.
 */
function durable(dataDir: string, through = Infinity): Durable {
  const db = openRun(dataDir);
  try {
    const position = db
      .prepare<[], { last: number }>('SELECT last_bar_close AS last FROM replay_position')
      .get()?.last;
    const cutoff = Math.min(through, Number.MAX_SAFE_INTEGER);
    return {
      position: position ?? NaN,
      fills: db
        .prepare<[number], Omit<FillRow, 'id'>>(
          'SELECT agent_id, symbol, side, quantity, price, fee_usd, ts FROM fills WHERE ts <= ? ORDER BY id',
        )
        .all(cutoff),
      marks: db
        .prepare<[number], Durable['marks'][number]>(
          'SELECT id, ts, equity_usd FROM equity_marks WHERE ts < ? ORDER BY ts, id',
        )
        .all(cutoff),
      ledgers: db
        .prepare<[], Durable['ledgers'][number]>(
          'SELECT agent_id, cash_usd, contributed_usd, fees_usd FROM agent_ledgers ORDER BY agent_id',
        )
        .all(),
      runs: db
        .prepare<[], { start: number }>(
          'SELECT market_start AS start FROM service_runs ORDER BY run',
        )
        .all()
        .map((r) => r.start),
    };
  } finally {
    db.close();
  }
}

/** Each ledger is its capital plus the fills booked to it, to the cent: none lost, none twice. */
function expectLedgersAreTheirFills(state: Durable): void {
  expect(state.ledgers.length).toBeGreaterThan(0);
  for (const ledger of state.ledgers) {
    const fills = state.fills.filter((f) => f.agent_id === ledger.agent_id);
    const spent = fills.reduce(
      (sum, f) =>
        sum + (f.side === 'buy' ? f.quantity * f.price : -f.quantity * f.price) + f.fee_usd,
      0,
    );
    expect(ledger.cash_usd).toBeCloseTo(ledger.contributed_usd - spent, 2);
    expect(ledger.fees_usd).toBeCloseTo(
      fills.reduce((sum, f) => sum + f.fee_usd, 0),
      2,
    );
  }
}

/**
 * A headless run (a backtest) commits whole bars together with the replay position. Killed with
 * SIGKILL mid-run, its database holds exactly what an uninterrupted run held up to the committed
 * position — every fill and equity mark before it, none after, ledgers that agree with those fills —
 * and a restart on the same directory resumes with the next bar, marking each bar once.
 */
describe('a backtest killed mid-run', () => {
  const market = writeCandleSet(temporaryDir('ct-crash-md-'), {
    symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
    interval: '1m',
    bars: BARS,
    start: START_MS,
    seed: 31,
    volatility: 0.002,
    trend: { everyBars: 120, maxDriftPerBar: 0.0002 },
    headlinesFrom: MARKET_DATA_DIR,
  }).dir;

  it('leaves whole bars behind and resumes after the last one committed', async () => {
    const whole = join(temporaryDir(), 'data');
    const uninterrupted = await headless(market, whole);
    expect(uninterrupted.code).toBe(0);
    const reference = durable(whole);
    expect(reference.fills.length).toBeGreaterThan(50);

    const crashedDir = join(temporaryDir(), 'data');
    const crashed = await headless(market, crashedDir, KILL_AFTER);
    expect(crashed.signal).toBe('SIGKILL');
    const atCrash = durable(crashedDir);
    const first = reference.runs[0];
    // A bar's close on the grid, no later than the last bar the run said it had done.
    expect((atCrash.position - first) % BAR_MS).toBe(0);
    expect(atCrash.position).toBeGreaterThan(first);
    expect(atCrash.position).toBeLessThanOrEqual(first + crashed.barsReported * BAR_MS);
    // Every bar up to the position, exactly as the uninterrupted run had it; nothing after it.
    const before = durable(whole, atCrash.position);
    expect(atCrash.fills).toEqual(before.fills);
    expect(atCrash.marks).toEqual(before.marks);
    expect(atCrash.marks.at(-1)?.ts).toBe(atCrash.position - BAR_MS);
    expectLedgersAreTheirFills(atCrash);

    const resumed = await headless(market, crashedDir);
    expect(resumed.code).toBe(0);
    const end = durable(crashedDir);
    expect(end.runs).toEqual([first, atCrash.position]);
    expect(end.position).toBe(reference.position);
    const portfolioMarks = end.marks.filter((m) => m.id === 'portfolio').map((m) => m.ts);
    expect(portfolioMarks).toEqual(
      Array.from({ length: (end.position - first) / BAR_MS }, (_, i) => first + i * BAR_MS),
    );
  }, 120_000);
});
