/** What became of one MCP tool call (the `outcome` label of `mcp_requests_total`). */
export const MCP_OUTCOMES = [
  'ok',
  'refused',
  'throttled',
  'below_threshold',
  'bad_arguments',
  'error',
  'unauthorized',
] as const;
export type McpOutcome = (typeof MCP_OUTCOMES)[number];

export interface McpRequestCount {
  readonly agent: string;
  readonly tool: string;
  readonly outcome: McpOutcome;
  readonly count: number;
}

/** Counts of MCP requests by seat, tool and outcome; read at scrape time. */
export class McpCounters {
  private readonly counts = new Map<
    string,
    { agent: string; tool: string; outcome: McpOutcome; count: number }
  >();

  add(agent: string, tool: string, outcome: McpOutcome): void {
    const key = `${agent}\n${tool}\n${outcome}`;
    const entry = this.counts.get(key);
    if (entry) entry.count += 1;
    else this.counts.set(key, { agent, tool, outcome, count: 1 });
  }

  /** The seat's counts, by tool and outcome. */
  of(agent: string): McpRequestCount[] {
    return [...this.counts.values()].filter((c) => c.agent === agent).map((c) => ({ ...c }));
  }

  all(): McpRequestCount[] {
    return [...this.counts.values()].map((c) => ({ ...c }));
  }
}
