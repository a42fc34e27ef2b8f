import { existsSync } from 'node:fs';
import { declaredVariables } from '../config/load-config.js';

export const BACKTEST_USAGE = `npm run backtest -- --data DIR [options]

Runs the whole service (all six agents, the coordinator, the orchestrator, the paper broker) over the
candle files in DIR as fast as the CPU allows, into a fresh data directory, and prints a backtest report.

  --data DIR            folder of candle files (<BASE>_USDT-<interval>.csv, see README "Backtest your own data")
  --from ISO            start at this market time (REPLAY_FROM)
  --to ISO              stop at this market time (REPLAY_TO)
  --symbols A,B         only these symbols, e.g. BTCUSDT,ETHUSDT (SYMBOLS)
  --mcp on|off          the coordinator's throttling and filtering (off = everyone gets everything)
  --set KEY=VALUE       any configuration variable (README "Configuration"); repeatable
  --sweep KEY=v1,v2,…   run once per value (repeatable: every combination), in parallel, and compare
  --json                print the JSON report as the last line of standard output
  --out DIR             write report.txt, report.json and report.html there
  --help                this text

Exit status: 0 done, 1 the run failed, 2 bad flags or configuration (one line per problem).`;

export interface Sweep {
  readonly key: string;
  readonly values: readonly string[];
}

export interface BacktestArgs {
  readonly help: boolean;
  /** The configuration variables the flags set, in the order given (later wins). */
  readonly env: Readonly<Record<string, string>>;
  readonly json: boolean;
  readonly outDir: string | undefined;
  readonly sweeps: readonly Sweep[];
}

export type ParsedArgs =
  | { readonly ok: true; readonly args: BacktestArgs }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Flags that stand for one configuration variable each. */
const VARIABLE_FLAGS: Readonly<Record<string, string>> = {
  '--data': 'MARKET_DATA_DIR',
  '--from': 'REPLAY_FROM',
  '--to': 'REPLAY_TO',
  '--symbols': 'SYMBOLS',
  '--mcp': 'MCP_ENABLED',
};
const VALUE_FLAGS = new Set([...Object.keys(VARIABLE_FLAGS), '--set', '--sweep', '--out']);
/** Set by the backtest itself: a run always replays recorded data into its own fresh directory. */
const RESERVED = new Set(['DATA_DIR', 'MARKET_DATA']);

/** Parses the command line; every problem is one line naming the flag. */
export function parseBacktestArgs(argv: readonly string[]): ParsedArgs {
  const problems: string[] = [];
  const env: Record<string, string> = {};
  const sweeps: Sweep[] = [];
  const declared = new Set(declaredVariables());
  let help = false;
  let json = false;
  let outDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitInline(argv[i]);
    if (flag === '--help' || flag === '-h') help = true;
    else if (flag === '--json') json = true;
    else if (!VALUE_FLAGS.has(flag)) problems.push(`${argv[i]}: unknown flag (see --help)`);
    else {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) {
        problems.push(`${flag}: needs a value`);
        if (value !== undefined) i--;
        continue;
      }
      const problem = applyFlag(flag, value, { env, sweeps, declared });
      if (problem) problems.push(problem);
      if (flag === '--out') outDir = value;
    }
  }
  if (!help && env.MARKET_DATA_DIR === undefined && !problems.some((p) => p.startsWith('--data')))
    problems.push('--data: required');
  const swept = sweeps.map((s) => s.key);
  for (const key of new Set(swept.filter((k, n) => swept.indexOf(k) !== n)))
    problems.push(`--sweep ${key}: given twice`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, args: { help, env, json, outDir, sweeps } };
}

interface FlagTargets {
  readonly env: Record<string, string>;
  readonly sweeps: Sweep[];
  readonly declared: ReadonlySet<string>;
}

function applyFlag(flag: string, value: string, to: FlagTargets): string | undefined {
  if (flag === '--out') return undefined;
  if (flag === '--mcp') {
    if (value !== 'on' && value !== 'off') return `--mcp: must be on or off, not "${value}"`;
    to.env.MCP_ENABLED = value === 'on' ? 'true' : 'false';
    return undefined;
  }
  if (flag === '--data' && !existsSync(value)) return `--data ${value}: no such directory`;
  const variable = VARIABLE_FLAGS[flag];
  if (variable) {
    if (!to.declared.has(variable))
      return `${flag}: needs ${variable}, which this build does not know yet`;
    to.env[variable] = value;
    return undefined;
  }
  const eq = value.indexOf('=');
  const key = eq > 0 ? value.slice(0, eq) : '';
  if (!key) return `${flag} ${value}: expected KEY=VALUE`;
  if (RESERVED.has(key)) return `${flag} ${key}: set by the backtest itself`;
  if (!to.declared.has(key)) return `${flag} ${key}: unknown configuration variable`;
  const rest = value.slice(eq + 1);
  if (flag === '--set') {
    to.env[key] = rest;
    return undefined;
  }
  const values = rest.split(',').filter((v) => v !== '');
  if (values.length === 0) return `${flag} ${key}: needs at least one value`;
  to.sweeps.push({ key, values });
  return undefined;
}

function splitInline(arg: string): [string, string | undefined] {
  if (!arg.startsWith('--')) return [arg, undefined];
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

/** Every combination of the sweeps' values, first sweep slowest. */
export function sweepSettings(sweeps: readonly Sweep[]): Record<string, string>[] {
  return sweeps.reduce<Record<string, string>[]>(
    (settings, sweep) =>
      settings.flatMap((setting) => sweep.values.map((v) => ({ ...setting, [sweep.key]: v }))),
    [{}],
  );
}
