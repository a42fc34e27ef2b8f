import type { ResponseCacheKind } from '../../config/environment.dto.js';
import type { WallClock } from '../../platform/clock.js';
import type { SqliteDatabase } from '../../platform/database.js';
import { MemoryResponseCache } from './memory.response-cache.js';
import { NoResponseCache, type ResponseCache } from './response-cache.js';
import { SqliteResponseCache } from './sqlite.response-cache.js';

export function createResponseCache(
  kind: ResponseCacheKind,
  db: SqliteDatabase,
  wall: WallClock,
): ResponseCache {
  switch (kind) {
    case 'sqlite':
      return new SqliteResponseCache(db, wall);
    case 'memory':
      return new MemoryResponseCache();
    case 'off':
      return new NoResponseCache();
    default: {
      const unknown: never = kind;
      throw new Error(`unknown response cache "${String(unknown)}"`);
    }
  }
}
