import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AgentModels } from '../src/agents/agent-models.service.js';
import type { AgentModelUsage } from '../src/agents/model-usage.js';
import { AppModule } from '../src/app.module.js';
import { AgentCoordinator } from '../src/communication/agent-coordinator.service.js';
import { loadConfig } from '../src/config/load-config.js';
import { JsonLogger } from '../src/platform/json-logger.js';
import { marketStartTime } from '../src/trading/market-start.js';
import { MarketReplay } from '../src/trading/market-replay.service.js';
import { print, round } from './bench-result.js';

/** Twelve minutes of the clock `npm start` runs on: 2,880 five-minute bars of the bundled candles. */
const BARS = 2_880;

/** A strict setting an admin might choose for every agent, to show how far the lever reaches. */
const STRICT_THRESHOLD = 0.8;

type Thresholds = 'role-defaults' | 'role-defaults-autotuned' | 'strict-0.8' | 'zero';

interface ReplayCalls {
  readonly perAgent: Record<string, number>;
  readonly total: number;
  readonly deliveries: number;
}

/**
 * Model calls in the same replay with participation thresholds on and at zero. Calls are counted by the
 * agents' meters (AgentModels), so the figure is what a remote provider would be asked for; with the
 * local stand-ins it costs nothing to run and is deterministic.
 */
export async function runModelsBench(): Promise<void> {
  const zero = await replayCalls('zero');
  for (const mode of ['role-defaults', 'role-defaults-autotuned', 'strict-0.8'] as const) {
    const on = await replayCalls(mode);
    print({
      name: `model calls in a ${BARS}-bar replay, thresholds ${mode} vs zero`,
      value: on.total,
      unit: 'calls',
      baseline: zero.total,
      ratio: round(on.total / zero.total),
      saving: round(1 - on.total / zero.total),
      perAgent: on.perAgent,
      perAgentAtZero: zero.perAgent,
      deliveries: on.deliveries,
      deliveriesAtZero: zero.deliveries,
    });
  }
}

async function replayCalls(thresholds: Thresholds): Promise<ReplayCalls> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-bench-models-'));
  const config = loadConfig(
    {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'ERROR',
      ADMIN_TOKEN: 'bench-admin-token-0123456789',
      PARTICIPATION_AUTOTUNE: String(thresholds === 'role-defaults-autotuned'),
    },
    process.cwd(),
  );
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(config, { marketStartMs: marketStartTime(config, Date.now()) }),
    {
      logger: new JsonLogger('ERROR'),
    },
  );
  try {
    const coordinator = app.get(AgentCoordinator);
    const fixed =
      thresholds === 'zero' ? 0 : thresholds === 'strict-0.8' ? STRICT_THRESHOLD : undefined;
    if (fixed !== undefined) {
      for (const definition of config.roster)
        coordinator.setParticipationThreshold(definition.id, fixed);
    }
    await app.get(MarketReplay).run(BARS);
    const counts = app.get(AgentModels).callCounts();
    const perAgent = Object.fromEntries(
      Object.entries(counts).map(([agent, usage]) => [agent, calls(usage)]),
    );
    return {
      perAgent,
      total: Object.values(perAgent).reduce((sum, n) => sum + n, 0),
      deliveries: coordinator.activity().agents.reduce((sum, a) => sum + a.delivered, 0),
    };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every call an agent asked for, whatever became of it. */
function calls(usage: AgentModelUsage): number {
  return Object.values(usage.calls).reduce((sum, n) => sum + n, 0);
}
