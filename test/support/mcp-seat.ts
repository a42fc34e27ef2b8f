import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  ResourceUpdatedNotificationSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';

/** Seat tokens the MCP tests configure (`MCP_SEAT_TOKENS`). */
export const SEAT_TOKENS = {
  'deepseek-v3': 'seat-deepseek-0123456789abcdef',
  qwen: 'seat-qwen-0123456789abcdef',
  'freqtrade-hft': 'seat-freqtrade-0123456789abcdef',
} as const;

export const seatTokensVariable = () =>
  Object.entries(SEAT_TOKENS)
    .map(([agent, token]) => `${agent}:${token}`)
    .join(',');

/** An outside agent on the official SDK client, seated over Streamable HTTP. */
export class SeatClient {
  readonly updates: string[] = [];

  private constructor(
    readonly client: Client,
    readonly transport: StreamableHTTPClientTransport,
  ) {
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      this.updates.push(n.params.uri);
    });
  }

  static async connect(
    mcpUrl: string,
    token: string | undefined,
    headers: Record<string, string> = {},
  ): Promise<SeatClient> {
    const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), {
      requestInit: {
        headers: token === undefined ? headers : { ...headers, Authorization: `Bearer ${token}` },
      },
    });
    const client = new Client({ name: 'seat-test', version: '1.0.0' });
    const seat = new SeatClient(client, transport);
    await client.connect(transport);
    return seat;
  }

  async call(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
    return (await this.client.callTool({ name, arguments: args })) as CallToolResult;
  }

  /** The structured answer of a tool, with its text and whether it was an error. */
  async answer<T = Record<string, unknown>>(
    name: string,
    args: Record<string, unknown> = {},
  ): Promise<{ data: T; text: string; isError: boolean }> {
    const result = await this.call(name, args);
    const first = result.content[0];
    return {
      data: result.structuredContent as T,
      text: first?.type === 'text' ? first.text : '',
      isError: result.isError === true,
    };
  }

  async read<T>(uri: string): Promise<T> {
    const { contents } = await this.client.readResource({ uri });
    const first = contents[0];
    if (!first || !('text' in first)) throw new Error(`no text at ${uri}`);
    return JSON.parse(first.text) as T;
  }

  /** Ends the session (HTTP DELETE), as a client that leaves its seat does. */
  async leave(): Promise<void> {
    await this.transport.terminateSession();
    await this.client.close();
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
