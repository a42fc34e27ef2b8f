import { EventEmitter2 } from '@nestjs/event-emitter';
import { type EnvelopeDraft } from '../src/communication/message-envelope.js';
import { testEnvelope } from '../src/communication/envelope.fixture.js';
import type { AppConfig } from '../src/config/app-config.js';
import { MESSAGE_TYPES } from '../src/config/roster.js';
import { PortfolioMonitor } from '../src/orchestration/portfolio-monitor.service.js';
import { OutboxShipper } from '../src/export/outbox-shipper.service.js';
import { PortfolioService } from '../src/orchestration/portfolio.service.js';
import { Outbox } from '../src/platform/outbox.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { MarketDataFeed } from '../src/trading/market-data.feed.js';
import { testConfig } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

interface FillRow {
  quantity: number;
  price: number;
  fee_usd: number;
  ts: number;
}

/**
 * The whole module graph on a real SQLite file. The built-in agents run too (they trade on every
 * replayed bar), so each test follows its own signal by id.
 */
describe('signal → order → fill → ledger, on real SQLite', () => {
  let config: AppConfig;
  let app: TestApp;

  beforeEach(async () => {
    // No throttling: the tests inject signals in the agents' names on top of their own.
    config = testConfig({ MCP_ENABLED: 'false' });
    app = await TestApp.start(config);
    await app.advance(1);
  });

  afterEach(() => app.close());

  const signal = async (draft: Omit<EnvelopeDraft, 'type' | 'id'>) => {
    const message = testEnvelope({ type: 'signal', ...draft }, Date.now());
    const outcome = app.coordinator.bus.publish(message);
    await app.coordinator.bus.whenIdle();
    return { message, outcome };
  };
  /** A signal, then the next bar, at whose open the paper broker fills a market order. */
  const filledSignal = async (draft: Omit<EnvelopeDraft, 'type' | 'id'>) => {
    const sent = await signal(draft);
    await app.advance(1);
    return sent;
  };
  const lastBar = (symbol: string) => app.app.get(MarketDataFeed).recent(symbol, 1)[0];
  const db = () => app.app.get(SqliteConnection).db;
  const portfolio = () => app.app.get(PortfolioService);
  const price = (symbol: string) => app.app.get(MarketDataFeed).lastPrice(symbol) ?? NaN;
  const fillOf = (signalId: string) =>
    db()
      .prepare(
        'SELECT f.* FROM fills f JOIN orders o USING (client_order_id) WHERE o.signal_id = ?',
      )
      .get(signalId) as FillRow | undefined;

  it('fills a buy signal within the agent’s capital at the next bar’s open and books it to the agent’s ledger', async () => {
    const before = portfolio().ledger('deepseek-v3').cashUsd;
    const signalClose = price('BTCUSDT');
    const capital = portfolio().allocation('deepseek-v3').capitalUsd;
    const { message } = await signal({
      from: 'deepseek-v3',
      symbol: 'BTCUSDT',
      side: 'buy',
      confidence: 0.5,
    });
    // No fill at the close of the bar that produced the signal: the order waits for the next bar.
    expect(db().prepare('SELECT status FROM orders WHERE signal_id = ?').get(message.id)).toEqual({
      status: 'submitted',
    });
    expect(fillOf(message.id)).toBeUndefined();
    await app.advance(1);
    const next = lastBar('BTCUSDT');

    const order = db().prepare('SELECT * FROM orders WHERE signal_id = ?').get(message.id);
    expect(order).toMatchObject({
      agent_id: 'deepseek-v3',
      symbol: 'BTCUSDT',
      side: 'buy',
      status: 'filled',
    });
    const fill = fillOf(message.id);
    if (!fill) throw new Error('no fill');
    // strategist: up to 15% of its capital per order, scaled by confidence, sized at the signal's close.
    expect(fill.quantity * signalClose).toBeCloseTo(capital * 0.15 * 0.5, 6);
    // The paper broker fills at the next bar's open, moved against the taker by the slippage, at that
    // bar's market time (its close), and charges the taker fee.
    expect(fill.price).toBeCloseTo(next.open * (1 + config.trading.paperSlippageBps / 10_000), 6);
    expect(fill.ts).toBe(next.openTime + 5 * 60_000);
    expect(fill.fee_usd).toBeCloseTo(
      (fill.quantity * fill.price * config.trading.paperFeeBps) / 10_000,
      9,
    );

    const ledger = db()
      .prepare("SELECT cash_usd FROM agent_ledgers WHERE agent_id = 'deepseek-v3'")
      .get();
    expect((ledger as { cash_usd: number }).cash_usd).toBeCloseTo(
      before - fill.quantity * fill.price - fill.fee_usd,
      6,
    );
    expect(portfolio().ledger('deepseek-v3').quantity('BTCUSDT')).toBeGreaterThanOrEqual(
      fill.quantity,
    );
  });

  it('sells all that is held when the signal asks for more, and realises PnL', async () => {
    await signal({ from: 'fingpt', symbol: 'ADAUSDT', side: 'buy', confidence: 0.3 });
    await app.advance(30);
    const held = portfolio().ledger('fingpt').quantity('ADAUSDT');
    expect(held).toBeGreaterThan(0);
    const realizedBefore = portfolio().ledger('fingpt').snapshot().realizedPnlUsd;
    const { message } = await filledSignal({
      from: 'fingpt',
      symbol: 'ADAUSDT',
      side: 'sell',
      confidence: 1,
    });
    expect(fillOf(message.id)?.quantity).toBeCloseTo(held, 12);
    expect(portfolio().ledger('fingpt').quantity('ADAUSDT')).toBe(0);
    expect(portfolio().ledger('fingpt').snapshot().realizedPnlUsd).not.toBe(realizedBefore);
  });

  it('ignores a sell of nothing held and refuses signals from roles that may not send them', async () => {
    const sell = await signal({
      from: 'deepseek-v3',
      symbol: 'XRPUSDT',
      side: 'sell',
      confidence: 1,
    });
    const forbidden = await signal({ from: 'qwen', symbol: 'SOLUSDT', side: 'buy', confidence: 1 });
    expect(forbidden.outcome).toBe('rejected');
    const orders = db()
      .prepare('SELECT COUNT(*) AS n FROM orders WHERE signal_id IN (?, ?)')
      .get(sell.message.id, forbidden.message.id);
    expect(orders).toEqual({ n: 0 });
  });

  it('keeps the sub-ledgers summing to the account after every fill', async () => {
    const trades = [
      ['freqtrade-hft', 'SOLUSDT'],
      ['deepseek-v3', 'XRPUSDT'],
      ['fingpt', 'ADAUSDT'],
    ] as const;
    for (const [from, symbol] of trades) {
      const { message } = await filledSignal({ from, symbol, side: 'buy', confidence: 0.8 });
      expect(fillOf(message.id)).toBeDefined();
      const status = portfolio().status();
      const agentsEquity = status.agents.reduce((sum, a) => sum + a.equityUsd, 0);
      expect(agentsEquity + status.reserveUsd).toBeCloseTo(status.equityUsd, 6);
      const gap = portfolio().reconcile();
      expect(Math.abs(gap.cashUsd)).toBeLessThan(0.005);
      for (const q of Object.values(gap.quantities)) expect(Math.abs(q)).toBeLessThan(1e-9);
    }
  });

  it('exports the fill with the id of the signal behind it', async () => {
    const { message } = await filledSignal({
      from: 'deepseek-v3',
      symbol: 'BTCUSDT',
      side: 'buy',
      confidence: 1,
      correlationId: 'thesis-1',
    });
    app.app.get(Outbox).flush();
    await app.app.get(OutboxShipper).shipOnce();
    await app.app.get(OutboxShipper).shipOnce();
    const exported = db()
      .prepare('SELECT * FROM analytics_fills WHERE signal_id = ?')
      .get(message.id);
    expect(exported).toMatchObject({
      agent_id: 'deepseek-v3',
      correlation_id: 'thesis-1',
      symbol: 'BTCUSDT',
    });
    const exportedSignal = db()
      .prepare('SELECT * FROM analytics_signals WHERE message_id = ?')
      .get(message.id);
    expect(exportedSignal).toMatchObject({
      agent_id: 'deepseek-v3',
      outcome: 'accepted',
      correlation_id: 'thesis-1',
    });
  });

  it('restores ledgers, positions and fills after a restart', async () => {
    await filledSignal({ from: 'deepseek-v3', symbol: 'ETHUSDT', side: 'buy', confidence: 1 });
    const ledgers = () => config.roster.map((a) => portfolio().ledger(a.id).snapshot());
    const fills = () =>
      portfolio()
        .status()
        .agents.map((a) => a.fills);
    const before = { ledgers: ledgers(), fills: fills() };
    await app.close();
    app = await TestApp.start(config);
    expect({ ledgers: ledgers(), fills: fills() }).toEqual(before);
  });

  it('abandons an order still waiting for its bar when the service restarts (open paper orders live in memory)', async () => {
    const { message } = await signal({
      from: 'deepseek-v3',
      symbol: 'SOLUSDT',
      side: 'buy',
      confidence: 1,
    });
    await app.close();
    app = await TestApp.start(config);
    await app.advance(1);
    expect(db().prepare('SELECT status FROM orders WHERE signal_id = ?').get(message.id)).toEqual({
      status: 'abandoned',
    });
    expect(fillOf(message.id)).toBeUndefined();
  });

  it('moves allocations with performance and tells each affected agent on the bus', async () => {
    const GUIDANCE = MESSAGE_TYPES.indexOf('guidance');
    const monitor = app.app.get(PortfolioMonitor);
    const opening = new Map(
      config.roster.map((a) => [a.id, portfolio().allocation(a.id).targetPct]),
    );
    const guidanceBefore = app.coordinator.bus.counters.typeCount(GUIDANCE, 'published');
    let changed: string[] = [];
    for (let bar = 0; bar < 300 && changed.length === 0; bar++) {
      await app.advance(1);
      monitor.tick();
      monitor.rebalance('scheduled');
      changed = config.roster
        .map((a) => a.id)
        .filter(
          (id) => Math.abs(portfolio().allocation(id).targetPct - (opening.get(id) ?? 0)) >= 0.01,
        );
    }
    expect(changed.length).toBeGreaterThan(0);
    expect(
      app.coordinator.bus.counters.typeCount(GUIDANCE, 'published') - guidanceBefore,
    ).toBeGreaterThanOrEqual(changed.length);
    const saved = db().prepare('SELECT agent_id, target_pct FROM allocations').all() as {
      agent_id: string;
      target_pct: number;
    }[];
    for (const row of saved)
      expect(row.target_pct).toBe(portfolio().allocation(row.agent_id).targetPct);
    const total = saved.reduce((sum, r) => sum + r.target_pct, 0);
    expect(total).toBeLessThanOrEqual(90 + 1e-9);
    const gap = portfolio().reconcile();
    expect(Math.abs(gap.cashUsd)).toBeLessThan(0.005);
  });

  it('charges model cost events to the agent, durably, and ignores malformed ones', async () => {
    const events = app.app.get(EventEmitter2);
    events.emit('agent.model-cost', { agentId: 'deepseek-v3', costUsd: 0.25, ts: Date.now() });
    events.emit('agent.model-cost', { agentId: 'deepseek-v3', costUsd: 0.5, ts: Date.now() });
    events.emit('agent.model-cost', { agentId: 'nobody', costUsd: 1, ts: Date.now() });
    events.emit('agent.model-cost', { agentId: 'qwen', costUsd: Number.NaN, ts: Date.now() });
    events.emit('agent.model-cost', null);
    await new Promise((resolve) => setImmediate(resolve));
    const cost = (id: string) =>
      portfolio()
        .status()
        .agents.find((a) => a.agentId === id)?.modelCostUsd;
    expect(cost('deepseek-v3')).toBeCloseTo(0.75, 12);
    expect(cost('qwen')).toBe(0);
    await app.close();
    app = await TestApp.start(config);
    expect(cost('deepseek-v3')).toBeCloseTo(0.75, 12);
  });
});
