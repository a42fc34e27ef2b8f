import type { Candle } from '../candle.js';
import { TickAssembler } from './tick-assembler.js';

const bar = (symbol: string, openTime: number): Candle => ({
  symbol,
  openTime,
  open: 1,
  high: 1,
  low: 1,
  close: 1,
  volume: 1,
});
const shape = (ticks: readonly (readonly Candle[])[]) =>
  ticks.map((t) => t.map((c) => `${c.symbol}@${c.openTime}`));

describe('TickAssembler', () => {
  it('emits one tick when every symbol has closed the bar', () => {
    const assembler = new TickAssembler(['A', 'B']);
    expect(assembler.add(bar('A', 0))).toEqual([]);
    expect(shape(assembler.add(bar('B', 0)))).toEqual([['A@0', 'B@0']]);
  });

  it('lets a lagging symbol not hold the market back, and drops duplicates', () => {
    const assembler = new TickAssembler(['A', 'B']);
    assembler.add(bar('A', 0));
    expect(shape(assembler.add(bar('A', 60)))).toEqual([['A@0']]);
    expect(assembler.add(bar('A', 60))).toEqual([]);
    expect(shape(assembler.add(bar('B', 60)))).toEqual([['A@60', 'B@60']]);
    expect(assembler.add(bar('B', 0))).toEqual([]);
  });

  it('skips bars already loaded as history', () => {
    const assembler = new TickAssembler(['A']);
    assembler.seen(bar('A', 120));
    expect(assembler.add(bar('A', 60))).toEqual([]);
    expect(shape(assembler.add(bar('A', 180)))).toEqual([['A@180']]);
  });
});
