import { Injectable } from '@nestjs/common';
import { SqliteConnection } from '../platform/sqlite-connection.js';

/** Admin-set participation thresholds, so they survive restarts (including kill -9). */
@Injectable()
export class ParticipationThresholdRepository {
  constructor(private readonly sqlite: SqliteConnection) {}

  loadAll(): Map<string, number> {
    const rows = this.sqlite.db
      .prepare<[], { agent_id: string; threshold: number }>(
        'SELECT agent_id, threshold FROM participation_thresholds',
      )
      .all();
    return new Map(rows.map((r) => [r.agent_id, r.threshold]));
  }

  save(agentId: string, threshold: number, now: number): void {
    this.sqlite.db
      .prepare(
        `INSERT INTO participation_thresholds (agent_id, threshold, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (agent_id) DO UPDATE SET threshold = excluded.threshold, updated_at = excluded.updated_at`,
      )
      .run(agentId, threshold, now);
  }
}
