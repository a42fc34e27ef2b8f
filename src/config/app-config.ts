import type { LogLevel, MarketDataSource } from './environment.dto.js';
import type { AgentDefinition, RoleDefinition } from './roster.js';

/** The validated, frozen configuration. The only way the rest of the code learns about its environment. */
export abstract class AppConfig {
  abstract readonly port: number;
  abstract readonly logLevel: LogLevel;
  abstract readonly dataDir: string;
  abstract readonly trading: {
    readonly paper: boolean;
    readonly marketData: MarketDataSource;
    readonly marketDataDir: string;
    readonly initialCapitalUsd: number;
    readonly replayBarIntervalMs: number;
    readonly simulatedFeedSeed: number;
    readonly paperFeeBps: number;
    readonly paperSlippageBps: number;
    readonly aster: { readonly apiKey?: string; readonly secretKey?: string };
  };
  abstract readonly communication: { readonly mcpEnabled: boolean };
  abstract readonly admin: { readonly token?: string };
  abstract readonly export: {
    readonly gcpProjectId?: string;
    readonly bigQueryDataset: string;
    readonly bigQueryApiEndpoint?: string;
  };
  abstract readonly pubsub: {
    readonly enabled: boolean;
    readonly emulatorHost?: string;
    readonly topicPrefix: string;
  };
  abstract readonly roles: readonly RoleDefinition[];
  abstract readonly roster: readonly AgentDefinition[];
}
