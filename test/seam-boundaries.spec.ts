import { ESLint } from 'eslint';
import { REPO_ROOT } from './support/test-config.js';

/**
 * The lint rules that keep the seams (issue 20), run on code written to cross them, as if it stood in
 * an existing file of each module: outside trading nobody imports an Aster adapter or asks which
 * adapter a port is; inside trading the factory may; nobody but communication reads the bus's internals.
 */
describe('seam boundaries (eslint.config.js)', () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const violations = async (relativePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}/${relativePath}` });
    return result.messages
      .filter((m) => m.ruleId !== '@typescript-eslint/consistent-type-imports')
      .map((m) => `${m.ruleId}: ${m.message}`);
  };
  const probe = (
    trading: string,
    bus: string,
  ) => `import { AsterBroker } from '${trading}/aster/aster.broker.js';
import { BusCounters } from '${bus}/bus-counters.js';
import type { Broker } from '${trading}/broker.js';
export const live = (b: Broker): boolean => b instanceof AsterBroker;
export const counters: unknown = BusCounters;
`;

  it('refuses an Aster import, an adapter instanceof and the bus internals in orchestration', async () => {
    const found = await violations(
      'src/orchestration/breaker.state.ts',
      probe('../trading', '../communication'),
    );
    expect(found).toEqual([
      expect.stringMatching(
        /no-restricted-imports: '..\/trading\/aster\/aster.broker.js'.*Aster is an adapter/,
      ),
      expect.stringMatching(
        /no-restricted-imports: '..\/communication\/bus-counters.js'.*snapshot/,
      ),
      'no-restricted-syntax: Ask the venue port (feed, broker, account), not which adapter it is.',
    ]);
  }, 120_000);

  it('refuses an Aster import from the platform and from communication', async () => {
    const platform = await violations(
      'src/platform/outbox.ts',
      probe('../trading', '../communication'),
    );
    expect(platform.filter((v) => v.includes('Aster is an adapter'))).toHaveLength(1);
    expect(platform.filter((v) => v.includes('Ask the venue port'))).toHaveLength(1);
    const communication = await violations(
      'src/communication/agent-bus.ts',
      probe('../trading', '.'),
    );
    expect(communication.filter((v) => v.includes('Aster is an adapter'))).toHaveLength(1);
    expect(communication.filter((v) => v.includes('snapshot'))).toEqual([]);
  }, 120_000);

  it('lets the trading module build its adapters', async () => {
    const found = await violations(
      'src/trading/trading-venue.factory.ts',
      probe('.', '../communication'),
    );
    expect(found).toEqual([
      expect.stringMatching(/no-restricted-imports: '..\/communication\/bus-counters.js'/),
    ]);
  }, 120_000);
});
