import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configProblems } from './config-problems.fixture.js';
import { loadConfig } from './load-config.js';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'ct-config-'));

describe('loadConfig', () => {
  it('runs paper trading on embedded defaults with nothing set', () => {
    const cwd = emptyDir();
    const config = loadConfig({}, cwd);
    expect(config.port).toBe(8080);
    expect(config.logLevel).toBe('INFO');
    expect(config.trading.paper).toBe(true);
    expect(config.trading.marketData).toBe('replay');
    expect(config.trading.initialCapitalUsd).toBe(100_000);
    expect(config.communication.mcpEnabled).toBe(true);
    expect(config.export.bigQueryDataset).toBe('cloud_trader');
    expect(config.pubsub).toEqual({
      enabled: false,
      emulatorHost: undefined,
      topicPrefix: 'cloud-trader',
      projectId: 'cloud-trader-local',
      createResources: true,
      heartbeatTimeoutMs: 15_000,
    });
    expect(config.dataDir).toBe(join(cwd, 'data'));
    expect(config.roster.map((a) => a.id)).toEqual([
      'freqtrade-hft',
      'hummingbot-mm',
      'deepseek-v3',
      'qwen',
      'fingpt',
      'lag-llama',
    ]);
  });

  it('returns a frozen object', () => {
    const config = loadConfig({}, emptyDir());
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.trading)).toBe(true);
    expect(Object.isFrozen(config.roles[0].throttle)).toBe(true);
  });

  it('gives one line per bad variable', () => {
    const problems = configProblems({
      PORT: 'eighty',
      LOG_LEVEL: 'LOUD',
      MARKET_DATA: 'nasdaq',
      PAPER_TRADING: 'maybe',
    });
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('PORT='))).toMatch(/integer/);
    expect(problems.find((p) => p.startsWith('LOG_LEVEL='))).toMatch(/DEBUG, INFO, WARNING, ERROR/);
    expect(problems.find((p) => p.startsWith('MARKET_DATA='))).toMatch(/replay, simulated, aster/);
    expect(problems.find((p) => p.startsWith('PAPER_TRADING='))).toMatch(/boolean/);
  });

  it('refuses live trading without keys and an explicit confirmation', () => {
    expect(configProblems({ PAPER_TRADING: 'false' })).toEqual([
      'PAPER_TRADING=false: ASTER_API_KEY is required',
      'PAPER_TRADING=false: ASTER_SECRET_KEY is required',
      'PAPER_TRADING=false: set LIVE_TRADING_CONFIRM=yes to confirm live trading',
    ]);
    expect(
      configProblems({
        PAPER_TRADING: 'false',
        ASTER_API_KEY: 'k',
        ASTER_SECRET_KEY: 's',
        LIVE_TRADING_CONFIRM: 'y',
      }),
    ).toEqual(['PAPER_TRADING=false: set LIVE_TRADING_CONFIRM=yes to confirm live trading']);
  });

  it('reads .env when present, and the real environment wins', () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, '.env'), 'PORT=9090\nLOG_LEVEL=debug\n');
    const config = loadConfig({ LOG_LEVEL: 'ERROR' }, cwd);
    expect(config.port).toBe(9090);
    expect(config.logLevel).toBe('ERROR');
  });

  it('treats an empty value as unset and ignores variables it does not know', () => {
    const config = loadConfig({ PORT: '', HOME: '/root', GCP_PROJECT_ID: '' }, emptyDir());
    expect(config.port).toBe(8080);
    expect(config.export.gcpProjectId).toBeUndefined();
  });

  it('keeps local rows a week with no cap by default, and refuses a bad cap or retention', () => {
    expect(loadConfig({}, emptyDir()).storage).toEqual({
      sqliteMaxSizeMb: undefined,
      localRetentionMs: 7 * 24 * 60 * 60 * 1000,
      outboxStrictFields: false,
    });
    expect(
      loadConfig({ SQLITE_MAX_SIZE_MB: '512', LOCAL_RETENTION_DAYS: '0.5' }, emptyDir()).storage,
    ).toEqual({
      sqliteMaxSizeMb: 512,
      localRetentionMs: 12 * 60 * 60 * 1000,
      outboxStrictFields: false,
    });
    expect(configProblems({ SQLITE_MAX_SIZE_MB: '0', LOCAL_RETENTION_DAYS: '-1' })).toEqual([
      expect.stringContaining('SQLITE_MAX_SIZE_MB=0'),
      expect.stringContaining('LOCAL_RETENTION_DAYS=-1'),
    ]);
  });

  it('turns Pub/Sub on when an emulator host is given', () => {
    expect(loadConfig({ PUBSUB_EMULATOR_HOST: '127.0.0.1:8085' }, emptyDir()).pubsub.enabled).toBe(
      true,
    );
  });
});
