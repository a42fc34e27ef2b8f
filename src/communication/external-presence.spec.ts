import type { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/load-config.js';
import { ManualWallClock } from '../platform/clock.js';
import { ManualTimers } from '../platform/timers.js';
import { ExternalPresence } from './external-presence.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('ExternalPresence', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ct-presence-'));
  const config: AppConfig = loadConfig({ PUBSUB_HEARTBEAT_TIMEOUT_MS: '5000' }, cwd);

  function presence() {
    const timers = new ManualTimers();
    const wall = new ManualWallClock(1_000_000);
    const subject = new ExternalPresence(config, timers.monotonic, wall, timers);
    subject.onModuleInit();
    const changes: string[] = [];
    subject.onChange((agentId, connected) =>
      changes.push(`${agentId}:${connected ? 'on' : 'off'}`),
    );
    const advance = (ms: number) => {
      wall.current += ms;
      timers.advance(ms);
    };
    return { subject, changes, advance, clock: wall };
  }

  it('connects an external agent on its first message and disconnects it after the timeout of silence', () => {
    const { subject, changes, advance, clock } = presence();
    subject.seen('freqtrade-hft');
    subject.seen('freqtrade-hft');
    expect(subject.isConnected('freqtrade-hft')).toBe(true);
    expect(subject.lastSeenAt('freqtrade-hft')).toBe(clock.now());
    advance(4_000);
    subject.seen('freqtrade-hft');
    advance(5_000);
    expect(changes).toEqual(['freqtrade-hft:on']);
    advance(1_000);
    expect(changes).toEqual(['freqtrade-hft:on', 'freqtrade-hft:off']);
    expect(subject.isConnected('freqtrade-hft')).toBe(false);
    subject.seen('freqtrade-hft');
    expect(changes).toEqual(['freqtrade-hft:on', 'freqtrade-hft:off', 'freqtrade-hft:on']);
  });

  it('ignores agents the roster does not let connect from outside', () => {
    const { subject, changes } = presence();
    subject.seen('qwen');
    subject.seen('nobody');
    expect(subject.mayConnect('qwen')).toBe(false);
    expect(subject.mayConnect('hummingbot-mm')).toBe(true);
    expect(subject.isConnected('qwen')).toBe(false);
    expect(changes).toEqual([]);
  });

  it('keeps notifying the other listeners when one throws', () => {
    const { subject, changes } = presence();
    subject.onChange(() => {
      throw new Error('boom');
    });
    const later: string[] = [];
    subject.onChange((agentId) => later.push(agentId));
    subject.seen('hummingbot-mm');
    expect(changes).toEqual(['hummingbot-mm:on']);
    expect(later).toEqual(['hummingbot-mm']);
  });
});
