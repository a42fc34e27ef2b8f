import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { headlessCommits, headlessOutsiders } from './headless-outsiders.js';

describe('whole-bar commits in a headless run', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ct-headless-'));
  const config = (env: Record<string, string>) =>
    loadConfig({ MARKET_DATA: 'replay', BACKUP_INTERVAL: '0', ...env }, cwd);

  it('are chosen when nothing outside the process can hear of a write', () => {
    expect(headlessOutsiders(config({}))).toEqual([]);
    expect(headlessCommits(config({})).mode).toBe('whole-bars');
  });

  it.each([
    [{ PUBSUB_ENABLED: 'true' }, 'the Pub/Sub bridge (PUBSUB_ENABLED)'],
    [{ GCP_PROJECT_ID: 'cloud-trader-test' }, 'the BigQuery export (GCP_PROJECT_ID)'],
    [
      { FREQTRADE_URL: 'http://127.0.0.1:8080', FREQTRADE_USERNAME: 'ct', FREQTRADE_PASSWORD: 'x' },
      'the Freqtrade connector (FREQTRADE_URL)',
    ],
    [
      { HUMMINGBOT_MQTT_URL: 'mqtt://127.0.0.1:1883', HUMMINGBOT_INSTANCE_ID: 'hb' },
      'the Hummingbot connector (HUMMINGBOT_MQTT_URL)',
    ],
    [{ BACKUP_INTERVAL: '1h' }, 'scheduled backups (BACKUP_INTERVAL)'],
  ])('are not chosen with %j: each write commits', (env, outsider) => {
    expect(headlessOutsiders(config(env))).toEqual([outsider]);
    expect(headlessCommits(config(env)).mode).toBe('each-write');
  });
});
