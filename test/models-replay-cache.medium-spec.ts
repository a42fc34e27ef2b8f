import { join } from 'node:path';
import type { MessageEnvelope } from '../src/communication/message-envelope.js';
import { openDatabase } from '../src/platform/database.js';
import { RecordingJsonServer } from './support/chat-completions-server.js';
import { modelOverrides, teamResponder } from './support/chat-completions-agents.js';
import { temporaryDir, testConfig } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

const BARS = 150;

/** What the agents said, without the ids and times that differ between any two runs. */
type Said = Pick<MessageEnvelope, 'type' | 'from' | 'symbol' | 'side' | 'confidence' | 'text'>;

/** Replays BARS bars from the data's start, each bar settled (model calls included) before the next. */
async function replay(server: RecordingJsonServer, dataDir: string): Promise<Said[]> {
  const service = await TestApp.start(
    testConfig({
      ...modelOverrides(server.baseUrl),
      DATA_DIR: dataDir,
      LLM_RESPONSE_CACHE: 'sqlite',
    }),
  );
  const said: Said[] = [];
  try {
    service.coordinator.bus.tap((m, outcome) => {
      if (outcome === 'accepted' && m.type !== 'heartbeat' && m.type !== 'guidance') {
        said.push({
          type: m.type,
          from: m.from,
          symbol: m.symbol,
          side: m.side,
          confidence: m.confidence,
          text: m.text,
        });
      }
    });
    await service.advance(BARS);
  } finally {
    await service.close();
  }
  return said;
}

describe('the response cache makes a replay repeatable', () => {
  let server: RecordingJsonServer;

  beforeAll(async () => {
    server = await RecordingJsonServer.start(teamResponder);
  });
  afterAll(() => server.close());

  /** A fresh data directory holding only the cached answers of `from`: the same start, answers carried over. */
  function withCacheOf(from: string): string {
    const dir = temporaryDir('ct-cache-');
    const db = openDatabase(dir);
    db.exec(`ATTACH DATABASE '${join(from, 'cloud-trader.sqlite')}' AS previous`);
    db.exec('INSERT INTO llm_response_cache SELECT * FROM previous.llm_response_cache');
    db.exec('DETACH DATABASE previous');
    db.close();
    return dir;
  }

  it('once every answer is cached, a replay asks nothing and says exactly the same', async () => {
    // Live answers arrive later than cached ones, so the first replays can still ask a few new questions
    // (another ordering puts other theses in a prompt); each run caches them, and the runs converge.
    let dir = temporaryDir('ct-cache-');
    let said = await replay(server, dir);
    expect(said.some((m) => m.from === 'deepseek-v3' && m.type === 'thesis')).toBe(true);
    const firstRunRequests = server.requests.length;
    let asked = Infinity;
    for (let run = 0; run < 5 && asked > 0; run++) {
      const before = server.requests.length;
      dir = withCacheOf(dir);
      said = await replay(server, dir);
      asked = server.requests.length - before;
    }
    expect(asked).toBe(0);
    expect(server.requests.length).toBeLessThan(firstRunRequests * 2);

    const before = server.requests.length;
    const again = await replay(server, withCacheOf(dir));
    expect(server.requests.length).toBe(before);
    expect(again).toEqual(said);
  }, 60_000);
});
