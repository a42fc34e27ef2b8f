import { Logger } from '@nestjs/common';
import { runBridgeBench } from './bridge.bench.js';
import { runBusBench } from './bus.bench.js';
import { runExportBench } from './export.bench.js';
import { runOutboxBench } from './outbox.bench.js';
import { runCoordinatorBench } from './coordinator.bench.js';
import { runDashboardBench } from './dashboard.bench.js';
import { runModelsBench } from './models.bench.js';
import { runAsterBench } from './aster.bench.js';
import { runPortfolioBench } from './portfolio.bench.js';

const SUITES: Readonly<Record<string, () => unknown>> = {
  bus: runBusBench,
  coordinator: runCoordinatorBench,
  outbox: runOutboxBench,
  export: runExportBench,
  dashboard: runDashboardBench,
  models: runModelsBench,
  bridge: runBridgeBench,
  aster: runAsterBench,
  portfolio: runPortfolioBench,
};

/**
 * `npm run bench`: every benchmark, one JSON object per figure on stdout.
 * `npm run bench -- export bridge`: only the named suites.
 */
const chosen = process.argv.slice(2);
// Stdout carries only the figures; the services' errors still reach stderr.
Logger.overrideLogger(['error']);
const unknown = chosen.filter((name) => !(name in SUITES));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown benchmark suite: ${unknown.join(', ')} (known: ${Object.keys(SUITES).join(', ')})\n`,
  );
  process.exit(2);
}
for (const [name, run] of Object.entries(SUITES)) {
  if (chosen.length === 0 || chosen.includes(name)) await run();
}
