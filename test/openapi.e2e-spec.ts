import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { REPO_ROOT, temporaryDir, testConfig } from './support/test-config.js';
import { TestApp } from './support/test-app.js';

interface SpectralFinding {
  code: string;
  message: string;
  severity: number;
  path: string[];
}
interface Schema {
  properties?: Record<string, { description?: string }>;
}
interface OpenApi {
  paths: Record<
    string,
    Record<string, { operationId: string; responses: Record<string, { content?: unknown }> }>
  >;
  components: {
    schemas: Record<string, Schema>;
    securitySchemes: Record<string, Record<string, unknown>>;
  };
}

const SPECTRAL = join(REPO_ROOT, 'node_modules', '@stoplight', 'spectral-cli', 'dist', 'index.js');

describe('the OpenAPI document at /docs-json', () => {
  let app: TestApp;
  let document: OpenApi;
  let file: string;

  beforeAll(async () => {
    app = await TestApp.start(testConfig());
    const response = await request(app.server).get('/docs-json').expect(200);
    document = response.body as OpenApi;
    file = join(temporaryDir('ct-openapi-'), 'openapi.json');
    writeFileSync(file, response.text);
  });

  afterAll(() => app.close());

  async function lint(path: string): Promise<SpectralFinding[]> {
    const run = await promisify(execFile)(
      process.execPath,
      [
        SPECTRAL,
        'lint',
        path,
        '--ruleset',
        join(REPO_ROOT, '.spectral.yaml'),
        '--format',
        'json',
        '--quiet',
      ],
      { cwd: REPO_ROOT },
    ).catch((error: { stdout: string }) => error);
    return JSON.parse(run.stdout) as SpectralFinding[];
  }

  it('passes Spectral’s OpenAPI ruleset with no errors (and the lint does catch a broken document)', async () => {
    const broken = join(temporaryDir('ct-openapi-'), 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...document, info: undefined }));
    expect((await lint(broken)).filter((f) => f.severity === 0).map((f) => f.code)).toContain(
      'oas3-schema',
    );
    const errors = (await lint(file))
      .filter((f) => f.severity === 0)
      .map((f) => `${f.code} ${f.path.join('.')}: ${f.message}`);
    expect(errors).toEqual([]);
  }, 60_000);

  it('describes agent ids by their pattern, naming the seed ids and the configured seats', () => {
    for (const [path, method] of [
      ['/agent/{id}/guidance', 'get'],
      ['/set-participation-threshold/{agent_id}', 'post'],
    ] as const) {
      const operation = document.paths[path][method] as unknown as {
        parameters: { description: string; schema: { enum?: string[]; pattern?: string } }[];
      };
      const [parameter] = operation.parameters;
      expect(parameter.schema.enum).toBeUndefined();
      expect(parameter.schema.pattern).toBe('^[a-z0-9][a-z0-9-]{1,39}$');
      expect(parameter.description).toContain(
        'freqtrade-hft, hummingbot-mm, deepseek-v3, qwen, fingpt, lag-llama',
      );
      expect(parameter.description).toContain('MCP_SEATS');
    }
  });

  it('keeps the token in Swagger UI across a reload', async () => {
    const init = await request(app.server).get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toMatch(/"persistAuthorization":\s*true/);
  });

  it('describes every property of every schema', () => {
    const missing = Object.entries(document.components.schemas).flatMap(([name, schema]) =>
      Object.entries(schema.properties ?? {})
        .filter(([, p]) => !p.description)
        .map(([property]) => `${name}.${property}`),
    );
    expect(missing).toEqual([]);
  });

  it('names each operation and gives every error response a schema', () => {
    const ids = Object.values(document.paths).flatMap((ops) =>
      Object.values(ops).map((o) => o.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]+$/);
    for (const ops of Object.values(document.paths))
      for (const op of Object.values(ops))
        for (const [status, response] of Object.entries(op.responses))
          if (status.startsWith('4')) expect(response.content).toBeDefined();
  });

  it('offers the read, operator and admin tokens as plain bearer tokens, not JWTs', () => {
    const schemes = document.components.securitySchemes;
    expect(Object.keys(schemes).sort()).toEqual(['admin', 'operator', 'read']);
    for (const scheme of Object.values(schemes))
      expect(scheme).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(JSON.stringify(schemes)).not.toContain('JWT');
  });
});
