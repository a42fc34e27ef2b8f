import type { Statement } from 'better-sqlite3';
import type { Outbox } from '../platform/outbox.js';
import type { SqliteConnection } from '../platform/sqlite-connection.js';
import { AUDIT_LOG_STREAM, type AuditEntry, type StoredAuditEntry } from './audit-entry.js';

interface AuditRow {
  id: number;
  token_name: string;
  token_scope: StoredAuditEntry['tokenScope'];
  method: string;
  route: string;
  path: string;
  status: number;
  client_address: string;
  request_json: string | null;
  before_json: string | null;
  after_json: string | null;
  ts: number;
  recorded_at: number;
}

/** The audit trail in SQLite; each entry and its outbox row commit together, so export misses none. */
export class AuditLogRepository {
  private readonly insert: Statement<unknown[]>;
  private readonly latest: Statement<[number, number], AuditRow>;

  constructor(
    private readonly sqlite: SqliteConnection,
    private readonly outbox: Outbox,
  ) {
    this.insert = sqlite.db.prepare(
      `INSERT INTO audit_log (token_name, token_scope, method, route, path, status, client_address,
         request_json, before_json, after_json, ts, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.latest = sqlite.db.prepare(
      'SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?',
    );
  }

  record(entry: AuditEntry): StoredAuditEntry {
    return this.sqlite.db.transaction(() => {
      const { lastInsertRowid } = this.insert.run(
        entry.tokenName,
        entry.tokenScope,
        entry.method,
        entry.route,
        entry.path,
        entry.status,
        entry.clientAddress,
        entry.requestJson,
        entry.beforeJson,
        entry.afterJson,
        entry.ts,
        entry.recordedAt,
      );
      const stored = { auditId: Number(lastInsertRowid), ...entry };
      this.outbox.appendInTransaction(AUDIT_LOG_STREAM, { ...stored });
      return stored;
    })();
  }

  /** Newest first, `limit` entries older than `beforeId`. */
  list(limit: number, beforeId = Number.MAX_SAFE_INTEGER): StoredAuditEntry[] {
    return this.latest.all(beforeId, limit).map((r) => ({
      auditId: r.id,
      tokenName: r.token_name,
      tokenScope: r.token_scope,
      method: r.method,
      route: r.route,
      path: r.path,
      status: r.status,
      clientAddress: r.client_address,
      requestJson: r.request_json,
      beforeJson: r.before_json,
      afterJson: r.after_json,
      ts: r.ts,
      recordedAt: r.recorded_at,
    }));
  }
}
