import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { parse as parseDotenv } from 'dotenv';
import type { AppConfig } from './app-config.js';
import { ConfigError } from './config-error.js';
import { EnvironmentVariables } from './environment.dto.js';
import { SEED_ROLES, SEED_ROSTER } from './roster.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The variables the DTO declares; everything else in the environment is ignored. */
function declaredVariables(): string[] {
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

function describe(errors: readonly ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map(
      (message) => `${error.property}=${JSON.stringify(error.value)}: ${message}`,
    ),
  );
}

function liveTradingProblems(vars: EnvironmentVariables): string[] {
  if (vars.PAPER_TRADING) return [];
  const problems: string[] = [];
  if (!vars.ASTER_API_KEY) problems.push('PAPER_TRADING=false: ASTER_API_KEY is required');
  if (!vars.ASTER_SECRET_KEY) problems.push('PAPER_TRADING=false: ASTER_SECRET_KEY is required');
  if (vars.LIVE_TRADING_CONFIRM !== 'yes') {
    problems.push('PAPER_TRADING=false: set LIVE_TRADING_CONFIRM=yes to confirm live trading');
  }
  return problems;
}

function toAppConfig(vars: EnvironmentVariables, cwd: string): AppConfig {
  const config: AppConfig = {
    port: vars.PORT,
    logLevel: vars.LOG_LEVEL,
    dataDir: resolve(cwd, vars.DATA_DIR),
    trading: {
      paper: vars.PAPER_TRADING,
      marketData: vars.MARKET_DATA,
      marketDataDir: resolve(cwd, vars.MARKET_DATA_DIR),
      initialCapitalUsd: vars.INITIAL_CAPITAL_USD,
      replayBarIntervalMs: vars.REPLAY_BAR_INTERVAL_MS,
      simulatedFeedSeed: vars.SIMULATED_FEED_SEED,
      paperFeeBps: vars.PAPER_FEE_BPS,
      paperSlippageBps: vars.PAPER_SLIPPAGE_BPS,
      aster: { apiKey: vars.ASTER_API_KEY, secretKey: vars.ASTER_SECRET_KEY },
    },
    communication: { mcpEnabled: vars.MCP_ENABLED },
    admin: { token: vars.ADMIN_TOKEN },
    export: {
      gcpProjectId: vars.GCP_PROJECT_ID,
      bigQueryDataset: vars.BIGQUERY_DATASET,
      bigQueryApiEndpoint: vars.BIGQUERY_API_ENDPOINT,
    },
    pubsub: {
      enabled: vars.PUBSUB_ENABLED || vars.PUBSUB_EMULATOR_HOST !== undefined,
      emulatorHost: vars.PUBSUB_EMULATOR_HOST,
      topicPrefix: vars.PUBSUB_TOPIC_PREFIX,
    },
    roles: SEED_ROLES,
    roster: SEED_ROSTER,
  };
  return deepFreeze(config);
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
  const problems = [
    ...describe(validateSync(vars, { forbidUnknownValues: true, stopAtFirstError: true })),
    ...liveTradingProblems(vars),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  return toAppConfig(vars, cwd);
}
