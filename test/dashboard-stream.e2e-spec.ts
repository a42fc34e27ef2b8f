import request from 'supertest';
import { testEnvelope } from '../src/communication/envelope.fixture.js';
import type { DashboardSnapshot } from '../src/dashboard/dashboard-snapshot.js';
import { freePort } from './support/service-process.js';
import { testConfig } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

const AGENTS = ['freqtrade-hft', 'hummingbot-mm', 'deepseek-v3', 'qwen', 'fingpt', 'lag-llama'];

/** Reads server-sent events off a fetch body, one parsed `data:` payload at a time. */
class EventReader {
  private buffer = '';
  private readonly decoder = new TextDecoder();

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** The next event's data, or `undefined` once the server has ended the stream. */
  async next(): Promise<DashboardSnapshot | undefined> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        if (data) return JSON.parse(data) as DashboardSnapshot;
        continue;
      }
      const { done, value } = await this.reader.read();
      if (done) return undefined;
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }
}

describe('the dashboard page and its live stream', () => {
  let app: TestApp;
  let base: string;
  let closed = false;

  beforeAll(async () => {
    app = await TestApp.start(testConfig());
    const port = await freePort();
    await app.app.listen({ port, host: '127.0.0.1' });
    base = `http://127.0.0.1:${port}`;
    await app.advance(10);
  });

  afterAll(async () => {
    if (!closed) await app.close();
  });

  it('redirects / to /dashboard, which is served from the repository, compressed, with a strict CSP', async () => {
    await request(app.server).get('/').expect(302).expect('location', '/dashboard');
    // supertest undoes the gzip; the header says it went over the wire compressed.
    const page = await request(app.server)
      .get('/dashboard')
      .set('accept-encoding', 'gzip')
      .expect(200)
      .expect('content-type', /text\/html/)
      .expect('content-encoding', 'gzip');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.text).toContain('/dashboard/dashboard.js');
    // Nothing from elsewhere: no CDN, no web font.
    expect(page.text).not.toMatch(/https?:\/\//);
    const etag = page.headers.etag;
    await request(app.server).get('/dashboard').set('if-none-match', etag).expect(304);
    await request(app.server)
      .get('/dashboard/dashboard.css')
      .expect(200)
      .expect('content-type', /text\/css/);
    await request(app.server).get('/dashboard/nope.js').expect(404);
    await request(app.server).get('/dashboard/..%2Fmarket%2FPROVENANCE.md').expect(404);
  });

  it('streams a snapshot at once, then about every second, with new theses and discussions; ends on close', async () => {
    const response = await fetch(`${base}/events`);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = new EventReader(response.body!.getReader());

    const opening = await events.next();
    expect(opening?.agentIds).toEqual(AGENTS);
    expect(opening?.activity.agents.map((a) => a.agentId)).toEqual(AGENTS);
    expect(opening?.portfolio?.agents.map((a) => a.agentId)).toEqual(AGENTS);
    expect(Array.isArray(opening?.history)).toBe(true);
    expect(opening?.bus.types).toContain('thesis');

    app.coordinator.bus.publish(
      testEnvelope(
        {
          type: 'thesis',
          from: 'deepseek-v3',
          symbol: 'BTCUSDT',
          side: 'buy',
          text: 'dashboard probe',
        },
        Date.now(),
      ),
    );
    let next: DashboardSnapshot | undefined;
    do next = await events.next();
    while (next && !next.feed.some((m) => m.text === 'dashboard probe'));
    const probe = next?.feed.find((m) => m.text === 'dashboard probe');
    expect(probe).toMatchObject({ type: 'thesis', from: 'deepseek-v3', symbol: 'BTCUSDT' });
    expect(next?.history).toBeUndefined();

    // Closing the app ends the stream instead of waiting on it.
    closed = true;
    await app.close();
    let after: DashboardSnapshot | undefined;
    do after = await events.next();
    while (after);
    expect(after).toBeUndefined();
  });
});
