import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { JsonSchemaValidator } from './json-schema.validator.js';

export const WIRE_VERSION = 1;
export const WIRE_CONTRACT_FILE = 'agent-message.v1.json';

/**
 * The repository's `contracts/` directory. It sits beside `src/` in a checkout and beside `dist/` in a
 * build, so it is looked up from this module's directory rather than from the working directory.
 */
function contractsDir(): string {
  for (let dir = import.meta.dirname, up = 0; up < 4; up++, dir = dirname(dir)) {
    const candidate = join(dir, 'contracts');
    if (existsSync(join(candidate, WIRE_CONTRACT_FILE))) return candidate;
  }
  throw new Error(`contracts/${WIRE_CONTRACT_FILE} not found above ${import.meta.dirname}`);
}

/** Wire contract v1 (DESIGN §5): the JSON Schema file is the one source; the validator is compiled from it. */
export class WireContract {
  readonly schema: Readonly<Record<string, unknown>>;
  readonly validator: JsonSchemaValidator;

  private constructor(text: string) {
    this.schema = Object.freeze(JSON.parse(text) as Record<string, unknown>);
    this.validator = new JsonSchemaValidator(this.schema);
  }

  static load(): WireContract {
    return new WireContract(readFileSync(join(contractsDir(), WIRE_CONTRACT_FILE), 'utf8'));
  }
}
