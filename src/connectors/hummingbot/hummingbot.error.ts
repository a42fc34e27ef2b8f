/** Why a command to the bot did not succeed. */
export type HummingbotCommandFailure =
  'unreachable' | 'timeout' | 'refused' | 'malformed' | 'closed';

export class HummingbotCommandError extends Error {
  constructor(
    readonly failure: HummingbotCommandFailure,
    message: string,
  ) {
    super(message);
    this.name = 'HummingbotCommandError';
  }
}
