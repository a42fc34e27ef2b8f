import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminToken } from './admin-token.js';

/**
 * Where an operator finds the admin token: a generated one is written, readable by its owner only, to
 * `DATA_DIR/admin-token`, so `export ADMIN_TOKEN=$(cat data/admin-token)` works without reading logs.
 */
export function adminTokenWhereabouts(token: AdminToken, dataDir: string): string {
  if (!token.generated) return 'ADMIN_TOKEN (from the environment)';
  const path = join(dataDir, 'admin-token');
  writeFileSync(path, `${token.value}\n`, { mode: 0o600 });
  return `${path} (generated for this run)`;
}
