import { JsonLogger } from './json-logger.js';

function capture(level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR') {
  const lines: Record<string, unknown>[] = [];
  const logger = new JsonLogger(level, (line) =>
    lines.push(JSON.parse(line) as Record<string, unknown>),
  );
  return { logger, lines };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with a Cloud Logging severity and the Nest context', () => {
    const { logger, lines } = capture('DEBUG');
    logger.log('ready', 'Main');
    logger.warn('slow', 'Feed');
    logger.error('broken', 'stack trace', 'Bus');
    logger.debug('detail');
    expect(lines.map((l) => [l.severity, l.message, l.context])).toEqual([
      ['INFO', 'ready', 'Main'],
      ['WARNING', 'slow', 'Feed'],
      ['ERROR', 'broken', 'Bus'],
      ['DEBUG', 'detail', undefined],
    ]);
    expect(lines[2].stack).toBe('stack trace');
    expect(Date.parse(String(lines[0].time))).not.toBeNaN();
  });

  it('drops everything below LOG_LEVEL', () => {
    const { logger, lines } = capture('WARNING');
    logger.debug('no');
    logger.log('no');
    logger.warn('yes');
    logger.error('yes');
    expect(lines.map((l) => l.severity)).toEqual(['WARNING', 'ERROR']);
  });
});
