import { parseBacktestArgs, sweepSettings } from './backtest-args.js';

describe('backtest flags', () => {
  it('maps the flags onto configuration variables', () => {
    const parsed = parseBacktestArgs([
      '--data',
      '.',
      '--to=2021-05-10T00:00:00Z',
      '--mcp',
      'off',
      '--set',
      'MAX_DRAWDOWN_PCT=15',
      '--json',
      '--out',
      'report',
    ]);
    expect(parsed).toEqual({
      ok: true,
      args: {
        help: false,
        json: true,
        outDir: 'report',
        sweeps: [],
        env: {
          MARKET_DATA_DIR: '.',
          REPLAY_TO: '2021-05-10T00:00:00Z',
          MCP_ENABLED: 'false',
          MAX_DRAWDOWN_PCT: '15',
        },
      },
    });
  });

  it('names every problem on a line of its own', () => {
    expect(
      parseBacktestArgs([
        '--data',
        'no/such/folder',
        '--bars',
        '5',
        '--set',
        'DATA_DIR=/tmp',
        '--sweep',
        'PORT',
        '--out',
      ]),
    ).toEqual({
      ok: false,
      problems: [
        '--data no/such/folder: no such directory',
        '--bars: unknown flag (see --help)',
        '5: unknown flag (see --help)',
        '--set DATA_DIR: set by the backtest itself',
        '--sweep PORT: expected KEY=VALUE',
        '--out: needs a value',
      ],
    });
  });

  it('needs --data, except for --help', () => {
    expect(parseBacktestArgs(['--json'])).toEqual({ ok: false, problems: ['--data: required'] });
    expect(parseBacktestArgs(['--help'])).toMatchObject({ ok: true, args: { help: true } });
  });

  it('sweeps every combination, the first sweep slowest', () => {
    expect(
      sweepSettings([
        { key: 'A', values: ['1', '2'] },
        { key: 'B', values: ['x', 'y'] },
      ]),
    ).toEqual([
      { A: '1', B: 'x' },
      { A: '1', B: 'y' },
      { A: '2', B: 'x' },
      { A: '2', B: 'y' },
    ]);
  });
});
