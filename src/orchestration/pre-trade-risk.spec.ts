import { AgentLedger } from './agent-ledger.js';
import { PreTradeRiskCheck, type RiskContext } from './pre-trade-risk.js';

const limits = {
  maxGrossExposurePct: 50,
  maxSymbolExposurePct: 20,
  maxOrdersPerMinute: 2,
  costBufferBps: 0,
};
const prices: Record<string, number> = { BTCUSDT: 100, ETHUSDT: 10 };

function context(
  agent: AgentLedger,
  others: AgentLedger[] = [],
  extra: Partial<RiskContext> = {},
): RiskContext {
  return {
    agent,
    ledgers: [agent, ...others],
    reserveUsd: 0,
    price: (s) => prices[s],
    breaker: 'ok',
    now: 0,
    ...extra,
  };
}

describe('PreTradeRiskCheck', () => {
  it('cuts a buy to the agent’s cash', () => {
    const agent = AgentLedger.opening('a', 500);
    const other = AgentLedger.opening('b', 9_500);
    const decision = new PreTradeRiskCheck(limits).check(
      { agentId: 'a', symbol: 'BTCUSDT', side: 'buy', quantity: 10 },
      context(agent, [other]),
    );
    expect(decision).toMatchObject({ approved: true, limitedBy: 'agent capital' });
    if (decision.approved) expect(decision.quantity * 100).toBeCloseTo(500, 4);
  });

  it('cuts a buy to the symbol’s share across agents, then refuses when none is left', () => {
    const agent = AgentLedger.opening('a', 5_000);
    const other = AgentLedger.opening('b', 5_000);
    other.apply({ symbol: 'BTCUSDT', side: 'buy', quantity: 15, price: 100, feeUsd: 0 }); // 1,500 of 10,000
    const check = new PreTradeRiskCheck(limits);
    const decision = check.check(
      { agentId: 'a', symbol: 'BTCUSDT', side: 'buy', quantity: 10 },
      context(agent, [other]),
    );
    expect(decision).toMatchObject({ approved: true, limitedBy: 'symbol concentration' });
    if (decision.approved) expect(decision.quantity * 100).toBeCloseTo(500, 4);
    other.apply({ symbol: 'BTCUSDT', side: 'buy', quantity: 5, price: 100, feeUsd: 0 });
    expect(
      check.check(
        { agentId: 'a', symbol: 'BTCUSDT', side: 'buy', quantity: 1 },
        context(agent, [other]),
      ),
    ).toEqual({
      approved: false,
      reason: 'symbol concentration limit reached',
    });
  });

  it('cuts a buy to the portfolio’s gross exposure', () => {
    const agent = AgentLedger.opening('a', 5_000);
    const other = AgentLedger.opening('b', 5_000);
    other.apply({ symbol: 'ETHUSDT', side: 'buy', quantity: 450, price: 10, feeUsd: 0 }); // 4,500 gross
    const decision = new PreTradeRiskCheck(limits).check(
      { agentId: 'a', symbol: 'BTCUSDT', side: 'buy', quantity: 10 },
      context(agent, [other]),
    );
    expect(decision).toMatchObject({ approved: true, limitedBy: 'gross exposure' });
    if (decision.approved) expect(decision.quantity * 100).toBeCloseTo(500, 4);
  });

  it('limits the order rate per agent over a sliding minute', () => {
    const agent = AgentLedger.opening('a', 10_000);
    const check = new PreTradeRiskCheck(limits);
    const order = { agentId: 'a', symbol: 'ETHUSDT', side: 'buy' as const, quantity: 10 };
    check.recordOrder('a', 0);
    check.recordOrder('a', 30_000);
    expect(check.check(order, context(agent, [], { now: 59_999 }))).toMatchObject({
      approved: false,
    });
    expect(check.check(order, context(agent, [], { now: 60_000 }))).toMatchObject({
      approved: true,
    });
  });

  it('halted and reduce-only refuse new risk and let orders that cut exposure through', () => {
    const agent = AgentLedger.opening('a', 10_000);
    agent.apply({ symbol: 'ETHUSDT', side: 'buy', quantity: 10, price: 10, feeUsd: 0 });
    const check = new PreTradeRiskCheck(limits);
    const buy = { agentId: 'a', symbol: 'ETHUSDT', side: 'buy' as const, quantity: 5 };
    const sell = { ...buy, side: 'sell' as const, quantity: 50 };
    expect(check.check(buy, context(agent, [], { breaker: 'halted' }))).toEqual({
      approved: false,
      reason: 'trading is halted by a breaker: only orders that cut exposure pass',
    });
    expect(check.check(sell, context(agent, [], { breaker: 'halted' }))).toEqual({
      approved: true,
      quantity: 10,
    });
    expect(
      check.check({ ...sell, symbol: 'BTCUSDT' }, context(agent, [], { breaker: 'halted' })),
    ).toMatchObject({ approved: false, reason: 'holds no BTCUSDT' });
    expect(check.check(buy, context(agent, [], { breaker: 'reduce-only' }))).toMatchObject({
      approved: false,
    });
    expect(check.check(sell, context(agent, [], { breaker: 'reduce-only' }))).toEqual({
      approved: true,
      quantity: 10,
    });
  });
});
