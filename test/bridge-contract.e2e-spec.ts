import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { TestApp } from './support/test-app.js';
import { REPO_ROOT, testConfig } from './support/test-config.js';

describe('wire contract and bridge metrics without Pub/Sub', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start(testConfig());
  });

  afterAll(() => app.close());

  it('serves contracts/agent-message.v1.json as it is in the repository', async () => {
    const response = await request(app.server).get('/contracts/agent-message.v1.json');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('application/schema+json');
    const file = JSON.parse(
      readFileSync(join(REPO_ROOT, 'contracts', 'agent-message.v1.json'), 'utf8'),
    ) as unknown;
    expect(JSON.parse(response.text)).toEqual(file);
  });

  it('reports pubsub_bridge_messages_total even when no external agent can connect', async () => {
    const metrics = (await request(app.server).get('/metrics')).text;
    expect(metrics).toContain(
      'pubsub_bridge_messages_total{direction="inbound",outcome="accepted"} 0',
    );
    expect(metrics).toContain(
      'pubsub_bridge_messages_total{direction="outbound",outcome="dropped"} 0',
    );
  });
});
