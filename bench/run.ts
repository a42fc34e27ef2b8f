import { Logger } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runAccessBench } from './access.bench.js';
import { runBacktestBench } from './backtest.bench.js';
import { runBackupBench } from './backup.bench.js';
import { runBridgeBench } from './bridge.bench.js';
import { runBusBench } from './bus.bench.js';
import { runExportBench } from './export.bench.js';
import { runFreqtradeBench } from './freqtrade.bench.js';
import { runOutboxBench } from './outbox.bench.js';
import { runCoordinatorBench } from './coordinator.bench.js';
import { runDashboardBench } from './dashboard.bench.js';
import { runMarketDataBench } from './market-data.bench.js';
import { runMcpBench } from './mcp.bench.js';
import { runHttpBench } from './http.bench.js';
import { runHummingbotBench } from './hummingbot.bench.js';
import { runModelsBench } from './models.bench.js';
import { runAsterBench } from './aster.bench.js';
import { runPortfolioBench } from './portfolio.bench.js';
import { runRebalanceBench } from './rebalance.bench.js';
import { runReplayBench } from './replay.bench.js';
import { runRetentionBench } from './retention.bench.js';

const SUITES: Readonly<Record<string, () => unknown>> = {
  bus: runBusBench,
  coordinator: runCoordinatorBench,
  outbox: runOutboxBench,
  export: runExportBench,
  dashboard: runDashboardBench,
  http: runHttpBench,
  models: runModelsBench,
  bridge: runBridgeBench,
  aster: runAsterBench,
  portfolio: runPortfolioBench,
  rebalance: runRebalanceBench,
  replay: runReplayBench,
  backtest: runBacktestBench,
  access: runAccessBench,
  retention: runRetentionBench,
  mcp: runMcpBench,
  backup: runBackupBench,
  'market-data': runMarketDataBench,
  hummingbot: runHummingbotBench,
  freqtrade: runFreqtradeBench,
};

/**
 * `npm run bench`: every suite, each in a fresh Node process (one suite's heap and JIT feedback must
 * not colour the next one's figures), one JSON object per figure on stdout.
 * `npm run bench -- export bridge`: only the named suites.
 */
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in SUITES));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown benchmark suite: ${unknown.join(', ')} (known: ${Object.keys(SUITES).join(', ')})\n`,
  );
  process.exit(2);
}
if (chosen.length === 1) {
  // Stdout carries only the figures; the services' errors still reach stderr.
  Logger.overrideLogger(['error']);
  await SUITES[chosen[0]]();
} else {
  for (const name of chosen.length > 0 ? chosen : Object.keys(SUITES)) {
    const run = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), name],
      {
        stdio: 'inherit',
      },
    );
    if (run.status !== 0) {
      process.stderr.write(`benchmark suite ${name} failed (${run.status ?? run.signal})\n`);
      process.exit(1);
    }
  }
}
