import { tokenDigest } from '../config/api-tokens.js';
import { AccessTokens, grants } from './access-tokens.js';

const ADMIN = 'admin-token-0123456789';
const READ = 'read+token/0123456789==';

describe('AccessTokens', () => {
  const tokens = new AccessTokens([
    { name: 'admin', scope: 'admin', sha256: tokenDigest(ADMIN) },
    { name: 'grafana', scope: 'read', sha256: tokenDigest(READ) },
  ]);

  it('names the caller of exactly "Bearer <token>" (scheme in any case)', () => {
    expect(tokens.identify(`Bearer ${ADMIN}`)).toEqual({
      kind: 'token',
      principal: { name: 'admin', scope: 'admin' },
    });
    expect(tokens.identify(`bearer ${READ}`)).toEqual({
      kind: 'token',
      principal: { name: 'grafana', scope: 'read' },
    });
  });

  it.each([
    `Bearer ${ADMIN} x`,
    `Bearer  ${ADMIN}`,
    ` Bearer ${ADMIN}`,
    `Bearer ${ADMIN} `,
    `Bearer\t${ADMIN}`,
    `Basic ${ADMIN}`,
    ADMIN,
    'Bearer',
    'Bearer ',
    `Bearer ${ADMIN},${READ}`,
    `Bearer =${ADMIN}`,
  ])('calls %j malformed', (header) => {
    expect(tokens.identify(header)).toEqual({ kind: 'malformed' });
  });

  it('tells no header from an unknown token', () => {
    expect(tokens.identify(undefined)).toEqual({ kind: 'none' });
    expect(tokens.identify(`Bearer ${ADMIN}0`)).toEqual({ kind: 'unknown' });
    expect(tokens.identify(`Bearer ${ADMIN.slice(0, -1)}`)).toEqual({ kind: 'unknown' });
  });

  it('ranks scopes: admin includes operator includes read', () => {
    expect(grants('admin', 'operator')).toBe(true);
    expect(grants('operator', 'read')).toBe(true);
    expect(grants('operator', 'admin')).toBe(false);
    expect(grants('read', 'operator')).toBe(false);
  });
});
