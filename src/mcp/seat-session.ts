import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import { McpError } from './mcp.error.js';
import {
  changedUri,
  readSeatResource,
  RESOURCE_TEMPLATES,
  seatResources,
} from './seat-resources.js';
import type { SeatServices } from './seat-services.js';
import { SEAT_TOOLS, type SeatTool, type ToolAnswer } from './seat-tools.js';

export const SERVER_INFO = { name: 'cloud-trader', title: 'Cloud Trader', version: '0.1.0' };

const INSTRUCTIONS =
  'You hold a seat in a team of trading agents sharing one crypto portfolio. Read get_guidance first: it gives your role, capital, limits and symbols. ' +
  'Everything you publish goes through the coordinator (throttling, participation thresholds); every order goes through the orchestrator (your sub-ledger, pre-trade risk, breakers). ' +
  'A refusal is a tool error that says why; do not retry a refusal unchanged.';

const TOOLS_BY_NAME = new Map(SEAT_TOOLS.map((t) => [t.name, t]));

/** A tool's JSON Schema as MCP lists it (an object schema, without the draft's `$schema`). */
const asObjectSchema = (schema: z.ZodObject, io: 'input' | 'output') => {
  const json: Record<string, unknown> = { ...z.toJSONSchema(schema, { io }) };
  delete json.$schema;
  return { ...json, type: 'object' as const };
};

const TOOL_LIST: Tool[] = SEAT_TOOLS.map((t) => ({
  name: t.name,
  title: t.title,
  description: t.description,
  inputSchema: asObjectSchema(t.input, 'input'),
  outputSchema: asObjectSchema(t.output, 'output'),
  annotations: { title: t.title, ...t.annotations },
}));

/**
 * One MCP session of one seat, on the SDK's low-level `Server`: tools validated here (so a bad
 * argument is counted and answered with the field that is wrong), resources scoped to the seat, and
 * `notifications/resources/updated` for the resources the client subscribed to.
 */
export class SeatSession {
  readonly server: Server;
  private readonly subscriptions = new Set<string>();
  private readonly unlisten: () => void;

  constructor(
    private readonly seat: SeatServices,
    readonly agentId: string,
  ) {
    this.server = new Server(SERVER_INFO, {
      capabilities: { tools: {}, resources: { subscribe: true } },
      instructions: INSTRUCTIONS,
    });
    this.registerTools();
    this.registerResources();
    this.unlisten = seat.desk.changes.listen((change) => {
      const uri = changedUri(change, agentId);
      if (uri !== undefined && this.subscriptions.has(uri))
        this.server.sendResourceUpdated({ uri }).catch(() => this.subscriptions.delete(uri));
    });
  }

  async close(): Promise<void> {
    this.unlisten();
    await this.server.close();
  }

  private registerTools(): void {
    this.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: TOOL_LIST }));
    this.server.setRequestHandler(CallToolRequestSchema, async (request) => {
      const { name, arguments: args } = request.params;
      const tool = TOOLS_BY_NAME.get(name);
      const answer = tool
        ? await this.call(tool, args ?? {})
        : { outcome: 'bad_arguments' as const, text: `no tool "${name}"` };
      this.seat.counters.add(this.agentId, tool ? name : 'unknown', answer.outcome);
      const result: CallToolResult = {
        content: [{ type: 'text', text: answer.text }],
        isError: answer.outcome !== 'ok',
      };
      return answer.data ? { ...result, structuredContent: answer.data } : result;
    });
  }

  private async call(tool: SeatTool, args: unknown): Promise<ToolAnswer> {
    const parsed = tool.input.safeParse(args);
    const problems = [
      ...(parsed.success ? [] : [z.prettifyError(parsed.error)]),
      ...this.unknownSymbol(args),
    ];
    if (!parsed.success || problems.length > 0)
      return {
        outcome: 'bad_arguments',
        text: `bad arguments for ${tool.name}: ${problems.join('\n')}`,
      };
    try {
      return await tool.run(this.seat, this.agentId, parsed.data as never);
    } catch (error) {
      return {
        outcome: 'error',
        text: `${tool.name} failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  /** The team trades the market data's symbols: which those are is known only once the data is. */
  private unknownSymbol(args: unknown): string[] {
    const symbol = (args as { symbol?: unknown } | undefined)?.symbol;
    const { symbols } = this.seat.views;
    return typeof symbol === 'string' && !symbols.includes(symbol)
      ? [`✖ symbol must be one of the market data's symbols: ${symbols.join(', ')}\n  → at symbol`]
      : [];
  }

  private registerResources(): void {
    const { server, seat, agentId } = this;
    server.setRequestHandler(ListResourcesRequestSchema, () => ({
      resources: seatResources(seat, agentId),
    }));
    server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
      resourceTemplates: [...RESOURCE_TEMPLATES],
    }));
    server.setRequestHandler(ReadResourceRequestSchema, (request) => {
      const { uri } = request.params;
      const document = this.read(uri);
      return {
        contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(document) }],
      };
    });
    server.setRequestHandler(SubscribeRequestSchema, (request) => {
      this.read(request.params.uri); // refuses what the seat may not see
      this.subscriptions.add(request.params.uri);
      return {};
    });
    server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
      this.subscriptions.delete(request.params.uri);
      return {};
    });
  }

  /** Reads for the seat; a refusal is a JSON-RPC error whose message is the reason, unprefixed. */
  private read(uri: string): unknown {
    try {
      return readSeatResource(this.seat, this.agentId, uri);
    } catch (error) {
      if (error instanceof McpError)
        throw Object.assign(new Error(error.message), {
          code: error.kind === 'forbidden' ? ErrorCode.InvalidRequest : ErrorCode.InvalidParams,
        });
      throw error;
    }
  }
}
