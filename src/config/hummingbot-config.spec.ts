import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const cwd = mkdtempSync(join(tmpdir(), 'ct-hbot-config-'));
const load = (env: Record<string, string>) =>
  loadConfig({ ADMIN_TOKEN: 'test-admin-token-0123456789', ...env }, cwd);
const problems = (env: Record<string, string>): string[] => {
  try {
    load(env);
    return [];
  } catch (error) {
    return error instanceof ConfigError ? [...error.problems] : [String(error)];
  }
};

describe('Hummingbot settings', () => {
  it('are off while HUMMINGBOT_MQTT_URL is unset', () => {
    expect(load({}).hummingbot).toBeUndefined();
  });

  it('read the password from a mounted Secret file and keep the defaults', () => {
    writeFileSync(join(cwd, 'mqtt-password'), 's3cret\n');
    expect(
      load({
        HUMMINGBOT_MQTT_URL: 'mqtt://emqx:1883',
        HUMMINGBOT_INSTANCE_ID: 'mm-1',
        HUMMINGBOT_MQTT_USERNAME: 'ct',
        HUMMINGBOT_MQTT_PASSWORD_FILE: 'mqtt-password',
      }).hummingbot,
    ).toEqual({
      mqttUrl: 'mqtt://emqx:1883',
      namespace: 'hbot',
      instanceId: 'mm-1',
      username: 'ct',
      password: 's3cret',
      exchange: 'binance_paper_trade',
      commandTimeoutMs: 10_000,
      heartbeatTimeoutMs: 35_000,
      onSilence: 'stand-in',
    });
  });

  it('name each bad variable, never a credential', () => {
    const found = problems({
      HUMMINGBOT_MQTT_URL: 'mqtt://emqx:1883',
      HUMMINGBOT_MQTT_PASSWORD: 'hunter2',
      HUMMINGBOT_MQTT_PASSWORD_FILE: 'missing',
      HUMMINGBOT_ON_SILENCE: 'panic',
    });
    expect(found.join('\n')).toMatch(/HUMMINGBOT_ON_SILENCE/);
    expect(found.join('\n')).not.toMatch(/hunter2/);
    expect(problems({ HUMMINGBOT_MQTT_URL: 'mqtt://emqx:1883' })).toEqual([
      'HUMMINGBOT_INSTANCE_ID: required when HUMMINGBOT_MQTT_URL is set',
    ]);
    expect(
      problems({
        HUMMINGBOT_MQTT_URL: 'mqtt://emqx:1883',
        HUMMINGBOT_INSTANCE_ID: 'mm-1',
        HUMMINGBOT_MQTT_PASSWORD: 'hunter2',
        HUMMINGBOT_MQTT_PASSWORD_FILE: 'missing',
      }),
    ).toEqual(['HUMMINGBOT_MQTT_PASSWORD: set it or HUMMINGBOT_MQTT_PASSWORD_FILE, not both']);
    expect(problems({ HUMMINGBOT_MQTT_URL: 'http://emqx:1883' })[0]).toMatch(/HUMMINGBOT_MQTT_URL/);
  });
});
