import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { BackupResponseDto } from '../src/backup/backup.dto.js';
import type { GuidanceDto } from '../src/orchestration/guidance.dto.js';
import type { PortfolioStatusDto } from '../src/orchestration/portfolio.dto.js';
import { MAIN } from './support/service-process.js';
import { serviceLauncher } from './support/service-launcher.js';
import { REPO_ROOT, temporaryDir, TEST_ADMIN_TOKEN } from './support/test-config.js';
import { MIGRATIONS } from '../src/platform/migrations.js';

/** The schema version this build writes: its newest migration. */
const SCHEMA = Math.max(...MIGRATIONS.map((m) => m.version));

const RESTORE = join(REPO_ROOT, 'dist', 'src', 'backup', 'restore-command.js');
const AUTH = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' };
const THRESHOLDS: Record<string, number> = {
  'freqtrade-hft': 0.21,
  'hummingbot-mm': 0.22,
  'deepseek-v3': 0.43,
  qwen: 0.44,
  fingpt: 0.35,
  'lag-llama': 0.36,
};

function runRestore(...args: string[]) {
  const run = spawnSync(process.execPath, [RESTORE, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout.trim(), stderr: run.stderr.trim() };
}

/** The state a restore must bring back: ledgers, positions, targets, thresholds and breakers. */
function durableState(portfolio: PortfolioStatusDto, guidance: readonly GuidanceDto[]) {
  return {
    initialCapitalUsd: portfolio.initialCapitalUsd,
    reserveUsd: portfolio.reserveUsd,
    halted: portfolio.halted,
    breakers: portfolio.breakers,
    agents: portfolio.agents.map((a) => ({
      agentId: a.agentId,
      cashUsd: a.cashUsd,
      contributedUsd: a.contributedUsd,
      feesUsd: a.feesUsd,
      realizedPnlUsd: a.realizedPnlUsd,
      targetPct: a.targetPct,
      capitalUsd: a.capitalUsd,
      modelCostUsd: a.modelCostUsd,
      fills: a.fills,
    })),
    positions: Object.fromEntries(guidance.map((g) => [g.agentId, g.openPositions])),
    thresholds: Object.fromEntries(guidance.map((g) => [g.agentId, g.participationThreshold])),
  };
}

/**
 * The acceptance drill: the built service paper-trades a fast replay (a bar every 20 ms, all agents
 * publishing, breakers on a hair trigger) while an operator takes a backup; the backup is restored into
 * a fresh directory and a service started on it reports exactly what the first one reported in the
 * turn the backup captured. The restore command refuses a running directory, a corrupt file and a newer
 * schema, each with one clear line, and leaves the directory as it was.
 */
describe('backup under load, restore into a fresh directory', () => {
  const launch = serviceLauncher('suite', [MAIN, RESTORE]);
  let backup: BackupResponseDto;
  let tradingDir: string;

  const start = async (dataDir: string, env: Record<string, string>) => {
    const service = await launch({
      DATA_DIR: dataDir,
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      LOG_LEVEL: 'ERROR',
      // Only the operator's backups here, whatever pace the market-time schedule would have.
      BACKUP_INTERVAL: '0',
      ...env,
    });
    await service.ready();
    return service;
  };

  it('restores exactly what the API reported at the backup’s moment', async () => {
    tradingDir = join(temporaryDir('ct-backup-'), 'data');
    const trader = await start(tradingDir, {
      REPLAY_BAR_INTERVAL_MS: '20',
      AGENT_MAX_DRAWDOWN_PCT: '0.2',
      BREAKER_MODE: 'reduce-only',
    });
    for (const [agentId, threshold] of Object.entries(THRESHOLDS)) {
      const response = await fetch(trader.url(`/set-participation-threshold/${agentId}`), {
        method: 'POST',
        headers: AUTH,
        body: JSON.stringify({ threshold }),
      });
      expect(response.status).toBe(200);
    }
    await trader.until(async () => {
      const status = await trader.get<PortfolioStatusDto>('/portfolio-status');
      return status.agents.reduce((sum, a) => sum + a.fills, 0) >= 30 ? true : undefined;
    }, 45_000);

    expect((await fetch(trader.url('/admin/backup'), { method: 'POST' })).status).toBe(401);
    const response = await fetch(trader.url('/admin/backup'), {
      method: 'POST',
      headers: { Authorization: AUTH.Authorization },
    });
    expect(response.status).toBe(200);
    backup = (await response.json()) as BackupResponseDto;
    const expected = durableState(backup.state.portfolio, backup.state.guidance);
    // Trading went on around the backup: the state kept moving after its moment.
    await trader.until(async () => {
      const status = await trader.get<PortfolioStatusDto>('/portfolio-status');
      const fills = status.agents.reduce((sum, a) => sum + a.fills, 0);
      return fills > expected.agents.reduce((sum, a) => sum + a.fills, 0) ? true : undefined;
    }, 30_000);
    expect(backup.backup.locations).toEqual([join(tradingDir, 'backups', backup.backup.name)]);
    expect(backup.backup.schemaVersion).toBe(SCHEMA);
    expect(expected.thresholds).toEqual(THRESHOLDS);
    const metrics = await (await fetch(trader.url('/metrics'))).text();
    expect(metrics).toContain(
      `backup_last_success_timestamp_seconds ${Date.parse(backup.backup.wallTime) / 1000}`,
    );
    expect(metrics).toContain('backup_duration_seconds_count 1');
    expect(metrics).toContain('backup_failures_total 0');

    // The running service's directory is refused, and left as it was.
    const refused = runRestore('--from', backup.backup.locations[0], '--data-dir', tradingDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `restore refused: a Cloud Trader service (pid ${trader.child.pid}) is running on ${tradingDir}; stop it before restoring`,
    );
    expect(existsSync(join(tradingDir, 'replaced'))).toBe(false);

    const freshDir = join(temporaryDir('ct-restored-'), 'data');
    const restored = runRestore('--from', backup.backup.locations[0], '--data-dir', freshDir);
    const fills = expected.agents.reduce((sum, a) => sum + a.fills, 0);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(
      new RegExp(
        `^restored \\S+ into ${freshDir}/cloud-trader\\.sqlite: market time ${backup.backup.marketTime}, ${fills} fills, equity \\d+\\.\\d\\d USD \\(positions at their last fill price\\), schema v${SCHEMA}; there was no database to replace$`,
      ),
    );

    // A service on the restored directory, with the market still, shows the backup's moment.
    const reader = await start(freshDir, { REPLAY_BAR_INTERVAL_MS: '300000' });
    const portfolio = await reader.get<PortfolioStatusDto>('/portfolio-status');
    const guidance = await Promise.all(
      portfolio.agents.map((a) => reader.get<GuidanceDto>(`/agent/${a.agentId}/guidance`)),
    );
    expect(durableState(portfolio, guidance)).toEqual(expected);
  }, 180_000);

  describe('the restore command refuses, in one line, and changes nothing', () => {
    let target: string;
    let before: Buffer;

    beforeAll(() => {
      // A directory holding a restored database: whatever is refused must leave it untouched.
      target = join(temporaryDir('ct-refuse-'), 'data');
      expect(runRestore('--from', backup.backup.locations[0], '--data-dir', target).code).toBe(0);
      before = readFileSync(join(target, 'cloud-trader.sqlite'));
    });

    afterEach(() => {
      expect(readFileSync(join(target, 'cloud-trader.sqlite')).equals(before)).toBe(true);
      expect(readdirSync(target).sort()).toEqual(['cloud-trader.sqlite']);
    });

    it('a file that is not a database', () => {
      const file = join(temporaryDir('ct-garbage-'), 'garbage.sqlite');
      writeFileSync(file, Buffer.alloc(64 * 1024, 'not sqlite '));
      expect(runRestore('--from', file, '--data-dir', target)).toEqual({
        code: 1,
        stdout: '',
        stderr: `restore refused: ${file} is corrupt: SQLite cannot read it (file is not a database)`,
      });
    });

    it('a backup with damaged pages', () => {
      const file = join(temporaryDir('ct-damaged-'), backup.backup.name);
      const bytes = readFileSync(backup.backup.locations[0]);
      bytes.fill(0xff, 4096 * 3, 4096 * 6);
      writeFileSync(file, bytes);
      const result = runRestore('--from', file, '--data-dir', target);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(new RegExp(`^restore refused: ${file} is corrupt: [^\\n]+$`));
    });

    it('a backup from a newer schema', () => {
      const file = join(temporaryDir('ct-newer-'), 'newer.sqlite');
      copyFileSync(backup.backup.locations[0], file);
      const db = new BetterSqlite3(file);
      db.prepare(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9001, 'from the future', 0)",
      ).run();
      db.close();
      expect(runRestore('--from', file, '--data-dir', target)).toEqual({
        code: 1,
        stdout: '',
        stderr: `restore refused: ${file} has a newer schema than this build (migration 9001 unknown; this build knows up to ${SCHEMA}): restore it with the build that wrote it`,
      });
    });

    it('no --from', () => {
      expect(runRestore('--data-dir', target)).toEqual({
        code: 2,
        stdout: '',
        stderr: 'usage: npm run restore -- --from <file|gs://bucket/object> [--data-dir DIR]',
      });
    });
  });
});
