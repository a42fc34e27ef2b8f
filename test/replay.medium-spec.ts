import { runReplay } from '../src/replay/replay-runner.js';
import { testConfig } from './support/test-config.js';

/**
 * The naive baseline the coordinator is measured against (the month's figures with MCP on are checked
 * in `market-time.e2e-spec.ts`).
 */
describe('replay: the naive baseline', () => {
  it('with MCP off delivers everything to everyone, unthrottled and unfiltered', async () => {
    const report = await runReplay({
      config: testConfig({ MCP_ENABLED: 'false', PARTICIPATION_AUTOTUNE: 'true' }),
      bars: 400,
    });
    const { activity } = report;
    expect(activity.throttledSignalRatio).toBe(0);
    expect(activity.agents.every((a) => a.filtered === 0 && a.throttled === 0)).toBe(true);
    expect(activity.agents.every((a) => a.coalesced === 0 && a.dropped === 0)).toBe(true);
    // Only the orchestrator's guidance stays private (one agent's instructions, sent after every
    // hourly rebalance): everything else reaches every other agent.
    const sentByAgents = activity.agents.reduce((n, a) => n + a.sent, 0);
    const others = activity.agents.length - 1;
    expect(activity.deliveries).toBeGreaterThanOrEqual(sentByAgents * others);
  }, 60_000);
});
