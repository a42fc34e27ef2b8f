import type { Type } from '@nestjs/common';

/** Distinct query strings remembered per query DTO; past this the memory starts over. */
const KEPT_QUERIES = 512;

/**
 * The validated DTOs of query strings that passed, by the raw query string. A whole-query DTO's
 * outcome depends on the query string alone (there is no coercion), and a polled read (the dashboard,
 * a monitor) sends the same one again and again: it is validated once. Only passes are kept, frozen
 * since every later request shares them; a bad query is checked afresh.
 */
export class PassedQueries {
  private readonly passed = new Map<Type, Map<string, object>>();

  get(dto: Type, queryString: string): object | undefined {
    return this.passed.get(dto)?.get(queryString);
  }

  remember(dto: Type, queryString: string, valid: object): object {
    let queries = this.passed.get(dto);
    if (!queries) this.passed.set(dto, (queries = new Map<string, object>()));
    if (queries.size >= KEPT_QUERIES) queries.clear();
    const frozen = Object.freeze(valid);
    queries.set(queryString, frozen);
    return frozen;
  }
}

/** What follows the `?` of a request target; empty when there is none. */
export function queryString(url: string): string {
  const mark = url.indexOf('?');
  return mark < 0 ? '' : url.slice(mark + 1);
}
