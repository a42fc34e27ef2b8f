import type {
  AsterKlineInterval,
  BreakerModeSetting,
  AllocationPolicySetting,
  ChatModelProvider,
  GapPolicy,
  HummingbotSilenceAction,
  FreqtradeSilenceSetting,
  LogFormat,
  LogLevel,
  MarketDataSource,
  ResponseCacheKind,
} from './environment.dto.js';
import type { ApiTokenSetting } from './api-tokens.js';
import type { AgentDefinition, RoleDefinition } from './roster.js';

/** The validated, frozen configuration. The only way the rest of the code learns about its environment. */
export abstract class AppConfig {
  abstract readonly port: number;
  /** The interface the HTTP server binds. */
  abstract readonly host: string;
  abstract readonly logLevel: LogLevel;
  /** Unset: pretty when standard output is a terminal, JSON otherwise. */
  abstract readonly logFormat?: LogFormat;
  abstract readonly dataDir: string;
  abstract readonly storage: {
    /** The SQLite file's cap in MB; a write beyond it fails as on a full disk. */
    readonly sqliteMaxSizeMb?: number;
    /** Market-time age after which local analytics rows and shipped outbox rows are deleted. */
    readonly localRetentionMs: number;
    /** An outbox row with a field its stream lacks throws (tests) instead of being dropped on export. */
    readonly outboxStrictFields: boolean;
  };
  abstract readonly trading: {
    readonly paper: boolean;
    readonly marketData: MarketDataSource;
    readonly marketDataDir: string;
    readonly initialCapitalUsd: number;
    readonly replayBarIntervalMs: number;
    /** Epoch ms of market time where a replay ends early; undefined = the end of the data. */
    readonly replayToMs?: number;
    /** Epoch ms of market time where a replay starts; undefined = after the warm-up at the data's start. */
    readonly replayFromMs?: number;
    /** `SYMBOLS`: the replay's universe, narrowed; undefined = every symbol with a file. */
    readonly symbols?: readonly string[];
    readonly gapPolicy: GapPolicy;
    readonly simulatedFeedSeed: number;
    readonly paperFeeBps: number;
    readonly paperSlippageBps: number;
    readonly paperMakerFeeBps: number;
    /** `LIVE_TRADING_CONFIRM=yes`: the third condition of live trading, checked again by the broker factory. */
    readonly liveTradingConfirmed: boolean;
    readonly aster: {
      readonly apiKey?: string;
      readonly secretKey?: string;
      readonly user?: string;
      readonly signer?: string;
      readonly signerPrivateKey?: string;
      readonly baseUrl: string;
      readonly wsUrl: string;
      readonly chainId: number;
      readonly klineInterval: AsterKlineInterval;
    };
  };
  abstract readonly communication: { readonly mcpEnabled: boolean; readonly autoTune: boolean };
  /** Who may call what: named tokens (hashed) and whether reads need one. */
  abstract readonly access: {
    readonly readAuth: boolean;
    readonly tokens: readonly ApiTokenSetting[];
  };
  /** Caps on open `/events` streams. */
  abstract readonly events: {
    readonly maxClients: number;
    readonly maxClientsPerAddress: number;
  };
  abstract readonly export: {
    readonly gcpProjectId?: string;
    readonly bigQueryDataset: string;
    readonly bigQueryApiEndpoint?: string;
    readonly bigQueryPartitionExpirationDays: number;
  };
  abstract readonly pubsub: {
    readonly enabled: boolean;
    readonly emulatorHost?: string;
    readonly topicPrefix: string;
    readonly projectId: string;
    readonly createResources: boolean;
    readonly heartbeatTimeoutMs: number;
  };
  /** LLM and forecasting providers of the in-process agents, their budgets and response cache. */
  abstract readonly models: {
    readonly chatProvider: ChatModelProvider;
    readonly vertex: {
      readonly projectId?: string;
      readonly location: string;
      readonly apiEndpoint?: string;
      readonly accessToken?: string;
    };
    readonly openai: { readonly baseUrl?: string; readonly apiKey?: string };
    /** The chat model id each LLM agent asks; an agent not listed here runs on the LocalReasoner. */
    readonly chatModelByAgent: Readonly<Record<string, string>>;
    readonly lagLlamaEndpoint?: string;
    readonly dailyTokenBudget: number;
    readonly dailyCostBudgetUsd: number;
    /** USD per million tokens, by model id. */
    readonly prices: Readonly<Record<string, { readonly input: number; readonly output: number }>>;
    readonly lagLlamaUsdPerCall: number;
    readonly timeoutMs: number;
    readonly backoffMs: number;
    readonly rateLimitRetries: number;
    readonly maxCompletionTokens: number;
    readonly responseCache: ResponseCacheKind;
  };
  /** Portfolio risk: drawdown breakers, pre-trade limits, the drift that triggers a rebalance. */
  abstract readonly portfolio: {
    readonly maxDrawdownPct: number;
    readonly agentMaxDrawdownPct: number;
    readonly breakerMode: BreakerModeSetting;
    readonly drawdownWarningPct: number;
    readonly agentDrawdownWarningPct: number;
    readonly allocationPolicy: AllocationPolicySetting;
    readonly allocationWindowMs: number;
    readonly reducePositions: boolean;
    readonly maxGrossExposurePct: number;
    readonly maxSymbolExposurePct: number;
    readonly maxOrdersPerMinute: number;
    readonly rebalanceDriftPct: number;
  };
  /** The MCP server: outside LLM agents take roster seats with bearer tokens. */
  abstract readonly mcp: {
    readonly serverEnabled: boolean;
    readonly seats: readonly { readonly agentId: string; readonly token: string }[];
    /** Origins (`scheme://host[:port]`) a browser may call from; localhost on PORT is always allowed. */
    readonly allowedOrigins: readonly string[];
  };
  /** Online backups of the SQLite state (issue 22). */
  abstract readonly backup: {
    readonly dir: string;
    /** Market time between scheduled backups; 0 = on demand only. */
    readonly intervalMs: number;
    readonly keep: number;
    readonly gcs?: {
      readonly bucket: string;
      readonly prefix: string;
      readonly apiEndpoint?: string;
    };
    /** A Cloud Storage endpoint for `restore --from gs://…` even when no bucket is configured. */
    readonly gcsApiEndpoint?: string;
  };
  /** The real Hummingbot over its MQTT bridge (issue 21); undefined when HUMMINGBOT_MQTT_URL is unset. */
  abstract readonly hummingbot?: {
    readonly mqttUrl: string;
    readonly namespace: string;
    readonly instanceId: string;
    readonly username?: string;
    readonly password?: string;
    readonly exchange: string;
    readonly commandTimeoutMs: number;
    readonly heartbeatTimeoutMs: number;
    readonly onSilence: HummingbotSilenceAction;
  };
  /** The real Freqtrade bot behind `freqtrade-hft` (issue 21); undefined = not configured. */
  abstract readonly freqtrade: FreqtradeSettings | undefined;
  abstract readonly roles: readonly RoleDefinition[];
  abstract readonly roster: readonly AgentDefinition[];
}

export interface FreqtradeSettings {
  /** The API server's origin, without a trailing slash. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly onSilence: FreqtradeSilenceSetting;
  readonly timeoutMs: number;
  readonly probeMs: number;
}
