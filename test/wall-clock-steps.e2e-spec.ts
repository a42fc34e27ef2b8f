import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, ServiceProcess } from './support/service-process.js';
import { temporaryDir } from './support/test-config.js';

/** Debian's libfaketime (package `faketime`), multithreaded build, as Node runs threads. */
const LIBFAKETIME = ['x86_64-linux-gnu', 'aarch64-linux-gnu']
  .map((arch) => `/usr/lib/${arch}/faketime/libfaketimeMT.so.1`)
  .find((path) => existsSync(path));

const PACE_MS = 20;
const BAR_MS = 5 * 60_000;

interface Flow {
  readonly marketMs: number;
  readonly messages: number;
  readonly fills: number;
}

/**
 * The wall clock of a running service is stepped back an hour, then forward a day (NTP, a VM resumed,
 * an operator's mistake). Monotonic time does not move with it, as on a real machine. Trading must
 * neither stall nor burst: market time comes from the data, pacing and timeouts from monotonic time.
 */
describe('wall-clock steps under libfaketime', () => {
  let service: ServiceProcess;
  const offsetFile = join(temporaryDir('ct-faketime-'), 'offset');

  beforeAll(async () => {
    if (!LIBFAKETIME) throw new Error('libfaketime is missing: apt-get install faketime');
    writeFileSync(offsetFile, '+0');
    service = ServiceProcess.start(
      {
        DATA_DIR: join(temporaryDir(), 'data'),
        REPLAY_BAR_INTERVAL_MS: String(PACE_MS),
        LD_PRELOAD: LIBFAKETIME,
        FAKETIME_TIMESTAMP_FILE: offsetFile,
        FAKETIME_NO_CACHE: '1',
        FAKETIME_DONT_FAKE_MONOTONIC: '1',
      },
      await freePort(),
    );
    await service.ready();
  });

  afterAll(async () => {
    service.kill('SIGTERM');
    await service.exited;
  });

  const flow = async (): Promise<Flow> => {
    const health = await service.get<{ info: { market: { marketTime: string } } }>('/healthz');
    const activity = await service.get<{ agents: { sent: number }[] }>('/agent-activity');
    const portfolio = await service.get<{ agents: { fills: number }[] }>('/portfolio-status');
    return {
      marketMs: Date.parse(health.info.market.marketTime),
      messages: activity.agents.reduce((n, a) => n + a.sent, 0),
      fills: portfolio.agents.reduce((n, a) => n + a.fills, 0),
    };
  };

  /**
   * After a step: within 5 s market time, messages and fills all move again, and no more bars pass than
   * the pace allows. Market time is part of the wait because a bar's model answers can land (messages
   * and fills) before the next bar does when the machine is busy.
   */
  async function keepsFlowing(offset: string): Promise<void> {
    const before = await flow();
    const steppedAt = performance.now();
    writeFileSync(offsetFile, offset);
    const after = await service.until(async () => {
      const now = await flow();
      const moved =
        now.marketMs > before.marketMs &&
        now.messages > before.messages &&
        now.fills > before.fills;
      return moved ? now : undefined;
    }, 5_000);
    const elapsed = performance.now() - steppedAt;
    const bars = (after.marketMs - before.marketMs) / BAR_MS;
    expect(bars).toBeGreaterThan(0);
    // The pace is a floor on the wall time between bars: catching up "lost" time would show here.
    expect(bars).toBeLessThanOrEqual(elapsed / PACE_MS + 2);
  }

  it('keeps trading at its pace through a step back of an hour and forward of a day, with no error logged', async () => {
    await service.until(async () => ((await flow()).fills > 0 ? true : undefined), 30_000);
    await keepsFlowing('-1h');
    await keepsFlowing('+1d');
    expect(service.output).not.toMatch(/"severity":"(ERROR|CRITICAL)"/);
  }, 60_000);
});
