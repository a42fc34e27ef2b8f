import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AgentModels } from '../agents/agent-models.service.js';
import { AppConfig } from '../config/app-config.js';
import { GuidanceService } from '../orchestration/guidance.service.js';
import { Monotonic } from '../platform/clock.js';
import { type CancelTimer, Timers } from '../platform/timers.js';
import { McpCounters } from './mcp-counters.js';
import { OriginPolicy } from './origin-policy.js';
import { SeatDesk } from './seat-desk.service.js';
import type { SeatServices } from './seat-services.js';
import { SeatSession } from './seat-session.js';
import { SeatTokens } from './seat-tokens.js';
import { SeatViews } from './seat-views.js';

export const MCP_PATH = '/mcp';
/** A session with no request for this long is closed and its seat given back to the stand-in. */
export const SESSION_IDLE_MS = 30 * 60_000;
const IDLE_SWEEP_MS = 60_000;

interface OpenSession {
  readonly transport: StreamableHTTPServerTransport;
  readonly session: SeatSession;
  lastUsed: number;
}

/**
 * The MCP endpoint (Streamable HTTP) on the service's Fastify app: checks the Origin and the seat's
 * bearer token on every request, binds each session to the seat that opened it, and hands the raw
 * request to the SDK's transport.
 */
@Injectable()
export class McpEndpoint implements OnModuleInit, OnModuleDestroy {
  private readonly sessions = new Map<string, OpenSession>();
  private readonly tokens: SeatTokens;
  private readonly origins: OriginPolicy;
  private readonly seat: SeatServices;
  private readonly logger = new Logger(McpEndpoint.name);
  private cancelSweep: CancelTimer | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly monotonic: Monotonic,
    private readonly timers: Timers,
    readonly counters: McpCounters,
    desk: SeatDesk,
    views: SeatViews,
    guidance: GuidanceService,
    models: AgentModels,
  ) {
    this.tokens = new SeatTokens(config.mcp.seats);
    this.origins = new OriginPolicy(config.mcp.allowedOrigins);
    this.seat = { desk, views, guidance, counters, models };
  }

  onModuleInit(): void {
    if (!this.config.mcp.serverEnabled) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.route({
      method: ['GET', 'POST', 'DELETE'],
      url: MCP_PATH,
      handler: (request, reply) => this.handle(request, reply),
    });
    this.cancelSweep = this.timers.every(IDLE_SWEEP_MS, () => this.closeIdle());
    this.logger.log(`MCP server at ${MCP_PATH}: ${this.tokens.size} seat token(s)`);
  }

  async onModuleDestroy(): Promise<void> {
    this.cancelSweep?.();
    await Promise.all([...this.sessions.keys()].map((id) => this.closeSession(id)));
  }

  get openSessions(): number {
    return this.sessions.size;
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!this.origins.allows(request.headers.origin))
      return refuse(reply, 403, `origin ${request.headers.origin} is not allowed`);
    const agentId = this.tokens.agentFor(request.headers.authorization);
    if (agentId === undefined) {
      this.counters.add('none', 'none', 'unauthorized');
      reply.header('www-authenticate', 'Bearer realm="cloud-trader"');
      return refuse(reply, 401, 'a seat token is required: Authorization: Bearer <token>');
    }
    const sessionId = request.headers['mcp-session-id'];
    let open: OpenSession | undefined;
    if (typeof sessionId === 'string') {
      open = this.sessions.get(sessionId);
      if (!open) return refuse(reply, 404, 'no such session: initialize a new one');
      if (open.session.agentId !== agentId)
        return refuse(reply, 403, 'this session belongs to another seat');
    } else if (request.method === 'POST' && isInitializeRequest(request.body)) {
      if (!this.seat.desk.seat(agentId))
        return refuse(reply, 409, `${agentId} is connected over Pub/Sub; its seat is taken`);
      open = this.openSession(agentId);
    } else return refuse(reply, 400, 'no session: send initialize first');
    open.lastUsed = this.monotonic.now();
    reply.hijack();
    await open.transport.handleRequest(request.raw, reply.raw, request.body);
    if (open.transport.sessionId === undefined) await this.discard(open);
  }

  private openSession(agentId: string): OpenSession {
    const session = new SeatSession(this.seat, agentId);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      // Answers come back on a short SSE stream per POST, which the SDK closes and forgets once
      // answered. Its JSON-answer mode keeps one entry per answered request until the session
      // ends (modelcontextprotocol/typescript-sdk#2559, unreleased as of 1.32.2): a seat polling
      // for a day would grow the heap without bound and slow every minor GC.
      enableJsonResponse: false,
      onsessioninitialized: (id) => void this.sessions.set(id, open),
      onsessionclosed: (id) => this.closeSession(id),
    });
    const open: OpenSession = { transport, session, lastUsed: this.monotonic.now() };
    void session.server.connect(transport);
    return open;
  }

  /** An initialize that failed: no session was made, so the seat is given back at once. */
  private async discard(open: OpenSession): Promise<void> {
    this.seat.desk.unseat(open.session.agentId);
    await open.session.close();
  }

  private async closeSession(id: string): Promise<void> {
    const open = this.sessions.get(id);
    if (!open) return;
    this.sessions.delete(id);
    this.seat.desk.unseat(open.session.agentId);
    await open.session.close();
  }

  private closeIdle(): void {
    const now = this.monotonic.now();
    for (const [id, open] of this.sessions)
      if (now - open.lastUsed > SESSION_IDLE_MS) void this.closeSession(id);
  }
}

/** A JSON-RPC error body with the HTTP status, before any session exists. */
function refuse(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply
    .code(status)
    .type('application/json')
    .send({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
}
