import { ManualClock } from '../platform/clock.js';
import { ModelBudget } from './model-budget.js';
import { ModelCallError } from './models/model-call.error.js';

const DAY = 86_400_000;

describe('ModelBudget', () => {
  const start = Date.UTC(2021, 4, 1, 12);

  function budget(limits = { dailyTokens: 1_000, dailyCostUsd: 0.01 }) {
    const clock = new ManualClock(start);
    const model = new ModelBudget(limits, clock);
    const changes: [string, boolean][] = [];
    model.onChange((agent, exhausted) => changes.push([agent, exhausted]));
    return { clock, model, changes };
  }

  it('admits calls under both limits and refuses from the call that reaches one', () => {
    const { model, changes } = budget();
    model.admit('qwen');
    model.charge('qwen', 600, 0.001);
    model.admit('qwen');
    model.charge('qwen', 400, 0.001);
    expect(() => model.admit('qwen')).toThrow(ModelCallError);
    expect(changes).toEqual([['qwen', true]]);
    expect(model.isExhausted('qwen')).toBe(true);
    expect(() => model.admit('deepseek-v3')).not.toThrow();
  });

  it('stops on cost as well as on tokens', () => {
    const { model } = budget();
    model.charge('deepseek-v3', 10, 0.0100001);
    expect(() => model.admit('deepseek-v3')).toThrow(/daily model budget exhausted/);
  });

  it('holds an agent with a budget of its own (a declared seat) to that budget', () => {
    const clock = new ManualClock(start);
    const model = new ModelBudget(
      { dailyTokens: 1_000, dailyCostUsd: 0.01 },
      clock,
      new Map([['claude-seat', { dailyTokens: 5_000 }]]),
    );
    model.charge('claude-seat', 2_000, 0.001);
    model.charge('qwen', 2_000, 0.001);
    expect(model.isExhausted('claude-seat')).toBe(false);
    expect(model.isExhausted('qwen')).toBe(true);
    expect(model.limitsOf('claude-seat')).toEqual({ dailyTokens: 5_000, dailyCostUsd: 0.01 });
  });

  it('fails closed at a zero limit: not a single call', () => {
    const { model } = budget({ dailyTokens: 0, dailyCostUsd: 1 });
    expect(() => model.admit('fingpt')).toThrow(ModelCallError);
  });

  it('gives the budget back on the next UTC day of its clock, and only then', () => {
    const { clock, model, changes } = budget();
    model.charge('qwen', 5_000, 0);
    clock.set(Date.UTC(2021, 4, 1, 23, 59, 59));
    expect(() => model.admit('qwen')).toThrow();
    clock.set(Date.UTC(2021, 4, 2));
    model.rollDay();
    expect(changes).toEqual([
      ['qwen', true],
      ['qwen', false],
    ]);
    expect(model.usageOf('qwen')).toEqual({ tokens: 0, costUsd: 0 });
    expect(() => model.admit('qwen')).not.toThrow();
    clock.advance(DAY);
    expect(() => model.admit('qwen')).not.toThrow();
  });
});
