import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { parse as parseDotenv } from 'dotenv';
import { apiTokenSettings, isLoopback } from './api-tokens.js';
import type { AppConfig } from './app-config.js';
import { ConfigError } from './config-error.js';
import { EnvironmentVariables } from './environment.dto.js';
import { hummingbotSettings } from './hummingbot-config.js';
import { freqtradeSettings } from './freqtrade-settings.js';
import { mcpSettings } from './mcp-seats.js';
import { SEED_ROLES, SEED_ROSTER, type AgentDefinition } from './roster.js';
import { rosterSeats, seatAccessProblems } from './roster-seats.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The variables the DTO declares; everything else in the environment is ignored. */
export function declaredVariables(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(
    EnvironmentVariables,
    '',
    true,
    false,
  );
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/** `.env` in the working directory fills in what the real environment leaves unset. */
function readDotenv(cwd: string): Env {
  const file = resolve(cwd, '.env');
  return existsSync(file) ? parseDotenv(readFileSync(file)) : {};
}

/** Credentials: a problem with one names the variable, never its value. */
const isSecret = (name: string): boolean => /_(TOKEN|KEY|SECRET|PASSWORD)$/.test(name);

function describe(errors: readonly ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      isSecret(error.property)
        ? `${message} (value not shown)`
        : `${error.property}=${JSON.stringify(error.value)}: ${message}`,
    ),
  );
}

/**
 * An empty ADMIN_TOKEN is a Secret key left blank, not a choice: refuse it rather than quietly generate
 * a token nobody configured.
 */
function blankAdminTokenProblems(env: Env): string[] {
  const value = env.ADMIN_TOKEN;
  return value !== undefined && value.trim() === ''
    ? [
        'ADMIN_TOKEN is set but empty: give it 16+ characters, or unset it to have one generated into DATA_DIR/admin-token',
      ]
    : [];
}

/** Unset, a drawdown warning comes at three quarters of the trip level (15 % before 20 %). */
const WARNING_SHARE = 0.75;

/** A warning level at or past its trip level would never warn. */
function warningLevelProblems(vars: EnvironmentVariables): string[] {
  const problems: string[] = [];
  if (vars.DRAWDOWN_WARNING_PCT !== undefined && vars.DRAWDOWN_WARNING_PCT >= vars.MAX_DRAWDOWN_PCT)
    problems.push('DRAWDOWN_WARNING_PCT must be below MAX_DRAWDOWN_PCT');
  if (
    vars.AGENT_DRAWDOWN_WARNING_PCT !== undefined &&
    vars.AGENT_DRAWDOWN_WARNING_PCT >= vars.AGENT_MAX_DRAWDOWN_PCT
  )
    problems.push('AGENT_DRAWDOWN_WARNING_PCT must be below AGENT_MAX_DRAWDOWN_PCT');
  return problems;
}

/**
 * Live trading signs with V3 keys (API wallet: ASTER_USER, ASTER_SIGNER, ASTER_SIGNER_PRIVATE_KEY) when
 * any of them is set, and with V1 keys (ASTER_API_KEY, ASTER_SECRET_KEY) otherwise.
 */
function liveTradingProblems(vars: EnvironmentVariables): string[] {
  if (vars.PAPER_TRADING) return [];
  const problems: string[] = [];
  if (vars.ASTER_USER || vars.ASTER_SIGNER || vars.ASTER_SIGNER_PRIVATE_KEY) {
    problems.push(...asterV3KeyProblems(vars));
  } else {
    if (!vars.ASTER_API_KEY) problems.push('PAPER_TRADING=false: ASTER_API_KEY is required');
    if (!vars.ASTER_SECRET_KEY) problems.push('PAPER_TRADING=false: ASTER_SECRET_KEY is required');
  }
  if (vars.LIVE_TRADING_CONFIRM !== 'yes') {
    problems.push('PAPER_TRADING=false: set LIVE_TRADING_CONFIRM=yes to confirm live trading');
  }
  return problems;
}

function asterV3KeyProblems(vars: EnvironmentVariables): string[] {
  const problems: string[] = [];
  for (const name of ['ASTER_USER', 'ASTER_SIGNER', 'ASTER_SIGNER_PRIVATE_KEY'] as const) {
    if (!vars[name]) problems.push(`PAPER_TRADING=false: V3 signing needs ${name} as well`);
  }
  const key = vars.ASTER_SIGNER_PRIVATE_KEY;
  if (key && !/^(0x)?[0-9a-fA-F]{64}$/.test(key)) {
    problems.push('ASTER_SIGNER_PRIVATE_KEY must be 32 bytes of hex (value not shown)');
  }
  return problems;
}

function toAppConfig(
  vars: EnvironmentVariables,
  cwd: string,
  tokens: AppConfig['access']['tokens'],
  mcp: AppConfig['mcp'],
  hummingbot: AppConfig['hummingbot'],
  freqtrade: AppConfig['freqtrade'],
  roster: readonly AgentDefinition[],
): AppConfig {
  const config: AppConfig = {
    port: vars.PORT,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    logFormat: vars.LOG_FORMAT,
    dataDir: resolve(cwd, vars.DATA_DIR),
    storage: {
      sqliteMaxSizeMb: vars.SQLITE_MAX_SIZE_MB,
      localRetentionMs: Math.round(vars.LOCAL_RETENTION_DAYS * 24 * 60 * 60 * 1000),
      outboxStrictFields: vars.OUTBOX_STRICT_FIELDS,
    },
    trading: {
      paper: vars.PAPER_TRADING,
      marketData: vars.MARKET_DATA,
      marketDataDir: resolve(cwd, vars.MARKET_DATA_DIR),
      initialCapitalUsd: vars.INITIAL_CAPITAL_USD,
      replayBarIntervalMs: vars.REPLAY_BAR_INTERVAL_MS,
      replayToMs: vars.REPLAY_TO === undefined ? undefined : Date.parse(vars.REPLAY_TO),
      replayFromMs: vars.REPLAY_FROM === undefined ? undefined : Date.parse(vars.REPLAY_FROM),
      symbols: vars.SYMBOLS?.split(','),
      gapPolicy: vars.GAP_POLICY,
      simulatedFeedSeed: vars.SIMULATED_FEED_SEED,
      paperFeeBps: vars.PAPER_FEE_BPS,
      paperSlippageBps: vars.PAPER_SLIPPAGE_BPS,
      paperMakerFeeBps: vars.PAPER_MAKER_FEE_BPS,
      liveTradingConfirmed: vars.LIVE_TRADING_CONFIRM === 'yes',
      aster: {
        apiKey: vars.ASTER_API_KEY,
        secretKey: vars.ASTER_SECRET_KEY,
        user: vars.ASTER_USER,
        signer: vars.ASTER_SIGNER,
        signerPrivateKey: vars.ASTER_SIGNER_PRIVATE_KEY,
        baseUrl: vars.ASTER_BASE_URL.replace(/\/+$/, ''),
        wsUrl: vars.ASTER_WS_URL.replace(/\/+$/, ''),
        chainId: vars.ASTER_CHAIN_ID,
        klineInterval: vars.ASTER_KLINE_INTERVAL,
      },
    },
    communication: { mcpEnabled: vars.MCP_ENABLED, autoTune: vars.PARTICIPATION_AUTOTUNE },
    access: {
      readAuth: vars.READ_AUTH ? vars.READ_AUTH === 'on' : !isLoopback(vars.HOST),
      tokens,
    },
    events: {
      maxClients: vars.EVENTS_MAX_CLIENTS,
      maxClientsPerAddress: vars.EVENTS_MAX_CLIENTS_PER_ADDRESS,
    },
    export: {
      gcpProjectId: vars.GCP_PROJECT_ID,
      bigQueryDataset: vars.BIGQUERY_DATASET,
      bigQueryApiEndpoint: vars.BIGQUERY_API_ENDPOINT,
      bigQueryPartitionExpirationDays: vars.BIGQUERY_PARTITION_EXPIRATION_DAYS,
    },
    pubsub: {
      enabled: vars.PUBSUB_ENABLED || vars.PUBSUB_EMULATOR_HOST !== undefined,
      emulatorHost: vars.PUBSUB_EMULATOR_HOST,
      topicPrefix: vars.PUBSUB_TOPIC_PREFIX,
      // Any project id works with the emulator.
      projectId: vars.GCP_PROJECT_ID ?? 'cloud-trader-local',
      createResources: vars.PUBSUB_CREATE_RESOURCES,
      heartbeatTimeoutMs: vars.PUBSUB_HEARTBEAT_TIMEOUT_MS,
    },
    models: modelSettings(vars),
    portfolio: {
      maxDrawdownPct: vars.MAX_DRAWDOWN_PCT,
      agentMaxDrawdownPct: vars.AGENT_MAX_DRAWDOWN_PCT,
      breakerMode: vars.BREAKER_MODE,
      drawdownWarningPct: vars.DRAWDOWN_WARNING_PCT ?? vars.MAX_DRAWDOWN_PCT * WARNING_SHARE,
      agentDrawdownWarningPct:
        vars.AGENT_DRAWDOWN_WARNING_PCT ?? vars.AGENT_MAX_DRAWDOWN_PCT * WARNING_SHARE,
      allocationPolicy: vars.ALLOCATION_POLICY,
      allocationWindowMs: vars.ALLOCATION_WINDOW_DAYS * 24 * 60 * 60_000,
      reducePositions: vars.REBALANCE_REDUCE_POSITIONS,
      maxGrossExposurePct: vars.MAX_GROSS_EXPOSURE_PCT,
      maxSymbolExposurePct: vars.MAX_SYMBOL_EXPOSURE_PCT,
      maxOrdersPerMinute: vars.MAX_ORDERS_PER_MINUTE,
      rebalanceDriftPct: vars.REBALANCE_DRIFT_PCT,
    },
    mcp,
    hummingbot,
    backup: backupSettings(vars, cwd),
    freqtrade,
    roles: SEED_ROLES,
    roster,
  };
  return deepFreeze(config);
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

/** `30m`, `1h`, `500ms`; the DTO has already checked the form. */
function durationMs(text: string): number {
  const [, amount, unit] = /^(\d+)(ms|s|m|h)?$/.exec(text) ?? [];
  return Number(amount) * (DURATION_UNITS_MS[unit ?? 'ms'] ?? 1);
}

function backupSettings(vars: EnvironmentVariables, cwd: string): AppConfig['backup'] {
  const dataDir = resolve(cwd, vars.DATA_DIR);
  const apiEndpoint = vars.BACKUP_GCS_ENDPOINT?.replace(/\/+$/, '');
  return {
    dir: vars.BACKUP_DIR ? resolve(cwd, vars.BACKUP_DIR) : resolve(dataDir, 'backups'),
    intervalMs: durationMs(vars.BACKUP_INTERVAL),
    keep: vars.BACKUP_KEEP,
    ...(vars.BACKUP_GCS_BUCKET
      ? { gcs: { bucket: vars.BACKUP_GCS_BUCKET, prefix: vars.BACKUP_GCS_PREFIX, apiEndpoint } }
      : {}),
    gcsApiEndpoint: apiEndpoint,
  };
}

/** Vertex MaaS list prices (USD per million tokens, input/output) of the default models; LLM_PRICES adds more. */
const DEFAULT_MODEL_PRICES: Readonly<Record<string, { input: number; output: number }>> = {
  'deepseek-ai/deepseek-v3.1-maas': { input: 0.6, output: 1.7 },
  'deepseek-ai/deepseek-r1-0528-maas': { input: 1.35, output: 5.4 },
  'qwen/qwen3-235b-a22b-instruct-2507-maas': { input: 0.25, output: 1.0 },
};

function modelSettings(vars: EnvironmentVariables): AppConfig['models'] {
  const prices: Record<string, { input: number; output: number }> = { ...DEFAULT_MODEL_PRICES };
  for (const entry of vars.LLM_PRICES?.split(',') ?? []) {
    const [model, pair] = entry.split('=');
    const [input, output] = pair.split('/').map(Number);
    prices[model] = { input, output };
  }
  return {
    chatProvider: vars.CHAT_MODEL_PROVIDER,
    vertex: {
      projectId: vars.GCP_PROJECT_ID,
      location: vars.VERTEX_LOCATION,
      apiEndpoint: vars.VERTEX_API_ENDPOINT,
      accessToken: vars.VERTEX_ACCESS_TOKEN,
    },
    openai: { baseUrl: vars.OPENAI_BASE_URL, apiKey: vars.OPENAI_API_KEY },
    chatModelByAgent: {
      'deepseek-v3': vars.DEEPSEEK_MODEL,
      qwen: vars.QWEN_MODEL,
      ...(vars.FINGPT_MODEL ? { fingpt: vars.FINGPT_MODEL } : {}),
    },
    lagLlamaEndpoint: vars.LAG_LLAMA_ENDPOINT,
    dailyTokenBudget: vars.LLM_DAILY_TOKEN_BUDGET,
    dailyCostBudgetUsd: vars.LLM_DAILY_COST_BUDGET_USD,
    prices,
    lagLlamaUsdPerCall: vars.LAG_LLAMA_USD_PER_CALL,
    timeoutMs: vars.LLM_TIMEOUT_MS,
    backoffMs: vars.LLM_BACKOFF_MS,
    rateLimitRetries: vars.LLM_RATE_LIMIT_RETRIES,
    maxCompletionTokens: vars.LLM_MAX_COMPLETION_TOKENS,
    responseCache: vars.LLM_RESPONSE_CACHE,
  };
}

/** A remote provider needs where to call and how to authenticate. */
function modelProblems(vars: EnvironmentVariables): string[] {
  const problems: string[] = [];
  if (vars.CHAT_MODEL_PROVIDER === 'vertex' && !vars.GCP_PROJECT_ID) {
    problems.push('CHAT_MODEL_PROVIDER=vertex: GCP_PROJECT_ID is required');
  }
  if (vars.CHAT_MODEL_PROVIDER === 'openai' && !vars.OPENAI_BASE_URL) {
    problems.push('CHAT_MODEL_PROVIDER=openai: OPENAI_BASE_URL is required');
  }
  return problems;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Validates the environment once, at start. Throws a ConfigError with one line per problem; the only
 * function in the code base that reads environment variables.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const merged: Env = { ...readDotenv(cwd), ...env };
  const raw: Record<string, string> = {};
  for (const name of declaredVariables()) {
    const value = merged[name];
    if (value !== undefined && value.trim() !== '') raw[name] = value;
  }
  const vars = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const validation = describe(
    validateSync(vars, { forbidUnknownValues: true, stopAtFirstError: true }),
  );
  const tokens =
    validation.length === 0
      ? apiTokenSettings({
          ...vars,
          API_TOKENS_FILE: vars.API_TOKENS_FILE && resolve(cwd, vars.API_TOKENS_FILE),
        })
      : { tokens: [], problems: [] };
  const problems = [
    ...validation,
    ...blankAdminTokenProblems(merged),
    ...tokens.problems,
    ...liveTradingProblems(vars),
    ...warningLevelProblems(vars),
    ...modelProblems(vars),
  ];
  const seats = rosterSeats(vars, cwd);
  const roster = [...SEED_ROSTER, ...seats.seats];
  const mcp = mcpSettings(vars, cwd, roster, vars.PORT);
  problems.push(
    ...seats.problems,
    ...mcp.problems,
    ...seatAccessProblems(seats.seats, mcp.settings),
  );
  const hummingbot = hummingbotSettings(vars, cwd);
  problems.push(...hummingbot.problems);
  const freqtrade = freqtradeSettings(vars, cwd);
  problems.push(...freqtrade.problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return toAppConfig(
    vars,
    cwd,
    tokens.tokens,
    mcp.settings,
    hummingbot.settings,
    freqtrade.settings,
    roster,
  );
}
