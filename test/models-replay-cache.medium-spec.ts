import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { join } from 'node:path';
import { AppModule } from '../src/app.module.js';
import { AgentCoordinator } from '../src/communication/agent-coordinator.service.js';
import type { MessageEnvelope } from '../src/communication/message-envelope.js';
import { ManualClock } from '../src/platform/clock.js';
import { openDatabase } from '../src/platform/database.js';
import { JsonLogger } from '../src/platform/json-logger.js';
import { ManualScheduler } from '../src/platform/scheduler.js';
import { MarketDataFeed } from '../src/trading/market-data.feed.js';
import type { SteppedFeed } from '../src/trading/stepped.feed.js';
import { RecordingJsonServer } from './support/chat-completions-server.js';
import { modelOverrides, teamResponder } from './support/chat-completions-agents.js';
import { temporaryDir, testConfig } from './support/test-config.js';

const BARS = 150;
const BAR_MS = 250;
const EPOCH = Date.UTC(2021, 4, 1, 8);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the agents said, without the ids and times that differ between any two runs. */
type Said = Pick<MessageEnvelope, 'type' | 'from' | 'symbol' | 'side' | 'confidence' | 'text'>;

/** Replays BARS bars on a fresh clock, waiting after each bar until every model call has landed. */
async function replay(server: RecordingJsonServer, dataDir: string): Promise<Said[]> {
  const config = testConfig({
    ...modelOverrides(server.baseUrl),
    DATA_DIR: dataDir,
    LLM_RESPONSE_CACHE: 'sqlite',
    REPLAY_BAR_INTERVAL_MS: String(BAR_MS),
  });
  const clock = new ManualClock(EPOCH);
  const scheduler = new ManualScheduler(clock);
  const app: INestApplicationContext = await NestFactory.createApplicationContext(
    AppModule.forRoot(config, { clock, scheduler }),
    { logger: new JsonLogger('ERROR') },
  );
  const said: Said[] = [];
  try {
    const feed = app.get<MarketDataFeed, SteppedFeed>(MarketDataFeed);
    feed.stop();
    const { bus } = app.get(AgentCoordinator);
    bus.tap((m, outcome) => {
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
    for (let bar = 0; bar < BARS; bar++) {
      clock.advance(BAR_MS);
      scheduler.runDue();
      feed.step();
      // Model calls started by the tick run outside the bus: wait until the server has answered them all.
      do {
        await bus.whenIdle();
        await sleep(2);
      } while (server.pending > 0);
      await bus.whenIdle();
    }
  } finally {
    await app.close();
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
