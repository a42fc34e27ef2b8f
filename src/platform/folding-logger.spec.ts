import { stripVTControlCharacters } from 'node:util';
import type { LoggerService } from '@nestjs/common';
import { FoldingLogger } from './folding-logger.js';
import { PrettyLogger } from './pretty-logger.js';
import { type CancelTimer, Timers } from './timers.js';

/** Timers that fire only when the test says a period has passed. */
class SteppedTimers extends Timers {
  private readonly tasks = new Set<() => void>();
  every(_intervalMs: number, task: () => void): CancelTimer {
    this.tasks.add(task);
    return () => this.tasks.delete(task);
  }
  after(_delayMs: number, task: () => void): CancelTimer {
    return this.every(0, task);
  }
  elapse(): void {
    for (const task of this.tasks) task();
  }
}

function lines() {
  const written: string[] = [];
  const inner: LoggerService = new PrettyLogger('DEBUG', (line) => written.push(line));
  return { inner, written };
}

describe('FoldingLogger', () => {
  it('prints a warning once per minute and then one line with how often it repeated', () => {
    const { inner, written } = lines();
    const timers = new SteppedTimers();
    const logger = new FoldingLogger(inner, timers);
    for (let i = 0; i < 50; i++)
      logger.warn(
        `qwen bought ${i}.5 BTCUSDT that fingpt sold within a minute`,
        'PortfolioService',
      );
    logger.warn('feed is slow', 'Feed');
    logger.log('ready', 'Main');
    expect(written).toHaveLength(3);
    timers.elapse();
    expect(written).toHaveLength(4);
    expect(written[3]).toContain(
      'qwen bought 0.5 BTCUSDT that fingpt sold within a minute (and 49 more like it in the last minute)',
    );
    expect(written[3]).toContain('[PortfolioService]');
    timers.elapse();
    expect(written).toHaveLength(4);
    logger.warn('qwen bought 7 BTCUSDT that fingpt sold within a minute', 'PortfolioService');
    expect(written).toHaveLength(5);
  });

  it('never folds errors', () => {
    const { inner, written } = lines();
    const logger = new FoldingLogger(inner, new SteppedTimers());
    logger.error('broken 1');
    logger.error('broken 2');
    expect(written).toHaveLength(2);
  });
});

describe('PrettyLogger', () => {
  it('writes a readable coloured line with the time, level, context and message', () => {
    const { inner, written } = lines();
    inner.warn('slow', 'Feed');
    const plain = stripVTControlCharacters(written[0]);
    expect(plain).toMatch(/^\d\d:\d\d:\d\d WARNING \[Feed\] slow\n$/);
    expect(written[0]).toContain('\x1b[33m');
  });
});
