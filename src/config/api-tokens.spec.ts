import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenDigest } from './api-tokens.js';
import { configProblems } from './config-problems.fixture.js';
import { loadConfig } from './load-config.js';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'ct-tokens-'));

function tokensFile(content: string): string {
  const file = join(emptyDir(), 'tokens.json');
  writeFileSync(file, content);
  return file;
}

describe('access configuration', () => {
  it('binds 127.0.0.1 by default, where reads need no token', () => {
    const config = loadConfig({}, emptyDir());
    expect(config.host).toBe('127.0.0.1');
    expect(config.access).toEqual({ readAuth: false, tokens: [] });
  });

  it.each([
    [{ HOST: '0.0.0.0' }, true],
    [{ HOST: '10.1.2.3' }, true],
    [{ HOST: '::1' }, false],
    [{ HOST: 'localhost' }, false],
    [{ HOST: '0.0.0.0', READ_AUTH: 'off' }, false],
    [{ HOST: '127.0.0.1', READ_AUTH: 'ON' }, true],
  ])('%j: reads need a token = %s', (env, readAuth) => {
    expect(loadConfig(env, emptyDir()).access.readAuth).toBe(readAuth);
  });

  it('keeps tokens hashed, named after their scope or their file entry', () => {
    const file = tokensFile(
      JSON.stringify([{ name: 'grafana', scope: 'read', token: 'grafana-token-0123456789' }]),
    );
    const config = loadConfig(
      {
        ADMIN_TOKEN: 'admin-token-0123456789',
        OPERATOR_TOKEN: 'operator-token-0123456789',
        API_TOKENS_FILE: file,
      },
      emptyDir(),
    );
    expect(config.access.tokens).toEqual([
      { name: 'admin', scope: 'admin', sha256: tokenDigest('admin-token-0123456789') },
      { name: 'operator', scope: 'operator', sha256: tokenDigest('operator-token-0123456789') },
      { name: 'grafana', scope: 'read', sha256: tokenDigest('grafana-token-0123456789') },
    ]);
    expect(JSON.stringify(config)).not.toMatch(/token-0123456789/);
  });

  it('never echoes a secret in a configuration problem', () => {
    const problems = configProblems({
      ADMIN_TOKEN: 'short-secret',
      READ_TOKEN: 'has a space but long enough',
      ASTER_SECRET_KEY: '',
    });
    expect(problems).toEqual([
      'ADMIN_TOKEN must be at least 16 characters (value not shown)',
      'READ_TOKEN may hold only letters, digits and -._~+/= (value not shown)',
    ]);
    expect(problems.join('\n')).not.toMatch(/short-secret|has a space/);
  });

  it('refuses an ADMIN_TOKEN that is set but empty, rather than generate one', () => {
    expect(configProblems({ ADMIN_TOKEN: '' })).toEqual([
      'ADMIN_TOKEN is set but empty: give it 16+ characters, or unset it to have one generated into DATA_DIR/admin-token',
    ]);
    expect(configProblems({ ADMIN_TOKEN: '   ' })).toHaveLength(1);
  });

  it('names each bad entry of API_TOKENS_FILE without its value', () => {
    const file = tokensFile(
      JSON.stringify([
        { name: 'ok', scope: 'read', token: 'a-fine-token-0123456789' },
        { name: 'bad scope', scope: 'read', token: 'secret-value-one-0123' },
        { name: 'x', scope: 'root', token: 'secret-value-two-0123' },
        { name: 'y', scope: 'admin', token: 'secret3' },
        { name: 'ok', scope: 'admin', token: 'a-fine-token-0123456789' },
      ]),
    );
    const problems = configProblems({ API_TOKENS_FILE: file });
    expect(problems).toEqual([
      "API_TOKENS_FILE[1].name must be 1-64 letters, digits, '.', '_' or '-'",
      'API_TOKENS_FILE[2].scope must be one of read, operator, admin',
      'API_TOKENS_FILE[3].token must be a string of at least 16 characters (value not shown)',
      'token name ok is used twice',
      'token ok has the value of another',
    ]);
    expect(problems.join('\n')).not.toMatch(/secret|a-fine-token/);
  });

  it('says a tokens file is missing or not JSON without quoting it', () => {
    const broken = tokensFile('[{"name": "a", "token": "secret-in-broken-json');
    expect(configProblems({ API_TOKENS_FILE: broken })).toEqual([
      `API_TOKENS_FILE ${broken} is not valid JSON`,
    ]);
    const cwd = emptyDir();
    expect(configProblems({ API_TOKENS_FILE: 'missing.json' }, cwd)).toEqual([
      `API_TOKENS_FILE ${join(cwd, 'missing.json')} cannot be read`,
    ]);
  });
});
