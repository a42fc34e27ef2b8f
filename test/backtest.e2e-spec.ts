import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BacktestReport } from '../src/backtest/backtest-report.js';
import type { SweepRow } from '../src/backtest/sweep.js';
import { writeCandleSet } from './support/candle-set.js';
import { MARKET_DATA_DIR, REPO_ROOT, temporaryDir } from './support/test-config.js';

const COMMAND = join(REPO_ROOT, 'dist', 'src', 'backtest', 'backtest-command.js');
const BAR_MS = 5 * 60_000;
const BARS = 500;
const WARMUP = 96;
const CAPITAL = 100_000;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function backtest(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [COMMAND, ...args], {
      cwd: temporaryDir('ct-backtest-cwd-'),
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

/** Every bar's close per symbol, by the bar's close time, read straight from the files. */
function closesFromFiles(dir: string): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('_USDT-5m.csv'))) {
    const symbol = `${file.split('_')[0]}USDT`;
    for (const line of readFileSync(join(dir, file), 'utf8').trim().split('\n').slice(1)) {
      const [ts, , , , close] = line.split(',');
      const at = Date.parse(ts) + BAR_MS;
      const closes = out.get(at) ?? new Map<string, number>();
      closes.set(symbol, Number(close));
      out.set(at, closes);
    }
  }
  return out;
}

describe('npm run backtest', () => {
  const { dir: data } = writeCandleSet(temporaryDir('ct-backtest-data-'), {
    symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'ADAUSDT'],
    interval: '5m',
    bars: BARS,
    start: '2024-01-01T00:00:00Z',
    seed: 7,
    volatility: 0.002,
    trend: { everyBars: 120, maxDriftPerBar: 0.0002 },
    headlinesFrom: MARKET_DATA_DIR,
  });
  let report: BacktestReport;
  let out: string;

  beforeAll(async () => {
    out = temporaryDir('ct-backtest-out-');
    const run = await backtest(['--data', data, '--json', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    report = JSON.parse(lastLine(run.stdout)) as BacktestReport;
  }, 120_000);

  it('prints the JSON report as the last line of stdout, naming the run’s database directory', () => {
    expect(existsSync(join(report.dataDir, 'cloud-trader.sqlite'))).toBe(true);
    expect(report.period).toMatchObject({
      from: new Date(Date.parse('2024-01-01T00:00:00Z') + WARMUP * BAR_MS).toISOString(),
      bars: BARS - WARMUP,
      barMinutes: 5,
    });
    expect(report.portfolio.trades).toBeGreaterThan(0);
    expect(report.agents).toHaveLength(6);
    expect(report.coordinator.byType.signal.published).toBeGreaterThan(0);
  });

  it('recomputes return, maximum drawdown and Sharpe from the fills replayed against the candles', () => {
    const db = new Database(join(report.dataDir, 'cloud-trader.sqlite'), { readonly: true });
    const fills = db
      .prepare(
        'SELECT symbol, side, quantity, price, fee_usd AS fee, ts FROM fills ORDER BY ts, id',
      )
      .all() as {
      symbol: string;
      side: string;
      quantity: number;
      price: number;
      fee: number;
      ts: number;
    }[];
    db.close();
    expect(fills.length).toBe(report.portfolio.trades);
    const closes = closesFromFiles(data);
    const start = Date.parse(report.period.from);
    const end = Date.parse(report.period.to);
    const barCloses = [...closes.keys()].filter((t) => t > start && t <= end).sort((a, b) => a - b);
    expect(barCloses).toHaveLength(report.period.bars);

    let cash = CAPITAL;
    const held = new Map<string, number>();
    let next = 0;
    const equity = [CAPITAL];
    for (const close of barCloses) {
      // A bar is marked when it closes, before the orders its signals set off are filled (stamped
      // with that close): those fills count from the next bar on.
      while (next < fills.length && fills[next].ts < close) {
        const f = fills[next++];
        const sign = f.side === 'buy' ? 1 : -1;
        cash -= sign * f.quantity * f.price + f.fee;
        held.set(f.symbol, (held.get(f.symbol) ?? 0) + sign * f.quantity);
      }
      let value = cash;
      for (const [symbol, quantity] of held)
        value += quantity * (closes.get(close)?.get(symbol) ?? NaN);
      equity.push(value);
    }
    expect(fills.length - next).toBeLessThan(20); // only the last bar's own fills are left over
    const returns = equity.slice(1).map((e, i) => e / equity[i] - 1);
    let peak = equity[0];
    let maxDrawdown = 0;
    for (const e of equity) {
      peak = Math.max(peak, e);
      maxDrawdown = Math.max(maxDrawdown, (peak - e) / peak);
    }
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1));
    const sharpe = (mean / sd) * Math.sqrt((365 * 24 * 3_600_000) / BAR_MS);

    expect(report.portfolio.returnPct).toBeCloseTo((equity.at(-1)! / CAPITAL - 1) * 100, 6);
    expect(report.portfolio.maxDrawdownPct).toBeCloseTo(maxDrawdown * 100, 6);
    expect(report.portfolio.sharpe).toBeCloseTo(sharpe, 6);
    expect(report.portfolio.returnPct).not.toBe(0);
    expect(report.portfolio.endEquityUsd).toBeCloseTo(equity.at(-1)!, 4);
  });

  it('writes report.txt, report.json and a self-contained report.html with inline SVG charts', () => {
    const text = readFileSync(join(out, 'report.txt'), 'utf8');
    expect(text).toContain(`data directory: ${report.dataDir}`);
    expect(text).toMatch(/annualised by √\(bars per year\)/);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toEqual(report);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/<svg /g)?.length).toBe(3 + 1 + report.agents.length);
    for (const title of [
      'Portfolio equity',
      'Drawdown',
      'Allocation over time',
      'Messages over time',
    ])
      expect(html).toContain(title);
    // Nothing is fetched: no script, stylesheet, image or font from anywhere.
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|@import/i);
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:/);
  });

  it('--help exits 0 and prints the usage', async () => {
    const run = await backtest(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('npm run backtest -- --data DIR');
  });

  it('a bad flag or setting exits 2 with one line naming each problem, and runs nothing', async () => {
    const run = await backtest([
      '--data',
      data,
      '--frobnicate',
      '--mcp',
      'maybe',
      '--set',
      'NO_SUCH_VAR=1',
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      '--frobnicate: unknown flag (see --help)',
      '--mcp: must be on or off, not "maybe"',
      '--set NO_SUCH_VAR: unknown configuration variable',
    ]);
    const value = await backtest(['--data', data, '--set', 'MAX_DRAWDOWN_PCT=lots']);
    expect(value.code).toBe(2);
    expect(value.stderr.trim().split('\n')).toHaveLength(1);
    expect(value.stderr).toMatch(/^MAX_DRAWDOWN_PCT="lots": /);
  });

  it('a two-setting sweep gives the same figures as the two runs alone', async () => {
    const setting = 'MAX_SYMBOL_EXPOSURE_PCT';
    const [sweep, ...alone] = await Promise.all([
      backtest(['--data', data, '--sweep', `${setting}=10,35`, '--json']),
      backtest(['--data', data, '--set', `${setting}=10`, '--json']),
      backtest(['--data', data, '--set', `${setting}=35`, '--json']),
    ]);
    expect(sweep.code).toBe(0);
    const rows = (JSON.parse(lastLine(sweep.stdout)) as { sweep: SweepRow[] }).sweep;
    expect(rows.map((r) => r.setting)).toEqual([{ [setting]: '10' }, { [setting]: '35' }]);
    alone.forEach((run, i) => {
      const single = JSON.parse(lastLine(run.stdout)) as BacktestReport;
      const row = rows[i];
      expect({
        returnPct: row.returnPct,
        maxDrawdownPct: row.maxDrawdownPct,
        sharpe: row.sharpe,
        trades: row.trades,
        feesUsd: row.feesUsd,
        messages: row.messages,
      }).toEqual({
        returnPct: single.portfolio.returnPct,
        maxDrawdownPct: single.portfolio.maxDrawdownPct,
        sharpe: single.portfolio.sharpe,
        trades: single.portfolio.trades,
        feesUsd: single.portfolio.feesUsd,
        messages: Object.values(single.coordinator.byType).reduce((n, t) => n + t.published, 0),
      });
    });
    // The settings matter: otherwise the comparison would prove nothing.
    expect(rows[0].trades === rows[1].trades && rows[0].returnPct === rows[1].returnPct).toBe(
      false,
    );
  }, 180_000);
});
