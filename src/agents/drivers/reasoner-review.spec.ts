import { ChatModel, type Reasoning, type ReasoningTask } from '../models/chat-model.js';
import { ModelCallError } from '../models/model-call.error.js';
import { ReasonerStrategy } from './reasoner.strategy.js';
import { RecordingContext } from './recording-context.fixture.js';

/** Answers long on everything and remembers what it was asked. */
class LongModel extends ChatModel {
  readonly kind = 'vertex' as const;
  readonly tasks: ReasoningTask[] = [];
  failWith: ModelCallError | undefined;

  reason(task: ReasoningTask): Promise<Reasoning> {
    this.tasks.push(task);
    if (this.failWith) return Promise.reject(this.failWith);
    return Promise.resolve({ side: 'buy', confidence: 0.5, horizon: '4h', text: 'long' });
  }
}

const strategist = () =>
  new RecordingContext({
    agentId: 'deepseek-v3',
    role: 'strategist',
    symbols: ['BTCUSDT', 'ETHUSDT'],
  });

describe('ReasonerStrategy: what the model is told and when delivered messages cost a call', () => {
  it('briefs the model with the latest guidance and the theses delivered to the agent', async () => {
    const model = new LongModel();
    const context = strategist();
    const driver = new ReasonerStrategy(model, 'strategist');
    await context.deliver(driver, {
      type: 'guidance',
      from: 'orchestrator',
      to: ['deepseek-v3'],
      text: 'old',
    });
    await context.deliver(driver, {
      type: 'guidance',
      from: 'orchestrator',
      to: ['deepseek-v3'],
      text: 'new',
    });
    await context.deliver(driver, {
      type: 'thesis',
      from: 'lag-llama',
      symbol: 'BTCUSDT',
      side: 'buy',
      text: 'up',
    });
    await context.run(driver, 1);
    expect(model.tasks).toHaveLength(1);
    expect(model.tasks[0].briefing?.guidance?.text).toBe('new');
    expect(model.tasks[0].briefing?.theses.map((t) => t.text)).toEqual(['up']);
  });

  it('reconsiders a symbol when a delivered signal takes the other side, once per period', async () => {
    const model = new LongModel();
    const context = strategist();
    const driver = new ReasonerStrategy(model, 'strategist', { everyTicks: 20 });
    await context.run(driver, 1); // long BTCUSDT
    const opposite = {
      type: 'signal' as const,
      from: 'freqtrade-hft',
      symbol: 'BTCUSDT',
      side: 'sell' as const,
    };
    await context.deliver(driver, { ...opposite, side: 'buy' });
    expect(model.tasks).toHaveLength(1);
    await context.run(driver, 1);
    await context.deliver(driver, opposite);
    await context.deliver(driver, opposite);
    expect(model.tasks).toHaveLength(1); // the scheduled thesis just reviewed BTCUSDT
    await context.run(driver, 19); // tick 20: the scheduled thesis moves on to ETHUSDT
    await context.deliver(driver, opposite);
    await context.deliver(driver, opposite);
    expect(model.tasks.map((t) => (t.kind === 'thesis' ? t.symbol : t.kind))).toEqual([
      'BTCUSDT',
      'ETHUSDT',
      'BTCUSDT',
    ]);
  });

  it('drops a call that ended without an answer and keeps going', async () => {
    const model = new LongModel();
    model.failWith = new ModelCallError('timeout', 'slow');
    const context = strategist();
    const driver = new ReasonerStrategy(model, 'strategist');
    await context.run(driver, 1);
    expect(context.ofType('thesis')).toHaveLength(0);
    model.failWith = undefined;
    await context.run(driver, 20);
    expect(context.ofType('thesis')).toHaveLength(1);
  });
});
