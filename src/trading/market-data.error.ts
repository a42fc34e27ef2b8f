/**
 * A data set the replay cannot trust: thrown at start with one line per problem, each naming the file
 * and the line (the header is line 1), the way an invalid configuration is reported.
 */
export class MarketDataError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid market data in ${dir}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'MarketDataError';
  }
}
