import type { Resource, ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import { McpError, McpErrorCode } from './mcp.error.js';
import type { SeatChange } from './seat-changes.js';
import type { SeatServices } from './seat-services.js';
import { inboxEntry } from './seat-views.js';

const SCHEME = 'cloudtrader://';
const CANDLE_BARS = 50;
const JSON_TYPE = 'application/json';

export const portfolioUri = `${SCHEME}portfolio`;
export const riskUri = `${SCHEME}risk`;
export const ledgerUri = (agentId: string) => `${SCHEME}agents/${agentId}/ledger`;
export const inboxUri = (agentId: string) => `${SCHEME}agents/${agentId}/inbox`;
export const candlesUri = (symbol: string) => `${SCHEME}market/${symbol}/candles`;

export const RESOURCE_TEMPLATES: readonly ResourceTemplate[] = [
  {
    uriTemplate: `${SCHEME}agents/{agentId}/ledger`,
    name: 'ledger',
    title: 'A seat’s ledger and positions (your own only)',
    mimeType: JSON_TYPE,
  },
  {
    uriTemplate: `${SCHEME}agents/{agentId}/inbox`,
    name: 'inbox',
    title: 'Discussions, guidance and team messages delivered to a seat (your own only)',
    mimeType: JSON_TYPE,
  },
  {
    uriTemplate: `${SCHEME}market/{symbol}/candles`,
    name: 'candles',
    title: `The last ${CANDLE_BARS} bars of a symbol`,
    mimeType: JSON_TYPE,
  },
];

/** The resources one seat can list, read and subscribe to. */
export function seatResources(seat: SeatServices, agentId: string): Resource[] {
  return [
    { uri: portfolioUri, name: 'portfolio', title: 'Portfolio snapshot (totals and allocations)' },
    { uri: riskUri, name: 'risk', title: 'Risk limits and breaker states' },
    { uri: ledgerUri(agentId), name: 'ledger', title: 'Your ledger and positions' },
    { uri: inboxUri(agentId), name: 'inbox', title: 'Your inbox' },
    ...seat.views.symbols.map((s) => ({
      uri: candlesUri(s),
      name: `candles-${s}`,
      title: `${s}: the last ${CANDLE_BARS} bars`,
    })),
  ].map((r) => ({ ...r, mimeType: JSON_TYPE }));
}

/** The document at `uri`, as the seat may see it; another agent's ledger or inbox is refused. */
export function readSeatResource(seat: SeatServices, agentId: string, uri: string): unknown {
  if (uri === portfolioUri) return seat.views.portfolioSnapshot();
  if (uri === riskUri) return seat.views.risk();
  const agentPath = /^cloudtrader:\/\/agents\/([^/]+)\/(ledger|inbox)$/.exec(uri);
  if (agentPath) {
    const [, owner, kind] = agentPath;
    if (owner !== agentId)
      throw new McpError(
        McpErrorCode.ForeignLedger,
        `a seat reads only its own ${kind}: ${agentId} may not read ${owner}'s`,
      );
    if (kind === 'ledger') return seat.views.ledger(agentId);
    return { agentId, messages: seat.desk.inboxOf(agentId).recent().map(inboxEntry) };
  }
  const market = /^cloudtrader:\/\/market\/([^/]+)\/candles$/.exec(uri);
  if (market && seat.views.symbols.includes(market[1]))
    return seat.views.candles(market[1], CANDLE_BARS);
  throw new McpError(McpErrorCode.UnknownResource, `no resource ${uri}`);
}

/** The resource a change concerns, for this seat; undefined when the seat cannot see it. */
export function changedUri(change: SeatChange, agentId: string): string | undefined {
  switch (change.kind) {
    case 'portfolio':
      return portfolioUri;
    case 'risk':
      return riskUri;
    case 'candles':
      return candlesUri(change.symbol);
    case 'ledger':
      return change.agentId === agentId ? ledgerUri(agentId) : undefined;
    case 'inbox':
      return change.agentId === agentId ? inboxUri(agentId) : undefined;
  }
}
