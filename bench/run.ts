import { runBridgeBench } from './bridge.bench.js';
import { runBusBench } from './bus.bench.js';
import { runExportBench } from './export.bench.js';
import { runOutboxBench } from './outbox.bench.js';
import { runCoordinatorBench } from './coordinator.bench.js';
import { runDashboardBench } from './dashboard.bench.js';
import { runModelsBench } from './models.bench.js';
import { runAsterBench } from './aster.bench.js';
import { runPortfolioBench } from './portfolio.bench.js';

/** `npm run bench`: every benchmark, one JSON object per figure on stdout. */
await runBusBench();
await runCoordinatorBench();
await runOutboxBench();
await runExportBench();
await runDashboardBench();
await runModelsBench();
await runBridgeBench();
await runAsterBench();
runPortfolioBench();
