import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const MARKET_DATA_SOURCES = ['replay', 'simulated', 'aster'] as const;
export type MarketDataSource = (typeof MARKET_DATA_SOURCES)[number];

type Raw = { value: unknown };

/** "true"/"false" (any case) become booleans; anything else stays a string and fails @IsBoolean. */
const toBoolean = ({ value }: Raw): unknown => {
  if (typeof value !== 'string') return value;
  const lowered = value.trim().toLowerCase();
  if (lowered === 'true') return true;
  if (lowered === 'false') return false;
  return value;
};

/** Numbers must be written as plain decimals; "12abc" stays a string and fails validation. */
const toNumber = ({ value }: Raw): unknown => {
  if (typeof value !== 'string' || value.trim() === '') return value;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : value;
};

const toUpper = ({ value }: Raw): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

/**
 * Every environment variable Cloud Trader reads, with its default. Only `loadConfig` builds this; the
 * rest of the code receives the frozen `AppConfig`.
 */
export class EnvironmentVariables {
  @Transform(toNumber)
  @Min(0)
  @Max(65535)
  @IsInt()
  PORT = 8080;

  @Transform(toUpper)
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'INFO';

  @Transform(toBoolean)
  @IsBoolean()
  PAPER_TRADING = true;

  @IsOptional()
  @IsString()
  LIVE_TRADING_CONFIRM?: string;

  @Transform(toBoolean)
  @IsBoolean()
  MCP_ENABLED = true;

  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { message: 'GCP_PROJECT_ID must be a GCP project id' })
  GCP_PROJECT_ID?: string;

  @IsOptional()
  @IsString()
  ASTER_API_KEY?: string;

  @IsOptional()
  @IsString()
  ASTER_SECRET_KEY?: string;

  @IsOptional()
  @MinLength(16, { message: 'ADMIN_TOKEN must be at least 16 characters' })
  @IsString()
  ADMIN_TOKEN?: string;

  @MinLength(1)
  @IsString()
  DATA_DIR = './data';

  @Transform(({ value }: Raw) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(MARKET_DATA_SOURCES)
  MARKET_DATA: MarketDataSource = 'replay';

  @Transform(toNumber)
  @IsPositive()
  @IsNumber()
  INITIAL_CAPITAL_USD = 100_000;

  @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,1023}$/, {
    message: 'BIGQUERY_DATASET must be letters, digits and underscores',
  })
  BIGQUERY_DATASET = 'cloud_trader';

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  BIGQUERY_API_ENDPOINT?: string;

  @Transform(toBoolean)
  @IsBoolean()
  PUBSUB_ENABLED = false;

  @IsOptional()
  @Matches(/^[\w.-]+:\d{1,5}$/, { message: 'PUBSUB_EMULATOR_HOST must be host:port' })
  PUBSUB_EMULATOR_HOST?: string;

  @Matches(/^[A-Za-z][\w.~+%-]{0,200}$/, {
    message: 'PUBSUB_TOPIC_PREFIX must be a valid topic name prefix',
  })
  PUBSUB_TOPIC_PREFIX = 'cloud-trader';

  /** The bundled candles and headlines (relative to the working directory). */
  @MinLength(1)
  @IsString()
  MARKET_DATA_DIR = './assets/market';

  /** How often the replay feed advances one 5-minute bar, in milliseconds of wall time. */
  @Transform(toNumber)
  @Min(1)
  @Max(300_000)
  @IsInt()
  REPLAY_BAR_INTERVAL_MS = 250;

  @Transform(toNumber)
  @Min(0)
  @Max(500)
  @IsNumber()
  PAPER_FEE_BPS = 7.5;

  @Transform(toNumber)
  @Min(0)
  @Max(500)
  @IsNumber()
  PAPER_SLIPPAGE_BPS = 2;

  /** Seed of the simulated feed (`MARKET_DATA=simulated`), so a run can be repeated exactly. */
  @Transform(toNumber)
  @IsInt()
  SIMULATED_FEED_SEED = 42;
}
