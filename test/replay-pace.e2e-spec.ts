import { join } from 'node:path';
import { bundledMarketWithHeadlinesFrom } from './support/headlines-in-period.js';
import { freePort, ServiceProcess } from './support/service-process.js';
import { temporaryDir } from './support/test-config.js';

interface Activity {
  messageReduction: number;
  throttledSignalRatio: number;
  agents: { agentId: string; sent: number; delivered: number }[];
}
interface Health {
  info: { market: { marketTime: string; state: string } };
}

/** Market time after 60 bundled bars: 08:00 plus five hours. */
const REPLAY_TO = '2021-05-01T13:00:00.000Z';

/**
 * `REPLAY_BAR_INTERVAL_MS` paces the demo's wall time and changes no figure: the same bars at 20 and
 * at 250 ms give the same coordinator figures and the same portfolio.
 */
describe('the replay pace changes no figure', () => {
  const running: ServiceProcess[] = [];

  afterAll(async () => {
    for (const service of running) {
      service.kill('SIGTERM');
      await service.exited;
    }
  });

  async function runTo(paceMs: number): Promise<{ activity: Activity; equityUsd: number }> {
    const service = ServiceProcess.start(
      {
        DATA_DIR: join(temporaryDir(), 'data'),
        // News inside the period, so the sentiment agent takes part like the others.
        MARKET_DATA_DIR: bundledMarketWithHeadlinesFrom('2021-05-01T08:30:00Z'),
        REPLAY_BAR_INTERVAL_MS: String(paceMs),
        REPLAY_TO,
        LOG_LEVEL: 'ERROR',
      },
      await freePort(),
    );
    running.push(service);
    await service.ready();
    const health = await service.until(async () => {
      const h = await service.get<Health>('/healthz');
      return h.info.market.state === 'ended' ? h : undefined;
    }, 60_000);
    expect(health.info.market.marketTime).toBe(REPLAY_TO);
    const activity = await service.get<Activity>('/agent-activity');
    const { equityUsd } = await service.get<{ equityUsd: number }>('/portfolio-status');
    return { activity, equityUsd };
  }

  it('gives the same figures at 20 and 250 ms per bar', async () => {
    const [fast, slow] = await Promise.all([runTo(20), runTo(250)]);
    expect(Math.abs(fast.activity.messageReduction - slow.activity.messageReduction)).toBeLessThan(
      0.02,
    );
    expect(
      Math.abs(fast.activity.throttledSignalRatio - slow.activity.throttledSignalRatio),
    ).toBeLessThan(0.02);
    // Not just within two points: the same run.
    expect(fast.activity.agents).toEqual(slow.activity.agents);
    expect(fast.equityUsd).toBe(slow.equityUsd);
    expect(fast.activity.agents.every((a) => a.sent > 0)).toBe(true);
  }, 90_000);
});
