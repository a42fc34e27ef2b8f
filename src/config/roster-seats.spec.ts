import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configProblems } from './config-problems.fixture.js';
import { loadConfig } from './load-config.js';

describe('MCP seats declared in the roster (MCP_SEATS)', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ct-seats-config-'));
  const TOKEN = 'claude-seat:seat-token-0123456789';

  const problems = (env: Record<string, string>) => configProblems(env, cwd);

  it('adds a seat with no driver after the seed, with its role, bounds, threshold, symbols and budget', () => {
    const config = loadConfig(
      {
        MCP_SEATS:
          'claude-seat:strategist:floor=5:cap=20:threshold=0.5:symbols=BTCUSDT+ETHUSDT:tokens=100000:usd=2',
        MCP_SEAT_TOKENS: TOKEN,
      },
      cwd,
    );
    expect(config.roster.map((a) => a.id)).toEqual([
      'freqtrade-hft',
      'hummingbot-mm',
      'deepseek-v3',
      'qwen',
      'fingpt',
      'lag-llama',
      'claude-seat',
    ]);
    expect(config.roster.at(-1)).toEqual({
      id: 'claude-seat',
      role: 'strategist',
      transport: 'mcp',
      symbols: ['BTCUSDT', 'ETHUSDT'],
      allocation: { floorPct: 5, capPct: 20 },
      threshold: 0.5,
      modelBudget: { dailyTokens: 100_000, dailyCostUsd: 2 },
    });
    expect(config.mcp.seats).toEqual([{ agentId: 'claude-seat', token: 'seat-token-0123456789' }]);
  });

  it('reads seats from a file as well, one per line, and keeps the role defaults unset', () => {
    const file = join(cwd, 'seats.txt');
    writeFileSync(file, '# seats\ngpt-seat:sentiment\n\nrisk-seat:risk-analyst:threshold=0.6\n');
    const config = loadConfig(
      {
        MCP_SEATS_FILE: file,
        MCP_SEAT_TOKENS: 'gpt-seat:seat-token-aaaaaaaaaaaa,risk-seat:seat-token-bbbbbbbbbbbb',
      },
      cwd,
    );
    const seats = config.roster.filter((a) => a.transport === 'mcp');
    expect(seats.map((a) => [a.id, a.role, a.driver, a.allocation])).toEqual([
      ['gpt-seat', 'sentiment', undefined, undefined],
      ['risk-seat', 'risk-analyst', undefined, undefined],
    ]);
    expect(seats[0].symbols).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'ADAUSDT']);
  });

  it('says what is wrong with each entry, one line per problem', () => {
    expect(
      problems({
        MCP_SEATS: [
          'lonely',
          'Bad_Id:strategist',
          'deepseek-v3:strategist',
          'oracle-seat:oracle',
          'a-seat:strategist:floor=120:cap=x:threshold=2:colour=blue',
          'b-seat:strategist:floor=30:cap=10',
          'c-seat:forecaster:floor=5',
          'd-seat:hft:symbols=btc',
          'e-seat:hft:tokens=1.5:usd=-1',
          'f-seat:hft:threshold=0.5:threshold=0.6',
        ].join(','),
        MCP_SEATS_FILE: join(cwd, 'missing'),
      }),
    ).toEqual([
      'MCP_SEATS_FILE: cannot read it (ENOENT)',
      'MCP_SEATS: "lonely" must be id:role[:key=value…]',
      'MCP_SEATS: "Bad_Id" is not an agent id (2–40 of a-z, 0-9 and -, starting with a letter or digit)',
      "MCP_SEATS: deepseek-v3 is already a roster agent (an outside model takes a seed agent's seat with a token in MCP_SEAT_TOKENS alone)",
      'MCP_SEATS: oracle-seat: role must be one of hft, market-maker, strategist, risk-analyst, sentiment, forecaster',
      'MCP_SEATS: a-seat: floor must be a percentage of the portfolio, 0–100',
      'MCP_SEATS: a-seat: cap must be a percentage of the portfolio, 0–100',
      'MCP_SEATS: a-seat: threshold must be between 0 and 1',
      'MCP_SEATS: a-seat: "colour=blue" is not one of floor=, cap=, threshold=, symbols=, tokens=, usd=',
      'MCP_SEATS: b-seat: floor 30 is above cap 10',
      'MCP_SEATS: c-seat: the forecaster role does not trade, so it takes no capital',
      'MCP_SEATS: d-seat: symbols must be symbols joined by + (BTCUSDT+ETHUSDT); not "btc"',
      'MCP_SEATS: e-seat: tokens must be a whole number of tokens a day',
      'MCP_SEATS: e-seat: usd must be a daily budget in USD, 0 or more',
      'MCP_SEATS: f-seat: threshold is given twice',
    ]);
  });

  it('refuses a seat no client could take: without a token, or with the server off', () => {
    expect(problems({ MCP_SEATS: 'claude-seat:strategist' })).toEqual([
      'MCP_SEATS: claude-seat has no token: give it one in MCP_SEAT_TOKENS or MCP_SEAT_TOKENS_FILE',
    ]);
    expect(
      problems({
        MCP_SEATS: 'claude-seat:strategist',
        MCP_SEAT_TOKENS: TOKEN,
        MCP_SERVER_ENABLED: 'false',
      }),
    ).toEqual(['MCP_SEATS: declared seats need the MCP server (MCP_SERVER_ENABLED is false)']);
    expect(problems({ MCP_SEAT_TOKENS: TOKEN })).toEqual([
      'MCP seat tokens: no roster agent "claude-seat" to seat',
    ]);
  });
});
