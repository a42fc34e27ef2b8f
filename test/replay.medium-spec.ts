import { runReplay } from '../src/replay/replay-runner.js';
import { testConfig } from './support/test-config.js';

/**
 * The coordinator's promises, on the real bundled candles with all six agents: 2,880 bars, twelve
 * minutes of the clock `npm start` would run on (the full month runs in `npm run replay`).
 */
describe('replay: the coordinator against the naive baseline', () => {
  const bars = 2_880;
  const pacing = { REPLAY_BAR_INTERVAL_MS: '250', PARTICIPATION_AUTOTUNE: 'true' };

  it('cuts deliveries by 60–80%, throttles under 30% of signals, and keeps every agent within 2× the average', async () => {
    const report = await runReplay({ config: testConfig(pacing), bars });
    const { activity } = report;
    expect(activity.messageReduction).toBeGreaterThanOrEqual(0.6);
    expect(activity.messageReduction).toBeLessThanOrEqual(0.8);
    expect(activity.throttledSignalRatio).toBeLessThan(0.3);
    for (const agent of report.balance)
      expect(agent.longestImbalanceMs).toBeLessThanOrEqual(10 * 60_000);
    for (const agent of activity.agents) expect(agent.sent).toBeGreaterThan(0);
    expect(report.fills).toBeGreaterThan(0);
  }, 60_000);

  it('with MCP off delivers everything to everyone, unthrottled', async () => {
    const report = await runReplay({
      config: testConfig({ ...pacing, MCP_ENABLED: 'false' }),
      bars: 400,
    });
    // Only the orchestrator's guidance stays private (one agent's instructions), so a sliver remains.
    expect(report.activity.messageReduction).toBeLessThan(0.02);
    expect(report.activity.throttledSignalRatio).toBe(0);
    expect(report.activity.agents.every((a) => a.filtered === 0 && a.throttled === 0)).toBe(true);
  }, 60_000);
});
