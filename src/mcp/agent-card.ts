import { SEAT_TOOLS } from './seat-tools.js';
import { SERVER_INFO } from './seat-session.js';

const TAGS: Readonly<Record<string, readonly string[]>> = {
  get_guidance: ['guidance', 'risk', 'allocation'],
  get_market: ['market-data', 'candles'],
  publish_signal: ['signal', 'trading'],
  publish_thesis: ['thesis', 'research'],
  discuss: ['discussion', 'collaboration'],
  propose_order: ['order', 'trading', 'risk-controlled'],
  my_usage: ['usage', 'activity'],
  report_model_usage: ['usage', 'budget'],
};

/**
 * The A2A agent card (`/.well-known/agent-card.json`): the same skills as the MCP tools, reached over
 * MCP Streamable HTTP at `/mcp` with a seat's bearer token.
 */
export function agentCard(baseUrl: string) {
  return {
    protocolVersion: '0.3.0',
    name: SERVER_INFO.title,
    description:
      'A team of trading agents sharing one crypto portfolio under portfolio risk control. An outside agent takes a seat (a roster agent) with a bearer token and works through MCP tools: every message passes the coordinator (throttling, participation), every order the orchestrator (sub-ledger, pre-trade risk, breakers).',
    url: `${baseUrl}/mcp`,
    preferredTransport: 'MCP',
    version: SERVER_INFO.version,
    documentationUrl: `${baseUrl}/docs`,
    capabilities: { streaming: true, pushNotifications: false, stateTransitionHistory: false },
    securitySchemes: {
      seatToken: {
        type: 'http',
        scheme: 'bearer',
        description: 'A seat token from MCP_SEAT_TOKENS; it seats you as one roster agent.',
      },
    },
    security: [{ seatToken: [] }],
    defaultInputModes: ['application/json'],
    defaultOutputModes: ['application/json', 'text/plain'],
    skills: SEAT_TOOLS.map((t) => ({
      id: t.name,
      name: t.title,
      description: t.description,
      tags: [...(TAGS[t.name] ?? [])],
    })),
  };
}
