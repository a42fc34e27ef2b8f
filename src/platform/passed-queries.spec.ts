import { PassedQueries, queryString } from './passed-queries.js';

class SideQuery {
  side?: string;
}
class OtherQuery {}

describe('PassedQueries', () => {
  it('answers a query string that passed with the same frozen DTO, per DTO', () => {
    const queries = new PassedQueries();
    expect(queries.get(SideQuery, 'side=buy')).toBeUndefined();
    const kept = queries.remember(
      SideQuery,
      'side=buy',
      Object.assign(new SideQuery(), { side: 'buy' }),
    );
    expect(Object.isFrozen(kept)).toBe(true);
    expect(queries.get(SideQuery, 'side=buy')).toBe(kept);
    expect(queries.get(SideQuery, 'side=sell')).toBeUndefined();
    expect(queries.get(OtherQuery, 'side=buy')).toBeUndefined();
  });

  it('starts over past its bound rather than growing with every distinct query', () => {
    const queries = new PassedQueries();
    const first = queries.remember(SideQuery, 'cursor=0', {});
    for (let i = 1; i <= 512; i++) queries.remember(SideQuery, `cursor=${i}`, {});
    expect(queries.get(SideQuery, 'cursor=0')).toBeUndefined();
    expect(first).toBeDefined();
    expect(queries.get(SideQuery, 'cursor=512')).toBeDefined();
  });
});

describe('queryString', () => {
  it('is what follows the first ?', () => {
    expect(queryString('/fills')).toBe('');
    expect(queryString('/fills?')).toBe('');
    expect(queryString('/fills?agent=qwen&limit=5')).toBe('agent=qwen&limit=5');
    expect(queryString('/fills?a=1?b')).toBe('a=1?b');
  });
});
