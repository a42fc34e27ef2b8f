import type { HummingbotCommand } from './hummingbot-wire.js';
import type { HummingbotCommandFailure } from './hummingbot.error.js';

export type FillOutcome = 'booked' | 'duplicate' | 'refused' | 'unreadable';
export type CommandOutcome = 'ok' | HummingbotCommandFailure;

/** What the connector did, read by `/metrics` when scraped. */
export class HummingbotCounters {
  readonly fills = new Map<FillOutcome, number>();
  readonly commands = new Map<string, number>();

  fill(outcome: FillOutcome): void {
    this.fills.set(outcome, (this.fills.get(outcome) ?? 0) + 1);
  }

  command(command: HummingbotCommand, outcome: CommandOutcome): void {
    const key = `${command}\t${outcome}`;
    this.commands.set(key, (this.commands.get(key) ?? 0) + 1);
  }

  forEachCommand(report: (command: string, outcome: string, n: number) => void): void {
    for (const [key, n] of this.commands) {
      const [command = '', outcome = ''] = key.split('\t');
      report(command, outcome, n);
    }
  }
}
