import { getMetadataStorage } from 'class-validator';
import { EnvironmentVariables } from '../src/config/environment.dto.js';

/** Every variable the service reads: the properties the environment DTO validates, as loadConfig sees them. */
export function declaredVariables(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(
    EnvironmentVariables,
    '',
    true,
    false,
  );
  return [...new Set(metadata.map((m) => m.propertyName))].sort();
}

/** Variables that carry credentials: they belong in the Secret, never in the ConfigMap or the image. */
export const isSecretVariable = (name: string): boolean =>
  /_(TOKEN|KEY|SECRET|PASSWORD)$|_SEAT_TOKENS$/.test(name);
