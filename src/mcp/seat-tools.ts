import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import type { McpOutcome } from './mcp-counters.js';
import type { OrderAnswer, PublishAnswer } from './seat-desk.service.js';
import type { SeatServices } from './seat-services.js';

/**
 * What a tool returns: the outcome (metrics, and `isError` unless ok), a line for the model, and the
 * data matching the tool's output schema (absent when the call never ran: bad arguments, a failure).
 */
export interface ToolAnswer {
  readonly outcome: McpOutcome;
  readonly text: string;
  readonly data?: Record<string, unknown>;
}

export interface SeatTool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: z.ZodObject;
  readonly output: z.ZodObject;
  readonly annotations: ToolAnnotations;
  run(seat: SeatServices, agentId: string, args: never): ToolAnswer | Promise<ToolAnswer>;
}

/** A message to the team: it adds to what others read, never removes, and each call is a new message. */
const PUBLISHES: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: false,
};

// Which symbols the team trades comes from the market data: the seat session checks it after the shape.
const symbol = z
  .string()
  .regex(/^[A-Z0-9]{2,20}$/)
  .describe('A symbol the team trades (one of the market data’s, e.g. BTCUSDT)');
const side = z.enum(['buy', 'sell']);
const confidence = z.number().min(0).max(1).describe('How sure you are, 0–1');
const horizon = z
  .string()
  .regex(/^\d{1,4}[mhd]$/)
  .describe('How far ahead it looks, e.g. 15m, 4h, 2d');
const text = (max: number) => z.string().min(1).max(max);
const loose = z.looseObject({});

const modelBudget = z.object({
  dailyTokens: z.number(),
  dailyCostUsd: z.number(),
  usedTokens: z.number(),
  usedCostUsd: z.number(),
  exhausted: z.boolean(),
});

const publishOutput = z.object({
  status: z.enum(['accepted', 'throttled', 'refused', 'below_threshold']),
  messageId: z.string(),
  delivered: z.number(),
  filtered: z.number(),
  reason: z.string().optional(),
});

const PUBLISH_OUTCOME: Record<PublishAnswer['status'], McpOutcome> = {
  accepted: 'ok',
  throttled: 'throttled',
  refused: 'refused',
  below_threshold: 'below_threshold',
};

function published(answer: PublishAnswer, what: string): ToolAnswer {
  const text =
    answer.status === 'accepted'
      ? `${what} ${answer.messageId} delivered to ${answer.delivered} agent(s)`
      : `${what} ${answer.status.replace('_', ' ')}: ${answer.reason ?? ''}`;
  return { outcome: PUBLISH_OUTCOME[answer.status], text, data: { ...answer } };
}

const ORDER_OUTCOME: Record<OrderAnswer['status'], McpOutcome> = {
  filled: 'ok',
  duplicate: 'ok',
  refused: 'refused',
  ignored: 'refused',
  rejected: 'refused',
  declined: 'refused',
  throttled: 'throttled',
  undecided: 'error',
};

const tool = <I extends z.ZodObject>(
  t: Omit<SeatTool, 'input' | 'run'> & {
    input: I;
    run(seat: SeatServices, agentId: string, args: z.infer<I>): ToolAnswer | Promise<ToolAnswer>;
  },
): SeatTool => t;

export const SEAT_TOOLS: readonly SeatTool[] = [
  tool({
    name: 'get_guidance',
    title: 'Your guidance',
    description:
      "What the orchestrator tells your seat: role, allocation and capital, risk limits and breaker state, open positions, participation threshold, your symbols, your role's instructions, and recent theses from the team.",
    input: z.object({}),
    output: loose,
    annotations: { readOnlyHint: true, openWorldHint: false },
    run: (seat, agentId) => {
      const g = seat.guidance.guidance(agentId);
      return {
        outcome: 'ok',
        text: `${g.role}: capital ${g.capitalUsd.toFixed(2)} USD, breaker ${g.limits.breaker}`,
        data: { ...g },
      };
    },
  }),
  tool({
    name: 'get_market',
    title: 'Recent candles',
    description: 'The most recent bars of one symbol (oldest first) and its last price.',
    input: z.object({ symbol, bars: z.number().int().min(1).max(500).default(20) }),
    output: z.object({
      symbol: z.string(),
      lastPrice: z.number().nullable(),
      candles: z.array(loose),
    }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    run: (seat, _agentId, args) => {
      const market = seat.views.candles(args.symbol, args.bars);
      return {
        outcome: 'ok',
        text: `${args.symbol} last ${market.lastPrice ?? 'unknown'} (${market.candles.length} bars)`,
        data: market,
      };
    },
  }),
  tool({
    name: 'publish_signal',
    title: 'Publish a signal',
    description:
      'A directional signal to the team. The coordinator throttles it and routes it to agents whose participation threshold it clears; the orchestrator receives every signal and, if your role trades, sizes and executes it within your capital (use propose_order to learn the decision).',
    input: z.object({
      symbol,
      side,
      confidence,
      horizon: horizon.optional(),
      text: text(2000).optional(),
    }),
    output: publishOutput,
    annotations: PUBLISHES,
    run: (seat, agentId, args) =>
      published(seat.desk.publish(agentId, { type: 'signal', ...args }), 'signal'),
  }),
  tool({
    name: 'publish_thesis',
    title: 'Publish a thesis',
    description:
      'A trade thesis: stance, horizon and rationale. Strategists and forecasters publish theses; the orchestrator remembers them in every agent’s guidance.',
    input: z.object({
      symbol: symbol.optional(),
      side: side.optional(),
      confidence,
      horizon,
      text: text(4000),
    }),
    output: publishOutput,
    annotations: PUBLISHES,
    run: (seat, agentId, args) =>
      published(seat.desk.publish(agentId, { type: 'thesis', ...args }), 'thesis'),
  }),
  tool({
    name: 'discuss',
    title: 'Start or reply to a discussion',
    description:
      'A message to named agents or roles (e.g. ["qwen"] or ["risk-analyst"]). To reply, pass the id of the message you answer as replyTo; answers to you arrive in your inbox resource.',
    input: z.object({
      to: z
        .array(z.string().regex(/^[\w.-]{1,64}$/))
        .min(1)
        .max(12),
      text: text(4000),
      replyTo: z.string().min(1).max(128).optional(),
      symbol: symbol.optional(),
    }),
    output: publishOutput,
    annotations: PUBLISHES,
    run: (seat, agentId, args) =>
      published(
        seat.desk.publish(agentId, {
          type: 'discussion',
          to: args.to,
          text: args.text,
          symbol: args.symbol,
          correlationId: args.replyTo,
        }),
        'discussion',
      ),
  }),
  tool({
    name: 'propose_order',
    title: 'Propose an order',
    description:
      "Asks the orchestrator for an order. It sizes it from your confidence within your capital, runs pre-trade risk and the breakers, and answers filled (with the fill) or refused (with the reason). Never reaches an exchange directly; in live mode it waits for an operator's confirmation. Idempotent by clientOrderId: a retry returns the first answer.",
    input: z.object({
      clientOrderId: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/)
        .describe('Your id for this order; reuse it to retry'),
      symbol,
      side,
      confidence,
      rationale: text(2000).optional(),
    }),
    output: z.object({
      clientOrderId: z.string(),
      status: z.enum([
        'filled',
        'refused',
        'throttled',
        'ignored',
        'rejected',
        'duplicate',
        'declined',
        'undecided',
      ]),
      orderId: z.string().optional(),
      reason: z.string().optional(),
      fill: z
        .object({
          symbol: z.string(),
          side,
          quantity: z.number(),
          price: z.number(),
          feeUsd: z.number(),
        })
        .optional(),
    }),
    annotations: {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: true,
    },
    run: async (seat, agentId, args) => {
      const answer = await seat.desk.proposeOrder(agentId, args);
      const text =
        answer.status === 'filled' && answer.fill
          ? `filled: ${answer.fill.side} ${answer.fill.quantity} ${answer.fill.symbol} at ${answer.fill.price}`
          : `${answer.status}${answer.reason ? `: ${answer.reason}` : ''}`;
      return { outcome: ORDER_OUTCOME[answer.status], text, data: { ...answer } };
    },
  }),
  tool({
    name: 'my_usage',
    title: 'Your usage',
    description:
      'Your MCP calls by tool and outcome, your traffic on the bus (sent, delivered, throttled, filtered, activity score against your floor), your fills, and your daily model budget with what you reported using of it.',
    input: z.object({}),
    output: z.object({
      agentId: z.string(),
      calls: z.array(loose),
      bus: loose,
      fills: z.number(),
      modelBudget,
    }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    run: (seat, agentId) => {
      const calls = seat.counters
        .of(agentId)
        .map(({ tool, outcome, count }) => ({ tool, outcome, count }));
      const bus = seat.views.activity(agentId);
      const fills = seat.views.ledger(agentId).fills;
      return {
        outcome: 'ok',
        text: `${calls.reduce((n, c) => n + c.count, 0)} calls, ${bus.sent} messages sent, ${fills} fills`,
        data: { agentId, calls, bus, fills, modelBudget: seat.views.modelBudget(agentId) },
      };
    },
  }),
  tool({
    name: 'report_model_usage',
    title: 'Report your model usage',
    description:
      "Report what one call to your own model used (tokens; its model, or its cost in USD). It is charged to your daily model budget and your PnL like the team's in-process agents' calls; once the budget is spent you can publish and propose nothing more until the next UTC day.",
    input: z.object({
      promptTokens: z.number().int().min(0).max(10_000_000),
      completionTokens: z.number().int().min(0).max(10_000_000),
      model: z.string().min(1).max(200).optional(),
      costUsd: z.number().min(0).max(10_000).optional(),
    }),
    output: modelBudget,
    annotations: {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    },
    run: (seat, agentId, args) => {
      const budget = seat.models.reportOutsideUsage(agentId, args);
      return {
        outcome: 'ok',
        text: `${budget.usedTokens}/${budget.dailyTokens} tokens and $${budget.usedCostUsd.toFixed(4)}/$${budget.dailyCostUsd} used today${budget.exhausted ? ': budget spent' : ''}`,
        data: { ...budget },
      };
    },
  }),
];
