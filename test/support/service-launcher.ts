import { existsSync } from 'node:fs';
import { freePort, MAIN, ServiceProcess } from './service-process.js';

/**
 * Starts built services for a suite: the build must exist, and whatever a test started is killed when it
 * ends (with `scope: 'suite'`, when the suite ends), so a failing test leaves no process behind.
 */
export function serviceLauncher(
  scope: 'test' | 'suite' = 'test',
  builds: readonly string[] = [MAIN],
): (env: Record<string, string>) => Promise<ServiceProcess> {
  const running: ServiceProcess[] = [];
  beforeAll(() => {
    for (const file of builds)
      if (!existsSync(file))
        throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  });
  (scope === 'test' ? afterEach : afterAll)(async () => {
    for (const service of running.splice(0)) {
      if (service.child.exitCode === null && service.child.signalCode === null)
        service.kill('SIGKILL');
      await service.exited;
    }
  });
  return async (env) => {
    const service = ServiceProcess.start(env, await freePort());
    running.push(service);
    return service;
  };
}
