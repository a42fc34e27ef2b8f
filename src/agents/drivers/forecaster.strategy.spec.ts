import { Forecaster, type Forecast } from '../models/forecaster.js';
import { LocalForecaster } from '../models/local-forecaster.js';
import { ForecasterStrategy } from './forecaster.strategy.js';
import { RecordingContext } from './recording-context.fixture.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const forecasterContext = (startBar = 100) =>
  new RecordingContext({ agentId: 'lag-llama', role: 'forecaster', symbols: SYMBOLS, startBar });
const QUANTILES = /p10 (\d+\.\d+), p50 (\d+\.\d+), p90 (\d+\.\d+) vs last (\d+\.\d+)/;

/** A forecaster whose answer arrives only when the test says so. */
class SlowForecaster extends Forecaster {
  readonly kind = 'vertex' as const;
  calls = 0;
  private pending: (() => void)[] = [];

  forecast(closes: readonly number[], horizonBars: number): Promise<Forecast> {
    this.calls += 1;
    const last = closes[closes.length - 1];
    const forecast = {
      horizonBars,
      quantiles: { p10: last * 0.99, p50: last * 1.004, p90: last * 1.01 },
    };
    return new Promise((resolve) => this.pending.push(() => resolve(forecast)));
  }

  answer(): void {
    this.pending.splice(0).forEach((resolve) => resolve());
  }
}

describe('ForecasterStrategy', () => {
  it('publishes 1h theses with ordered quantiles in rotation over its symbols', async () => {
    const context = forecasterContext();
    await context.run(new ForecasterStrategy(new LocalForecaster()), 60);
    const theses = context.ofType('thesis');
    expect(theses).toHaveLength(6);
    expect(theses.slice(0, 3).map((t) => t.symbol)).toEqual(SYMBOLS);
    for (const thesis of theses) {
      expect(thesis.horizon).toBe('1h');
      const [, p10, p50, p90, last] = (QUANTILES.exec(thesis.text ?? '') ?? []).map(Number);
      expect(p10).toBeLessThan(p50);
      expect(p50).toBeLessThan(p90);
      expect(thesis.side).toBe(p50 > last ? 'buy' : 'sell');
      expect(thesis.confidence).toBeGreaterThanOrEqual(0);
      expect(thesis.confidence).toBeLessThanOrEqual(1);
      expect(thesis.text).toMatch(/^statistical forecast .* for (BTC|ETH|SOL)USDT 12 bars ahead/);
    }
  });

  it('takes confidence from the median distance relative to the 10–90% band, one call at a time', async () => {
    const slow = new SlowForecaster();
    const context = forecasterContext();
    const driver = new ForecasterStrategy(slow);
    const first = driver.onTick(context.advance(), context);
    for (let i = 0; i < 25; i++) expect(driver.onTick(context.advance(), context)).toBeUndefined();
    expect(slow.calls).toBe(1);
    slow.answer();
    await first;
    // median 0.4% above, band 2%: 4 × 0.4 / 2 = 0.8
    expect(context.ofType('thesis')[0]).toMatchObject({
      symbol: 'BTCUSDT',
      side: 'buy',
      confidence: 0.8,
    });
    expect(context.ofType('thesis')[0].text).toMatch(/^Lag-Llama forecast for BTCUSDT/);
  });

  it('answers a discussion with its latest forecast for the symbol asked about', async () => {
    const context = forecasterContext();
    const driver = new ForecasterStrategy(new LocalForecaster());
    await context.run(driver, 25);
    const question = await context.deliver(driver, {
      type: 'discussion',
      from: 'deepseek-v3',
      to: ['lag-llama'],
      symbol: 'ETHUSDT',
      text: 'Where do you see ETH in an hour?',
    });
    const [reply] = context.repliesTo(question);
    expect(reply).toMatchObject({
      to: ['deepseek-v3'],
      correlationId: question.id,
      symbol: 'ETHUSDT',
    });
    expect(reply.text).toMatch(QUANTILES);
    expect(reply.text).toContain('ETHUSDT');
  });
});
