import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsISO8601,
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

/** `pretty`: coloured lines for a terminal; `json`: one JSON object per line. Unset: pretty on a TTY. */
export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export const MARKET_DATA_SOURCES = ['replay', 'simulated', 'aster'] as const;
export type MarketDataSource = (typeof MARKET_DATA_SOURCES)[number];

/** What the loader does with missing bars: stop the start (`refuse`) or insert flat bars (`fill-forward`). */
export const GAP_POLICIES = ['refuse', 'fill-forward'] as const;
export type GapPolicy = (typeof GAP_POLICIES)[number];

export const ASTER_KLINE_INTERVALS = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h'] as const;
export type AsterKlineInterval = (typeof ASTER_KLINE_INTERVALS)[number];

export const CHAT_MODEL_PROVIDERS = ['local', 'vertex', 'openai'] as const;
export type ChatModelProvider = (typeof CHAT_MODEL_PROVIDERS)[number];

export const RESPONSE_CACHE_KINDS = ['sqlite', 'memory', 'off'] as const;
export type ResponseCacheKind = (typeof RESPONSE_CACHE_KINDS)[number];

export const BREAKER_MODES = ['halt', 'reduce-only', 'flatten'] as const;
export type BreakerModeSetting = (typeof BREAKER_MODES)[number];
/** What a silent Freqtrade bot leaves behind: its built-in stand-in, or its agent halted. */
export const FREQTRADE_SILENCE_MODES = ['stand-in', 'halt'] as const;
export type FreqtradeSilenceSetting = (typeof FREQTRADE_SILENCE_MODES)[number];

export const ALLOCATION_POLICIES = ['performance', 'static'] as const;
export type AllocationPolicySetting = (typeof ALLOCATION_POLICIES)[number];
/** What follows a connected Hummingbot going silent: its built-in stand-in returns, or the agent is halted. */
export const HUMMINGBOT_SILENCE_ACTIONS = ['stand-in', 'halt'] as const;
export type HummingbotSilenceAction = (typeof HUMMINGBOT_SILENCE_ACTIONS)[number];

export const READ_AUTH_SETTINGS = ['on', 'off'] as const;
export type ReadAuthSetting = (typeof READ_AUTH_SETTINGS)[number];

/** RFC 6750 `b64token`: what may follow `Bearer ` in an Authorization header. */
export const BEARER_TOKEN_PATTERN = /^[A-Za-z0-9\-._~+/]+=*$/;

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

  @IsOptional()
  @Transform(({ value }: Raw) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(LOG_FORMATS)
  LOG_FORMAT?: LogFormat;

  @Transform(toBoolean)
  @IsBoolean()
  PAPER_TRADING = true;

  @IsOptional()
  @IsString()
  LIVE_TRADING_CONFIRM?: string;

  @Transform(toBoolean)
  @IsBoolean()
  MCP_ENABLED = true;

  /** Let the coordinator tune participation thresholds (floors, market regime) within role bounds. */
  @Transform(toBoolean)
  @IsBoolean()
  PARTICIPATION_AUTOTUNE = true;

  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { message: 'GCP_PROJECT_ID must be a GCP project id' })
  GCP_PROJECT_ID?: string;

  @IsOptional()
  @IsString()
  ASTER_API_KEY?: string;

  @IsOptional()
  @IsString()
  ASTER_SECRET_KEY?: string;

  /** Aster REST host; the V3 samples use `https://fapi3.asterdex.com`, the testnet its own host. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  ASTER_BASE_URL = 'https://fapi.asterdex.com';

  /** Aster websocket host (market streams and the user-data stream). */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['ws', 'wss'] })
  ASTER_WS_URL = 'wss://fstream.asterdex.com';

  /** V3 signing: the main account's wallet address. */
  @IsOptional()
  @Matches(/^0x[0-9a-fA-F]{40}$/, { message: 'ASTER_USER must be a 0x-prefixed 20-byte address' })
  ASTER_USER?: string;

  /** V3 signing: the API wallet ("agent") address. */
  @IsOptional()
  @Matches(/^0x[0-9a-fA-F]{40}$/, { message: 'ASTER_SIGNER must be a 0x-prefixed 20-byte address' })
  ASTER_SIGNER?: string;

  /** V3 signing: the API wallet's private key. Its format is checked by the live guard, which never echoes it. */
  @IsOptional()
  @IsString()
  ASTER_SIGNER_PRIVATE_KEY?: string;

  /** EIP-712 chain id of Aster's signing domain: 1666 on mainnet, 714 on the testnet. */
  @Transform(toNumber)
  @IsPositive()
  @IsInt()
  ASTER_CHAIN_ID = 1666;

  /** Bar size of `MARKET_DATA=aster`: one tick per closed kline of this interval. */
  @IsIn(ASTER_KLINE_INTERVALS)
  ASTER_KLINE_INTERVAL: AsterKlineInterval = '5m';

  /** Interface the HTTP server binds: loopback for `npm start`; the image and the manifests set 0.0.0.0. */
  @Matches(/^[\w.:-]+$/, { message: 'HOST must be an IP address or a host name' })
  HOST = '127.0.0.1';

  // Token values are secrets: their messages never carry the value (load-config hides it as well).
  @IsOptional()
  @Matches(BEARER_TOKEN_PATTERN, {
    message: 'ADMIN_TOKEN may hold only letters, digits and -._~+/=',
  })
  @MinLength(16, { message: 'ADMIN_TOKEN must be at least 16 characters' })
  @IsString()
  ADMIN_TOKEN?: string;

  @IsOptional()
  @Matches(BEARER_TOKEN_PATTERN, {
    message: 'OPERATOR_TOKEN may hold only letters, digits and -._~+/=',
  })
  @MinLength(16, { message: 'OPERATOR_TOKEN must be at least 16 characters' })
  @IsString()
  OPERATOR_TOKEN?: string;

  @IsOptional()
  @Matches(BEARER_TOKEN_PATTERN, {
    message: 'READ_TOKEN may hold only letters, digits and -._~+/=',
  })
  @MinLength(16, { message: 'READ_TOKEN must be at least 16 characters' })
  @IsString()
  READ_TOKEN?: string;

  /** A JSON file (a mounted Secret) of named tokens: `[{"name", "scope", "token"}]`. */
  @IsOptional()
  @IsString()
  API_TOKENS_FILE?: string;

  /** `off`: GET endpoints and /events need no token. Default: off on loopback, on otherwise. */
  @IsOptional()
  @Transform(({ value }: Raw) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(READ_AUTH_SETTINGS)
  READ_AUTH?: ReadAuthSetting;

  /** Open `/events` streams at once, in total and from one client address. */
  @Transform(toNumber)
  @Min(1)
  @IsInt()
  EVENTS_MAX_CLIENTS = 200;

  @Transform(toNumber)
  @Min(1)
  @IsInt()
  EVENTS_MAX_CLIENTS_PER_ADDRESS = 10;

  @MinLength(1)
  @IsString()
  DATA_DIR = './data';

  /** Caps the SQLite file (MB): beyond it writes fail as on a full disk. Unset: no cap. */
  @IsOptional()
  @Transform(toNumber)
  @Min(1)
  @IsNumber()
  SQLITE_MAX_SIZE_MB?: number;

  /** Days of market time the local analytics_* tables and shipped outbox rows are kept. */
  @Transform(toNumber)
  @IsPositive()
  @IsNumber()
  LOCAL_RETENTION_DAYS = 7;

  /** Refuse an outbox row with a field its stream does not have (the tests turn it on). */
  @Transform(toBoolean)
  @IsBoolean()
  OUTBOX_STRICT_FIELDS = false;

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

  /** Days a BigQuery day-partition is kept before BigQuery drops it. */
  @Transform(toNumber)
  @Min(1)
  @Max(36_500)
  @IsInt()
  BIGQUERY_PARTITION_EXPIRATION_DAYS = 180;

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

  /** Create the bridge's topics and subscriptions when missing; `false` where infrastructure code owns them. */
  @Transform(toBoolean)
  @IsBoolean()
  PUBSUB_CREATE_RESOURCES = true;

  /** An external agent silent this long is disconnected and its built-in stand-in returns. */
  @Transform(toNumber)
  @Min(100)
  @Max(3_600_000)
  @IsInt()
  PUBSUB_HEARTBEAT_TIMEOUT_MS = 15_000;

  /** The bundled candles and headlines (relative to the working directory). */
  @MinLength(1)
  @IsString()
  MARKET_DATA_DIR = './assets/market';

  /**
   * Wall milliseconds the service waits between replayed bars, so a person can watch (0 = as fast as
   * the CPU allows). It paces the demo only: every policy runs on market time, so no figure changes.
   */
  @Transform(toNumber)
  @Min(0)
  @Max(300_000)
  @IsInt()
  REPLAY_BAR_INTERVAL_MS = 250;

  /** The replay stops at this market time (ISO-8601) as at the end of the data; unset = at the end. */
  @IsOptional()
  @IsISO8601({ strict: true })
  REPLAY_TO?: string;

  /** The replay starts at this market time (ISO-8601); warm-up comes from the bars before it. */
  @IsOptional()
  @IsISO8601({ strict: true })
  REPLAY_FROM?: string;

  /** `BTCUSDT,ETHUSDT`: narrows the replay's universe to these symbols; unset = every file in MARKET_DATA_DIR. */
  @IsOptional()
  @Matches(/^[A-Z0-9]{2,20}(,[A-Z0-9]{2,20})*$/, {
    message: 'SYMBOLS must be a comma list of symbols such as BTCUSDT,ETHUSDT',
  })
  SYMBOLS?: string;

  @Transform(({ value }: Raw) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(GAP_POLICIES)
  GAP_POLICY: GapPolicy = 'refuse';

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

  /** Paper maker fee: a resting limit order that a later bar trades through pays this. */
  @Transform(toNumber)
  @Min(0)
  @Max(500)
  @IsNumber()
  PAPER_MAKER_FEE_BPS = 2;

  /** Seed of the simulated feed (`MARKET_DATA=simulated`), so a run can be repeated exactly. */
  @Transform(toNumber)
  @IsInt()
  SIMULATED_FEED_SEED = 42;

  // ── Models (issue 9): LLM and forecasting providers, budgets, response cache ──

  /** `local` = rule-based LocalReasoner; `vertex` = Vertex AI chat completions (ADC); `openai` = any OpenAI-compatible URL. */
  @Transform(({ value }: Raw) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(CHAT_MODEL_PROVIDERS)
  CHAT_MODEL_PROVIDER: ChatModelProvider = 'local';

  /** Vertex AI location of the chat models (`global` or a region such as `us-west2`). */
  @Matches(/^[a-z][a-z0-9-]{1,30}$/, {
    message: 'VERTEX_LOCATION must be a location such as global or us-west2',
  })
  VERTEX_LOCATION = 'global';

  /** Vertex AI endpoint override (a test server); unset = Google's regional or global host. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  VERTEX_API_ENDPOINT?: string;

  /** A fixed access token for Vertex AI (e.g. `gcloud auth print-access-token`); unset = Application Default Credentials. */
  @IsOptional()
  @IsString()
  VERTEX_ACCESS_TOKEN?: string;

  /** Base URL of an OpenAI-compatible API (`CHAT_MODEL_PROVIDER=openai`), up to but without `/chat/completions`. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  OPENAI_BASE_URL?: string;

  @IsOptional()
  @IsString()
  OPENAI_API_KEY?: string;

  @MinLength(1)
  @IsString()
  DEEPSEEK_MODEL = 'deepseek-ai/deepseek-v3.1-maas';

  @MinLength(1)
  @IsString()
  QWEN_MODEL = 'qwen/qwen3-235b-a22b-instruct-2507-maas';

  /** FinGPT-style sentiment model on the same chat endpoint; unset = the lexicon scorer. */
  @IsOptional()
  @MinLength(1)
  @IsString()
  FINGPT_MODEL?: string;

  /** Lag-Llama on a Vertex endpoint: `projects/P/locations/R/endpoints/ID` or a full `…:predict` URL; unset = LocalForecaster. */
  @IsOptional()
  @Matches(/^(projects\/[\w-]+\/locations\/[\w-]+\/endpoints\/[\w-]+|https?:\/\/\S+)$/, {
    message: 'LAG_LLAMA_ENDPOINT must be projects/P/locations/R/endpoints/ID or an http(s) URL',
  })
  LAG_LLAMA_ENDPOINT?: string;

  /** Per agent and UTC day; at the limit the agent pauses until the next day. */
  @Transform(toNumber)
  @Min(0)
  @IsInt()
  LLM_DAILY_TOKEN_BUDGET = 200_000;

  /** Per agent and UTC day, in USD; at the limit the agent pauses until the next day. */
  @Transform(toNumber)
  @Min(0)
  @IsNumber()
  LLM_DAILY_COST_BUDGET_USD = 1.5;

  /** USD per million tokens, `model=input/output` separated by commas; adds to or overrides the built-in prices. */
  @IsOptional()
  @Matches(/^[^=,\s]+=\d+(\.\d+)?\/\d+(\.\d+)?(,[^=,\s]+=\d+(\.\d+)?\/\d+(\.\d+)?)*$/, {
    message:
      'LLM_PRICES must be model=input/output[,model=input/output…] in USD per million tokens',
  })
  LLM_PRICES?: string;

  /** What one Lag-Llama prediction is charged to the forecaster (the endpoint bills node-hours, not calls). */
  @Transform(toNumber)
  @Min(0)
  @IsNumber()
  LAG_LLAMA_USD_PER_CALL = 0;

  @Transform(toNumber)
  @Min(1)
  @Max(600_000)
  @IsInt()
  LLM_TIMEOUT_MS = 30_000;

  /** First wait after a 429 (doubled per retry; a Retry-After header wins). */
  @Transform(toNumber)
  @Min(0)
  @Max(600_000)
  @IsInt()
  LLM_BACKOFF_MS = 2_000;

  @Transform(toNumber)
  @Min(0)
  @Max(10)
  @IsInt()
  LLM_RATE_LIMIT_RETRIES = 2;

  @Transform(toNumber)
  @Min(16)
  @Max(32_768)
  @IsInt()
  LLM_MAX_COMPLETION_TOKENS = 400;

  /** Answers keyed by the exact request: `sqlite` (survives restarts, replays repeat), `memory`, `off`. */
  @Transform(({ value }: Raw) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(RESPONSE_CACHE_KINDS)
  LLM_RESPONSE_CACHE: ResponseCacheKind = 'sqlite';

  // ── Portfolio risk (issue 4): drawdown breakers, pre-trade limits, rebalancing ──

  /** Portfolio drawdown from its equity high-water mark (percent) that trips the portfolio breaker. */
  @Transform(toNumber)
  @Min(0.01)
  @Max(100)
  @IsNumber()
  MAX_DRAWDOWN_PCT = 20;

  /** An agent's drawdown from its PnL peak, as a share of its capital (percent), that trips its breaker. */
  @Transform(toNumber)
  @Min(0.01)
  @Max(100)
  @IsNumber()
  AGENT_MAX_DRAWDOWN_PCT = 30;

  /**
   * What a tripped drawdown breaker does: `halt` (no new risk; sells pass), `reduce-only` (only orders
   * that cut a position), `flatten` (sell its scope's positions at market, then halt). Admin halt halts.
   */
  @Transform(({ value }: Raw) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(BREAKER_MODES)
  BREAKER_MODE: BreakerModeSetting = 'halt';

  /** Portfolio drawdown (percent) that warns before the breaker trips; unset: ¾ of MAX_DRAWDOWN_PCT (15). */
  @IsOptional()
  @Transform(toNumber)
  @Min(0.01)
  @Max(100)
  @IsNumber()
  DRAWDOWN_WARNING_PCT?: number;

  /** An agent's drawdown (percent) that warns before its breaker trips; unset: ¾ of AGENT_MAX_DRAWDOWN_PCT. */
  @IsOptional()
  @Transform(toNumber)
  @Min(0.01)
  @Max(100)
  @IsNumber()
  AGENT_DRAWDOWN_WARNING_PCT?: number;

  /** How allocation targets are set: `performance` (risk-adjusted score) or `static` (role weights). */
  @Transform(({ value }: Raw) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(ALLOCATION_POLICIES)
  ALLOCATION_POLICY: AllocationPolicySetting = 'performance';

  /** Days of market time the allocation scores agents over. */
  @Transform(toNumber)
  @Min(0.25)
  @Max(365)
  @IsNumber()
  ALLOCATION_WINDOW_DAYS = 7;

  /** A rebalance may sell an agent's positions pro rata to take back capital it holds no cash for. */
  @Transform(toBoolean)
  @IsBoolean()
  REBALANCE_REDUCE_POSITIONS = true;

  /** Market value of all positions, across agents, as a share of portfolio equity (percent). */
  @Transform(toNumber)
  @Min(1)
  @Max(100)
  @IsNumber()
  MAX_GROSS_EXPOSURE_PCT = 90;

  /** Market value of one symbol, across agents, as a share of portfolio equity (percent). */
  @Transform(toNumber)
  @Min(1)
  @Max(100)
  @IsNumber()
  MAX_SYMBOL_EXPOSURE_PCT = 35;

  /** Orders one agent may place in any 60 seconds. */
  @Transform(toNumber)
  @Min(1)
  @Max(100_000)
  @IsInt()
  MAX_ORDERS_PER_MINUTE = 120;

  /** Actual − target allocation (points) beyond which capital is moved back at once, not at the next scheduled rebalance. */
  @Transform(toNumber)
  @Min(0.5)
  @Max(100)
  @IsNumber()
  REBALANCE_DRIFT_PCT = 5;

  /** The MCP server at `/mcp`; unset = on exactly when seat tokens are configured. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  MCP_SERVER_ENABLED?: boolean;

  /** `agent-id:token,…`: each bearer token seats an outside client as that roster agent. */
  @IsOptional()
  @IsString()
  MCP_SEAT_TOKENS?: string;

  /** A file (a mounted Secret) with `agent-id:token` pairs, one per line or comma-separated. */
  @IsOptional()
  @MinLength(1)
  @IsString()
  MCP_SEAT_TOKENS_FILE?: string;

  /** Agents that exist only as MCP seats: `id:role[:floor=…][:cap=…][:threshold=…][:symbols=A+B][:tokens=…][:usd=…],…`. */
  @IsOptional()
  @IsString()
  MCP_SEATS?: string;

  /** A file of `MCP_SEATS` entries, one per line; adds to `MCP_SEATS`. */
  @IsOptional()
  @MinLength(1)
  @IsString()
  MCP_SEATS_FILE?: string;

  /** Browser origins allowed to call `/mcp` (comma-separated); requests without an Origin are not browsers. */
  @IsOptional()
  @IsString()
  MCP_ALLOWED_ORIGINS?: string;
  // ── Backups (issue 22): online SQLite backups, retention, Cloud Storage ──

  /** Where backups are written; unset = `DATA_DIR/backups`. */
  @IsOptional()
  @MinLength(1)
  @IsString()
  BACKUP_DIR?: string;

  /** Market time between scheduled backups: a number with `ms`, `s`, `m` or `h` (`0` = on demand only). */
  @Matches(/^(0|\d+(ms|s|m|h))$/, {
    message: 'BACKUP_INTERVAL must be a duration such as 30m or 1h (0 = on demand only)',
  })
  BACKUP_INTERVAL = '1h';

  /** How many backups to keep, locally and in the bucket; older ones are deleted. */
  @Transform(toNumber)
  @Min(1)
  @Max(10_000)
  @IsInt()
  BACKUP_KEEP = 48;

  /** A Cloud Storage bucket that receives a copy of every backup; unset = local only. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, {
    message: 'BACKUP_GCS_BUCKET must be a bucket name (lower case, digits, dots, dashes)',
  })
  BACKUP_GCS_BUCKET?: string;

  /** Object name prefix of backups in the bucket. */
  @Matches(/^([\w.-]+\/)*$/, { message: 'BACKUP_GCS_PREFIX must be empty or end with /' })
  BACKUP_GCS_PREFIX = 'backups/';

  /** Cloud Storage endpoint override (an emulator or test server); requests to it carry no credentials. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  BACKUP_GCS_ENDPOINT?: string;
  // ── Hummingbot over its MQTT bridge (issue 21): off while HUMMINGBOT_MQTT_URL is unset ──

  /** The broker the bot's MQTT bridge uses (`mqtt://host:1883`, `mqtts://…`, `ws://…`). */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['mqtt', 'mqtts', 'ws', 'wss'] })
  HUMMINGBOT_MQTT_URL?: string;

  /** The bot's `instance_id` (conf_client.yml); its topics are `<namespace>/<instance_id>/…`. */
  @IsOptional()
  @Matches(/^[\w.-]{1,100}$/, { message: 'HUMMINGBOT_INSTANCE_ID must be letters, digits, _ . -' })
  HUMMINGBOT_INSTANCE_ID?: string;

  /** The bridge's `mqtt_namespace`. */
  @Matches(/^[\w-]{1,50}$/, { message: 'HUMMINGBOT_MQTT_NAMESPACE must be letters, digits, _ -' })
  HUMMINGBOT_MQTT_NAMESPACE = 'hbot';

  @IsOptional()
  @IsString()
  HUMMINGBOT_MQTT_USERNAME?: string;

  /** A file (a mounted Secret) holding the username. */
  @IsOptional()
  @MinLength(1)
  @IsString()
  HUMMINGBOT_MQTT_USERNAME_FILE?: string;

  @IsOptional()
  @IsString()
  HUMMINGBOT_MQTT_PASSWORD?: string;

  /** A file (a mounted Secret) holding the password. */
  @IsOptional()
  @MinLength(1)
  @IsString()
  HUMMINGBOT_MQTT_PASSWORD_FILE?: string;

  /** The connector name the bot trades on, for `balance_limit` (e.g. `binance`, `binance_paper_trade`). */
  @Matches(/^[\w-]{1,60}$/, { message: 'HUMMINGBOT_EXCHANGE must be a Hummingbot connector name' })
  HUMMINGBOT_EXCHANGE = 'binance_paper_trade';

  /** How long a command waits for the bot's reply. */
  @Transform(toNumber)
  @Min(100)
  @Max(120_000)
  @IsInt()
  HUMMINGBOT_COMMAND_TIMEOUT_MS = 10_000;

  /** The bot beats every 10 s; silent this long, it is gone. */
  @Transform(toNumber)
  @Min(100)
  @Max(3_600_000)
  @IsInt()
  HUMMINGBOT_HEARTBEAT_TIMEOUT_MS = 35_000;

  @IsIn(HUMMINGBOT_SILENCE_ACTIONS)
  HUMMINGBOT_ON_SILENCE: HummingbotSilenceAction = 'stand-in';

  // ── Freqtrade (issue 21): the real bot as freqtrade-hft, over its REST API and message websocket ──

  /** The bot's API server (`http://host:8080`); unset = no connector, nothing is contacted. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  FREQTRADE_URL?: string;

  /** The `api_server.username` of the bot. */
  @IsOptional()
  @MinLength(1)
  @IsString()
  FREQTRADE_USERNAME?: string;

  /** The `api_server.password` of the bot. */
  @IsOptional()
  @MinLength(1)
  @IsString()
  FREQTRADE_PASSWORD?: string;

  /** A file holding the password (a mounted Secret); wins over FREQTRADE_PASSWORD. */
  @IsOptional()
  @MinLength(1)
  @IsString()
  FREQTRADE_PASSWORD_FILE?: string;

  /** When the bot is silent past PUBSUB_HEARTBEAT_TIMEOUT_MS: `stand-in` returns, or `halt` the agent. */
  @IsIn(FREQTRADE_SILENCE_MODES)
  FREQTRADE_ON_SILENCE: FreqtradeSilenceSetting = 'stand-in';

  /** A REST call to the bot not answered in time is abandoned. */
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  @Max(120_000)
  FREQTRADE_TIMEOUT_MS = 10_000;

  /** How often the connector asks the bot for its health while connected (its heartbeat). */
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  @Max(600_000)
  FREQTRADE_PROBE_MS = 5_000;
}
