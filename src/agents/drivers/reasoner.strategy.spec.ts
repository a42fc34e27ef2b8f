import { SYMBOLS } from '../../config/roster.js';
import { loadCandles } from '../market/candle-history.fixture.js';
import { ChatModel, type Reasoning, type ReasoningTask } from '../models/chat-model.js';
import { LOCAL_REASONER_MARKER, LocalReasoner } from '../models/local-reasoner.js';
import { MarketMakerStrategy } from './market-maker.strategy.js';
import { ReasonerStrategy } from './reasoner.strategy.js';
import { RecordingContext } from './recording-context.fixture.js';

const CRASH = loadCandles('BTCUSDT').findIndex((c) => c.low === 30_000);
const strategistContext = (startBar = 100) =>
  new RecordingContext({
    agentId: 'deepseek-v3',
    role: 'strategist',
    symbols: [...SYMBOLS],
    startBar,
  });
const riskContext = (startBar = 100) =>
  new RecordingContext({ agentId: 'qwen', role: 'risk-analyst', symbols: [...SYMBOLS], startBar });

/** A ChatModel that answers only when the test lets it: shows whether calls overlap. */
class GatedModel extends ChatModel {
  readonly kind = 'local' as const;
  readonly tasks: ReasoningTask[] = [];
  private release: (() => void)[] = [];

  reason(task: ReasoningTask): Promise<Reasoning> {
    this.tasks.push(task);
    return new Promise((resolve) =>
      this.release.push(() => resolve({ side: 'buy', confidence: 0.9, text: 'gated' })),
    );
  }

  answerAll(): void {
    this.release.splice(0).forEach((answer) => answer());
  }
}

describe('ReasonerStrategy as strategist', () => {
  it('publishes marked theses in rotation, and signals linked to the confident ones', async () => {
    const context = strategistContext(CRASH - 60);
    await context.run(new ReasonerStrategy(new LocalReasoner(), 'strategist'), 100);
    const theses = context.ofType('thesis');
    expect(
      theses.filter((t) => t.ts <= context.published[0].ts + 60 * 5 * 60_000).length,
    ).toBeGreaterThanOrEqual(3);
    expect(new Set(theses.map((t) => t.symbol)).size).toBe(5);
    for (const m of [...theses, ...context.ofType('signal')])
      expect(m.text?.startsWith(LOCAL_REASONER_MARKER)).toBe(true);
    const signals = context.ofType('signal');
    expect(signals.length).toBeGreaterThan(0);
    for (const signal of signals) {
      const thesis = theses.find((t) => t.id === signal.correlationId);
      expect(thesis).toMatchObject({ symbol: signal.symbol, side: signal.side });
      expect(signal.confidence).toBeGreaterThanOrEqual(0.6);
    }
  });

  it('never has two model calls in flight: ticks are skipped until the answer arrives', async () => {
    const model = new GatedModel();
    const context = strategistContext();
    const driver = new ReasonerStrategy(model, 'strategist');
    const first = driver.onTick(context.advance(), context);
    for (let i = 0; i < 45; i++) expect(driver.onTick(context.advance(), context)).toBeUndefined();
    expect(model.tasks).toHaveLength(1);
    model.answerAll();
    await first;
    const thesis = context.ofType('thesis')[0];
    expect(context.ofType('signal')[0]).toMatchObject({ correlationId: thesis.id, side: 'buy' });
    const calls = Array.from({ length: 20 }, () => driver.onTick(context.advance(), context));
    expect(model.tasks).toHaveLength(2);
    model.answerAll();
    await Promise.all(calls.filter((call) => call !== undefined));
    expect(context.ofType('thesis')).toHaveLength(2);
  });

  it('answers a challenge addressed to it, linked by correlationId', async () => {
    const context = strategistContext();
    const driver = new ReasonerStrategy(new LocalReasoner(), 'strategist');
    await context.run(driver, 5);
    const challenge = await context.deliver(driver, {
      type: 'discussion',
      from: 'qwen',
      to: ['deepseek-v3'],
      symbol: 'ETHUSDT',
      correlationId: 'thesis-1',
      text: 'Your long ignores volatility',
    });
    const [reply] = context.repliesTo(challenge);
    expect(reply).toMatchObject({ to: ['qwen'], correlationId: challenge.id, symbol: 'ETHUSDT' });
    expect(reply.text).toMatch(
      /^\[rule-based LocalReasoner\] re "Your long ignores volatility": ETHUSDT EMA12/,
    );
  });
});

describe('ReasonerStrategy as risk analyst', () => {
  it('challenges a thesis from another agent, once per author and symbol per period', async () => {
    const context = riskContext(CRASH - 10);
    const driver = new ReasonerStrategy(new LocalReasoner(), 'risk-analyst');
    await context.run(driver, 12);
    const before = context.ofType('discussion').length;
    const thesis = {
      type: 'thesis' as const,
      from: 'deepseek-v3',
      symbol: 'BTCUSDT',
      side: 'buy' as const,
      confidence: 0.8,
    };
    const first = await context.deliver(driver, thesis);
    const again = await context.deliver(driver, thesis);
    const forecast = await context.deliver(driver, { ...thesis, from: 'lag-llama' });

    const [challenge] = context.repliesTo(first);
    expect(challenge).toMatchObject({
      type: 'discussion',
      to: ['deepseek-v3'],
      correlationId: first.id,
      symbol: 'BTCUSDT',
    });
    expect(challenge.text).toMatch(
      /^\[rule-based LocalReasoner\] challenge to deepseek-v3's long BTCUSDT thesis .*high volatility/,
    );
    expect(context.repliesTo(again)).toHaveLength(0);
    expect(context.repliesTo(forecast)).toHaveLength(1);
    expect(context.ofType('discussion').length - before).toBe(2);
  });

  it('sends risk notes to hft and market makers that make a market maker widen', async () => {
    const context = riskContext(CRASH - 30);
    await context.run(new ReasonerStrategy(new LocalReasoner(), 'risk-analyst'), 60);
    const notes = context.ofType('discussion').filter((d) => d.to?.includes('market-maker'));
    expect(notes).toHaveLength(3);
    expect(notes[0].to).toEqual(['hft', 'market-maker']);
    expect(notes.every((n) => n.text?.startsWith(LOCAL_REASONER_MARKER))).toBe(true);

    const mmContext = new RecordingContext({
      agentId: 'hummingbot-mm',
      role: 'market-maker',
      symbols: ['BTCUSDT'],
      startBar: CRASH,
    });
    const mm = new MarketMakerStrategy();
    await mmContext.run(mm, 1);
    const warning = notes.find((n) => n.text?.includes('high volatility'));
    if (!warning) throw new Error('expected a note flagging high volatility around the crash');
    mm.onMessage(warning, mmContext);
    const question = await mmContext.deliver(mm, {
      type: 'discussion',
      from: 'qwen',
      to: ['hummingbot-mm'],
      text: 'spread?',
    });
    expect(mmContext.repliesTo(question)[0].text).toContain('widened on a risk note');
  });

  it('does not answer an answer to its own challenge, so two agents cannot talk forever', async () => {
    const context = riskContext();
    const driver = new ReasonerStrategy(new LocalReasoner(), 'risk-analyst');
    await context.run(driver, 1);
    const thesis = await context.deliver(driver, {
      type: 'thesis',
      from: 'deepseek-v3',
      symbol: 'SOLUSDT',
      side: 'sell',
      confidence: 0.7,
    });
    const [challenge] = context.repliesTo(thesis);
    const answer = await context.deliver(driver, {
      type: 'discussion',
      from: 'deepseek-v3',
      to: ['qwen'],
      correlationId: challenge.id,
      text: 'I hold my view',
    });
    expect(context.repliesTo(answer)).toHaveLength(0);
    const question = await context.deliver(driver, {
      type: 'discussion',
      from: 'orchestrator',
      to: ['qwen'],
      text: 'Any risk on XRPUSDT?',
    });
    expect(context.repliesTo(question)).toHaveLength(1);
    expect(context.repliesTo(question)[0]).toMatchObject({
      symbol: 'XRPUSDT',
      to: ['orchestrator'],
    });
    expect(context.repliesTo(question)[0].text).toMatch(/: XRPUSDT EMA12 (above|below) EMA48/);
  });
});
