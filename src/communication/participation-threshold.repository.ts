import { Injectable } from '@nestjs/common';
import { SqliteConnection } from '../platform/sqlite-connection.js';

export interface AdminThreshold {
  readonly threshold: number;
  /** How far auto-tuning may move it either way (0 = pinned). */
  readonly autoTuneBand: number;
}

/** Admin-set participation thresholds, so they survive restarts (including kill -9). */
@Injectable()
export class ParticipationThresholdRepository {
  constructor(private readonly sqlite: SqliteConnection) {}

  loadAll(): Map<string, AdminThreshold> {
    const rows = this.sqlite.db
      .prepare<[], { agent_id: string; threshold: number; auto_tune_band: number }>(
        'SELECT agent_id, threshold, auto_tune_band FROM participation_thresholds',
      )
      .all();
    return new Map(
      rows.map((r) => [r.agent_id, { threshold: r.threshold, autoTuneBand: r.auto_tune_band }]),
    );
  }

  save(agentId: string, value: AdminThreshold, now: number): void {
    this.sqlite.db
      .prepare(
        `INSERT INTO participation_thresholds (agent_id, threshold, auto_tune_band, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (agent_id) DO UPDATE SET threshold = excluded.threshold,
           auto_tune_band = excluded.auto_tune_band, updated_at = excluded.updated_at`,
      )
      .run(agentId, value.threshold, value.autoTuneBand, now);
  }
}
