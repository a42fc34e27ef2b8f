import {
  registerDecorator,
  useContainer,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidationOptions,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { AppConfig } from './app-config.js';

/**
 * The one check that a request names an agent of the configured roster (the seed and the seats
 * declared in `MCP_SEATS`). class-validator gets it, built on the config, from `useRosterAgents`.
 */
@ValidatorConstraint({ name: 'isRosterAgent' })
export class RosterAgentConstraint implements ValidatorConstraintInterface {
  private readonly ids: readonly string[];

  constructor(config: AppConfig) {
    this.ids = config.roster.map((a) => a.id);
  }

  validate(value: unknown, args: ValidationArguments): boolean {
    return (
      typeof value === 'string' &&
      (this.ids.includes(value) || (args.constraints as string[]).includes(value))
    );
  }

  defaultMessage(args: ValidationArguments): string {
    const accepted = [...this.ids, ...(args.constraints as string[])];
    return `${args.property} must be one of the roster's agents: ${accepted.join(', ')}`;
  }
}

/** The property names a roster agent, or one of `also` (`portfolio`, say). */
export function IsRosterAgent(also: readonly string[] = [], options?: ValidationOptions) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      target: target.constructor,
      propertyName,
      constraints: [...also],
      options,
      validator: RosterAgentConstraint,
    });
}

/** Hands class-validator the roster check of this configuration; every other validator is its own. */
export function useRosterAgents(config: AppConfig): void {
  const constraint = new RosterAgentConstraint(config);
  useContainer(
    {
      get: <T>(type: unknown): T => (type === RosterAgentConstraint ? constraint : undefined) as T,
    },
    { fallback: true },
  );
}
