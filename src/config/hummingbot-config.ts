import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig } from './app-config.js';
import type { EnvironmentVariables } from './environment.dto.js';

type Settings = NonNullable<AppConfig['hummingbot']>;

/**
 * The Hummingbot connector's settings: off without `HUMMINGBOT_MQTT_URL`. Credentials come from the
 * variable or from its `_FILE` twin (a mounted Secret); a problem names the variable, never the value.
 */
export function hummingbotSettings(
  vars: EnvironmentVariables,
  cwd: string,
): { readonly settings?: Settings; readonly problems: string[] } {
  const problems: string[] = [];
  if (vars.HUMMINGBOT_MQTT_URL === undefined) return { problems };
  if (vars.HUMMINGBOT_INSTANCE_ID === undefined)
    problems.push('HUMMINGBOT_INSTANCE_ID: required when HUMMINGBOT_MQTT_URL is set');
  const secret = (name: string, value?: string, file?: string): string | undefined => {
    if (value !== undefined && file !== undefined) {
      problems.push(`${name}: set it or ${name}_FILE, not both`);
      return undefined;
    }
    if (file === undefined) return value;
    try {
      return readFileSync(resolve(cwd, file), 'utf8').trim();
    } catch (error) {
      problems.push(`${name}_FILE: cannot read it (${(error as NodeJS.ErrnoException).code})`);
      return undefined;
    }
  };
  const username = secret(
    'HUMMINGBOT_MQTT_USERNAME',
    vars.HUMMINGBOT_MQTT_USERNAME,
    vars.HUMMINGBOT_MQTT_USERNAME_FILE,
  );
  const password = secret(
    'HUMMINGBOT_MQTT_PASSWORD',
    vars.HUMMINGBOT_MQTT_PASSWORD,
    vars.HUMMINGBOT_MQTT_PASSWORD_FILE,
  );
  if (problems.length > 0 || vars.HUMMINGBOT_INSTANCE_ID === undefined) return { problems };
  return {
    problems,
    settings: {
      mqttUrl: vars.HUMMINGBOT_MQTT_URL,
      namespace: vars.HUMMINGBOT_MQTT_NAMESPACE,
      instanceId: vars.HUMMINGBOT_INSTANCE_ID,
      username,
      password,
      exchange: vars.HUMMINGBOT_EXCHANGE,
      commandTimeoutMs: vars.HUMMINGBOT_COMMAND_TIMEOUT_MS,
      heartbeatTimeoutMs: vars.HUMMINGBOT_HEARTBEAT_TIMEOUT_MS,
      onSilence: vars.HUMMINGBOT_ON_SILENCE,
    },
  };
}
