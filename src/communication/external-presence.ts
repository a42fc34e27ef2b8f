import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Monotonic, WallClock } from '../platform/clock.js';
import { type CancelTimer, Timers } from '../platform/timers.js';

export type PresenceListener = (agentId: string, connected: boolean) => void;

/**
 * How an external agent reaches the team: Pub/Sub messages, an MCP session holding its seat, or a
 * connector speaking a real bot's own protocol (Hummingbot's MQTT bridge, Freqtrade's REST API and websocket).
 */
export type PresenceChannel = 'pubsub' | 'mcp' | 'connector';
/** The channels that announce themselves by heartbeat, and so go silent. */
export type HeartbeatChannel = Exclude<PresenceChannel, 'mcp'>;

/** How often silent external agents are looked for. */
export const PRESENCE_SWEEP_MS = 1_000;

/**
 * Which external agents are connected right now, and when each was last heard from. Presence is about a
 * live connection, so it runs on real elapsed (monotonic) time, not market time; `lastSeenAt` is wall
 * time for operators. Whatever carries
 * external traffic (the Pub/Sub bridge) reports each message with `seen`; an agent silent for longer
 * than the heartbeat timeout is disconnected. Listeners hear every change: the bridge takes over the
 * agent's inbox on connect, the agent runtime pauses the built-in stand-in, and resumes it on disconnect.
 */
@Injectable()
export class ExternalPresence implements OnModuleInit, OnModuleDestroy {
  /** Monotonic ms of the last message, for the timeout. */
  private readonly lastHeard = new Map<string, number>();
  /** Wall ms of the last message, for operators. */
  private readonly lastSeen = new Map<string, number>();
  private readonly connected = new Map<string, PresenceChannel>();
  /** A connector's own silence timeout, where it differs from the Pub/Sub one. */
  private readonly timeouts = new Map<string, number>();
  /** Agents whose stand-in must not return when they fall silent: the agent is halted instead. */
  private readonly haltWhenSilent = new Set<string>();
  private readonly external: ReadonlySet<string>;
  private readonly listeners: PresenceListener[] = [];
  private readonly timeoutMs: number;
  private readonly logger = new Logger(ExternalPresence.name);
  private cancelSweep: CancelTimer | undefined;

  constructor(
    config: AppConfig,
    private readonly monotonic: Monotonic,
    private readonly wall: WallClock,
    private readonly timers: Timers,
  ) {
    this.external = new Set([
      ...config.roster.filter((a) => a.external === true).map((a) => a.id),
      ...(config.mcp.serverEnabled ? config.mcp.seats.map((s) => s.agentId) : []),
    ]);
    this.timeoutMs = config.pubsub.heartbeatTimeoutMs;
  }

  onModuleInit(): void {
    this.cancelSweep = this.timers.every(PRESENCE_SWEEP_MS, () => this.sweep());
  }

  onModuleDestroy(): void {
    this.cancelSweep?.();
  }

  /** Whether the roster lets this agent run outside the process. */
  mayConnect(agentId: string): boolean {
    return this.external.has(agentId);
  }

  isConnected(agentId: string): boolean {
    return this.connected.has(agentId);
  }

  /** The channel a connected agent is on, or undefined when it is not connected. */
  channelOf(agentId: string): PresenceChannel | undefined {
    return this.connected.get(agentId);
  }

  /** Wall epoch ms of the last message from an external agent, or undefined if never heard from. */
  lastSeenAt(agentId: string): number | undefined {
    return this.lastSeen.get(agentId);
  }

  onChange(listener: PresenceListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** An external agent was heard from: it is connected until it stays silent past the timeout. */
  seen(agentId: string, channel: HeartbeatChannel = 'pubsub', timeoutMs = this.timeoutMs): void {
    if (!this.external.has(agentId)) return;
    this.lastHeard.set(agentId, this.monotonic.now());
    this.lastSeen.set(agentId, this.wall.now());
    this.timeouts.set(agentId, timeoutMs);
    if (this.connected.has(agentId)) return;
    this.connected.set(agentId, channel);
    this.logger.log(`external agent ${agentId} connected`);
    this.notify(agentId, true);
  }

  /**
   * An MCP session took the agent's seat: connected until `release`, whatever the heartbeat sweep
   * says, because the session's own lifetime says whether the client is there. False when the seat is
   * held by another channel or the roster does not let the agent connect.
   */
  hold(agentId: string): boolean {
    if (!this.external.has(agentId)) return false;
    const channel = this.connected.get(agentId);
    if (channel !== undefined && channel !== 'mcp') return false;
    this.lastSeen.set(agentId, this.wall.now());
    if (channel === 'mcp') return true;
    this.connected.set(agentId, 'mcp');
    this.logger.log(`${agentId} seated over MCP`);
    this.notify(agentId, true);
    return true;
  }

  /** The MCP session holding the agent's seat ended: the stand-in returns. */
  release(agentId: string): void {
    if (this.connected.get(agentId) !== 'mcp') return;
    this.connected.delete(agentId);
    this.logger.log(`${agentId} left its MCP seat`);
    this.notify(agentId, false);
  }

  /** A connector's bot said it is going away (Hummingbot's `offline`): no need to wait for silence. */
  left(agentId: string, channel: HeartbeatChannel): void {
    if (this.connected.get(agentId) !== channel) return;
    this.connected.delete(agentId);
    this.logger.log(`external agent ${agentId} went offline`);
    this.notify(agentId, false);
  }

  /** When this agent falls silent its built-in stand-in stays paused: the agent is halted. */
  haltOnSilence(agentId: string): void {
    this.haltWhenSilent.add(agentId);
  }

  /** Whether the built-in stand-in takes over again when the agent disconnects. */
  standInReturns(agentId: string): boolean {
    return !this.haltWhenSilent.has(agentId);
  }

  /** Disconnects every agent silent for longer than the timeout. */
  sweep(): void {
    const now = this.monotonic.now();
    for (const [agentId, channel] of [...this.connected]) {
      if (channel === 'mcp') continue;
      const timeoutMs = this.timeouts.get(agentId) ?? this.timeoutMs;
      if (now - (this.lastHeard.get(agentId) ?? -Infinity) <= timeoutMs) continue;
      this.connected.delete(agentId);
      this.logger.warn(`external agent ${agentId} silent for ${timeoutMs} ms: disconnected`);
      this.notify(agentId, false);
    }
  }

  private notify(agentId: string, connected: boolean): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(agentId, connected);
      } catch (error) {
        this.logger.error(
          `presence listener failed for ${agentId}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
}
