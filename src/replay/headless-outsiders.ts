import type { AppConfig } from '../config/app-config.js';
import { analyticsSinkKind } from '../export/export.module.js';
import { ReplayCommits } from '../platform/replay-commits.js';

/**
 * What, in this configuration, would tell someone outside the process about a write before a
 * transaction of whole bars commits. The headless runner (`runReplay`) builds an application context
 * with no HTTP listener, so the API, the dashboard, `/metrics` and MCP seats are out of reach there;
 * these are what remains.
 */
export function headlessOutsiders(config: AppConfig): string[] {
  const outsiders: string[] = [];
  if (!config.trading.paper) outsiders.push('live trading (PAPER_TRADING=false)');
  if (config.pubsub.enabled) outsiders.push('the Pub/Sub bridge (PUBSUB_ENABLED)');
  if (config.freqtrade) outsiders.push('the Freqtrade connector (FREQTRADE_URL)');
  if (config.hummingbot) outsiders.push('the Hummingbot connector (HUMMINGBOT_MQTT_URL)');
  if (analyticsSinkKind(config) === 'bigquery')
    outsiders.push('the BigQuery export (GCP_PROJECT_ID)');
  // A backup is named after the moment it captures, which it finds between two commits.
  if (config.backup.intervalMs > 0) outsiders.push('scheduled backups (BACKUP_INTERVAL)');
  return outsiders;
}

/** Whole bars commit together only when nothing outside the process can be told of a write. */
export function headlessCommits(config: AppConfig): ReplayCommits {
  return headlessOutsiders(config).length === 0 ? ReplayCommits.wholeBars : ReplayCommits.eachWrite;
}
