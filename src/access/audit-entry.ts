import type { AccessScope } from '../config/api-tokens.js';
import type { OutboxStream } from '../platform/outbox-streams.js';

/** The outbox stream, and the analytics table, of the audit trail. */
export const AUDIT_LOG_STREAM = 'audit_log' satisfies OutboxStream;

/** One mutating API call as the audit trail keeps it. JSON fields are as the API saw them. */
export interface AuditEntry {
  readonly tokenName: string;
  readonly tokenScope: AccessScope;
  readonly method: string;
  /** The route pattern, e.g. `/admin/breakers/:id/reset`. */
  readonly route: string;
  /** The path called, e.g. `/admin/breakers/qwen/reset`. */
  readonly path: string;
  readonly status: number;
  readonly clientAddress: string;
  readonly requestJson: string | null;
  readonly beforeJson: string | null;
  readonly afterJson: string | null;
  /** Market time (Clock), epoch ms. */
  readonly ts: number;
  /** Wall time (WallClock), epoch ms. */
  readonly recordedAt: number;
}

export interface StoredAuditEntry extends AuditEntry {
  readonly auditId: number;
}
