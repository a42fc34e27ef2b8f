/**
 * Roles and the seed roster are data: adding an agent or tuning a role is an edit here (or, later, a
 * config file), never a new class.
 */
export const ROLES = [
  'hft',
  'market-maker',
  'strategist',
  'risk-analyst',
  'sentiment',
  'forecaster',
] as const;
export type Role = (typeof ROLES)[number];

export const MESSAGE_TYPES = ['signal', 'thesis', 'discussion', 'guidance', 'heartbeat'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export type Side = 'buy' | 'sell';

export const AGENT_DRIVERS = [
  'momentum',
  'market-maker',
  'reasoner',
  'sentiment',
  'forecaster',
] as const;
export type AgentDriver = (typeof AGENT_DRIVERS)[number];

/**
 * The seed universe: the symbols of the bundled data, of the simulation and of the venue. A replay's
 * universe comes from its data (`MarketUniverse`); agents trade the part of their symbols it holds.
 */
export const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'ADAUSDT'] as const;

/**
 * A token bucket in market time. At live pace a 5-minute bar brings five minutes of refill, so the
 * budget reads as "a burst of `capacity`, then `refillPerMinute` × 5 a bar": whatever the replay pace.
 */
export interface ThrottleBudget {
  /** Messages an agent may send in a burst. */
  readonly capacity: number;
  /** Tokens back per minute of market time. */
  readonly refillPerMinute: number;
  /** After the bucket runs dry the agent stays throttled this long in market time, then resumes. */
  readonly cooldownMs: number;
}

export interface RoleDefinition {
  readonly role: Role;
  readonly description: string;
  /** Message types an agent in this role may publish (heartbeats are always allowed). */
  readonly publishes: readonly MessageType[];
  /** Whether the role's signals are executed against capital. */
  readonly trades: boolean;
  /** Share of deployable capital before performance adjusts it. */
  readonly baseWeight: number;
  /** Largest single order as a fraction of the agent's capital. */
  readonly maxOrderFraction: number;
  readonly defaultThreshold: number;
  /** Where auto-tuning may move the role's thresholds. */
  readonly thresholdBounds: { readonly min: number; readonly max: number };
  /** Activity score under which the role's agents raise "participation below threshold". */
  readonly floor: number;
  readonly throttle: ThrottleBudget;
  /** How much an agent of this role cares about messages from each role (0–1). */
  readonly affinity: Readonly<Partial<Record<Role, number>>>;
  readonly instructions: readonly string[];
}

/** How an agent takes part: in the process (a built-in driver), or only through its MCP seat. */
export type AgentTransport = 'in-process' | 'mcp';

export interface AgentDefinition {
  readonly id: string;
  readonly role: Role;
  /** The built-in behaviour; absent for an agent that exists only as an MCP seat (no stand-in). */
  readonly driver?: AgentDriver;
  readonly symbols: readonly string[];
  /** May run outside the process and join over Pub/Sub; its built-in driver stands in while it is away. */
  readonly external?: boolean;
  /** `mcp`: a seat declared in `MCP_SEATS`, idle until an MCP client holds it. Unset: in-process. */
  readonly transport?: AgentTransport;
  /** Its own bounds on its share of the portfolio (0–100), instead of its role's. */
  readonly allocation?: { readonly floorPct?: number; readonly capPct?: number };
  /** Its own participation threshold (0–1), instead of its role's default. */
  readonly threshold?: number;
  /** Its own daily model budget, instead of `LLM_DAILY_TOKEN_BUDGET` / `LLM_DAILY_COST_BUDGET_USD`. */
  readonly modelBudget?: { readonly dailyTokens?: number; readonly dailyCostUsd?: number };
}

/** A seed agent: one with a built-in driver. */
export type BuiltInAgent = AgentDefinition & { readonly driver: AgentDriver };

export const isBuiltIn = (agent: AgentDefinition): agent is BuiltInAgent =>
  agent.driver !== undefined;

/** What an agent id looks like, seed or seat: it appears in URLs, metric labels and message ids. */
export const AGENT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;

export const SEED_ROLES: readonly RoleDefinition[] = [
  {
    role: 'hft',
    description: 'Short-horizon momentum: fast signals, small size, many trades.',
    publishes: ['signal', 'discussion', 'heartbeat'],
    trades: true,
    baseWeight: 0.3,
    maxOrderFraction: 0.1,
    defaultThreshold: 0.6,
    thresholdBounds: { min: 0.45, max: 0.85 },
    floor: 0.2,
    throttle: { capacity: 8, refillPerMinute: 1.2, cooldownMs: 60_000 },
    affinity: { forecaster: 0.9, strategist: 0.6, sentiment: 0.5, 'risk-analyst': 0.4 },
    instructions: [
      'Trade only your symbols, in small size.',
      'Lean with forecasts and theses that agree with your momentum; stand aside when they disagree.',
    ],
  },
  {
    role: 'market-maker',
    description:
      'Inventory-aware market making around a fair value: two-sided flow, spread capture.',
    publishes: ['signal', 'discussion', 'heartbeat'],
    trades: true,
    baseWeight: 0.25,
    maxOrderFraction: 0.08,
    defaultThreshold: 0.6,
    thresholdBounds: { min: 0.45, max: 0.85 },
    floor: 0.2,
    throttle: { capacity: 8, refillPerMinute: 1.2, cooldownMs: 60_000 },
    affinity: { forecaster: 0.7, 'risk-analyst': 0.7, strategist: 0.4, sentiment: 0.4 },
    instructions: [
      'Keep inventory near neutral; skew quotes against the position you hold.',
      'Widen or stand aside when risk notes flag a volatile market.',
    ],
  },
  {
    role: 'strategist',
    description: 'Trade theses: stance, horizon and rationale from market structure.',
    publishes: ['thesis', 'signal', 'discussion', 'heartbeat'],
    trades: true,
    baseWeight: 0.25,
    maxOrderFraction: 0.15,
    defaultThreshold: 0.55,
    thresholdBounds: { min: 0.4, max: 0.8 },
    floor: 0.1,
    throttle: { capacity: 6, refillPerMinute: 0.6, cooldownMs: 5 * 60_000 },
    affinity: {
      'risk-analyst': 0.9,
      forecaster: 0.8,
      sentiment: 0.7,
      hft: 0.2,
      'market-maker': 0.2,
    },
    instructions: [
      'Publish a thesis when the trend and volatility regime change, not on every bar.',
      'Answer challenges from the risk analyst.',
    ],
  },
  {
    role: 'risk-analyst',
    description: 'Strategy discussions, challenges to theses, risk notes.',
    publishes: ['discussion', 'heartbeat'],
    trades: false,
    baseWeight: 0,
    maxOrderFraction: 0,
    defaultThreshold: 0.55,
    thresholdBounds: { min: 0.4, max: 0.8 },
    floor: 0.1,
    throttle: { capacity: 6, refillPerMinute: 0.8, cooldownMs: 5 * 60_000 },
    affinity: { strategist: 1, forecaster: 0.5, sentiment: 0.4, hft: 0.1, 'market-maker': 0.1 },
    instructions: ['Challenge theses that ignore volatility or drawdown.'],
  },
  {
    role: 'sentiment',
    description: 'Sentiment scores from news headlines.',
    publishes: ['signal', 'discussion', 'heartbeat'],
    trades: true,
    baseWeight: 0.1,
    maxOrderFraction: 0.1,
    defaultThreshold: 0.65,
    thresholdBounds: { min: 0.5, max: 0.85 },
    floor: 0.1,
    throttle: { capacity: 4, refillPerMinute: 0.5, cooldownMs: 5 * 60_000 },
    affinity: { strategist: 0.6, 'risk-analyst': 0.4 },
    instructions: ['Score each headline once; trade only strong sentiment.'],
  },
  {
    role: 'forecaster',
    description: 'Probabilistic price forecasts with quantiles.',
    publishes: ['thesis', 'discussion', 'heartbeat'],
    trades: false,
    baseWeight: 0,
    maxOrderFraction: 0,
    defaultThreshold: 0.7,
    thresholdBounds: { min: 0.55, max: 0.9 },
    floor: 0.1,
    throttle: { capacity: 6, refillPerMinute: 1, cooldownMs: 3 * 60_000 },
    affinity: { strategist: 0.5, 'risk-analyst': 0.5 },
    instructions: ['Publish forecasts with their 10/50/90% quantiles and horizon.'],
  },
];

export const SEED_ROSTER: readonly BuiltInAgent[] = [
  {
    id: 'freqtrade-hft',
    role: 'hft',
    driver: 'momentum',
    symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
    external: true,
  },
  {
    id: 'hummingbot-mm',
    role: 'market-maker',
    driver: 'market-maker',
    symbols: ['BTCUSDT', 'ETHUSDT'],
    external: true,
  },
  { id: 'deepseek-v3', role: 'strategist', driver: 'reasoner', symbols: [...SYMBOLS] },
  { id: 'qwen', role: 'risk-analyst', driver: 'reasoner', symbols: [...SYMBOLS] },
  { id: 'fingpt', role: 'sentiment', driver: 'sentiment', symbols: [...SYMBOLS] },
  {
    id: 'lag-llama',
    role: 'forecaster',
    driver: 'forecaster',
    symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
  },
];

/**
 * The API's schema of an agent id. The roster is configuration (seats in `MCP_SEATS` join the seed), so
 * the schema names the seed's ids as examples, not as an enum; requests are checked against the
 * configured roster (`IsRosterAgent`, or a 404 for a path).
 */
export const AGENT_ID_SCHEMA = { type: String, pattern: AGENT_ID_PATTERN.source } as const;
export const AGENT_ID_NOTE = `a seed agent (${SEED_ROSTER.map((a) => a.id).join(', ')}) or a seat declared in MCP_SEATS`;
