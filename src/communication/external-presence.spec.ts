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

  it('keeps a connector on its own timeout and lets it leave at once', () => {
    const { subject, changes, advance } = presence();
    subject.seen('hummingbot-mm', 'connector', 30_000);
    expect(subject.channelOf('hummingbot-mm')).toBe('connector');
    expect(subject.hold('hummingbot-mm')).toBe(false);
    advance(29_000);
    expect(subject.isConnected('hummingbot-mm')).toBe(true);
    advance(2_000);
    expect(changes).toEqual(['hummingbot-mm:on', 'hummingbot-mm:off']);
    subject.seen('hummingbot-mm', 'connector', 30_000);
    subject.left('hummingbot-mm', 'pubsub');
    expect(subject.isConnected('hummingbot-mm')).toBe(true);
    subject.left('hummingbot-mm', 'connector');
    expect(changes).toEqual([
      'hummingbot-mm:on',
      'hummingbot-mm:off',
      'hummingbot-mm:on',
      'hummingbot-mm:off',
    ]);
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

  describe('MCP seats', () => {
    const seated: AppConfig = loadConfig(
      {
        PUBSUB_HEARTBEAT_TIMEOUT_MS: '5000',
        MCP_SEAT_TOKENS: 'deepseek-v3:seat-token-0123456789,freqtrade-hft:seat-token-abcdefghij',
      },
      cwd,
    );

    function seats() {
      const timers = new ManualTimers();
      const subject = new ExternalPresence(
        seated,
        timers.monotonic,
        new ManualWallClock(1_000_000),
        timers,
      );
      subject.onModuleInit();
      const changes: string[] = [];
      subject.onChange((agentId, connected) =>
        changes.push(`${agentId}:${connected ? 'on' : 'off'}`),
      );
      return { subject, changes, timers };
    }

    it('holds a seated agent, in-process or not, until released, whatever the heartbeat sweep says', () => {
      const { subject, changes, timers } = seats();
      expect(subject.hold('deepseek-v3')).toBe(true);
      expect(subject.hold('deepseek-v3')).toBe(true);
      expect(subject.channelOf('deepseek-v3')).toBe('mcp');
      timers.advance(60_000);
      expect(subject.isConnected('deepseek-v3')).toBe(true);
      subject.release('deepseek-v3');
      expect(changes).toEqual(['deepseek-v3:on', 'deepseek-v3:off']);
      expect(subject.isConnected('deepseek-v3')).toBe(false);
    });

    it('refuses a seat held over Pub/Sub, and an agent without a seat token', () => {
      const { subject } = seats();
      subject.seen('freqtrade-hft');
      expect(subject.hold('freqtrade-hft')).toBe(false);
      expect(subject.channelOf('freqtrade-hft')).toBe('pubsub');
      expect(subject.hold('qwen')).toBe(false);
      subject.release('freqtrade-hft');
      expect(subject.isConnected('freqtrade-hft')).toBe(true);
    });
  });
});
