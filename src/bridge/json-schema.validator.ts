/**
 * The subset of JSON Schema (draft 2020-12) the wire contracts use: `type`, `const`, `enum`, `required`,
 * `properties`, `additionalProperties: false`, `minLength`/`maxLength`, `pattern`, `format: date-time`,
 * `minimum`/`maximum`, `items`, `minItems`/`maxItems`. A keyword outside it fails at construction, so
 * a contract can never silently stop being checked.
 */
export interface JsonSchema {
  readonly type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: false;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: 'date-time';
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
}

const TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean']);
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description']);
const KEYWORDS = new Set([
  'type',
  'const',
  'enum',
  'required',
  'properties',
  'additionalProperties',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'items',
  'minItems',
  'maxItems',
]);

/** RFC 3339 date-time, as JSON Schema's `date-time` format means it. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

type Check = (value: unknown, path: string, problems: string[]) => void;

/** Compiles a schema once into a checker; `validate` returns one line per problem (empty = valid). */
export class JsonSchemaValidator {
  private readonly check: Check;

  constructor(schema: unknown) {
    this.check = compile(schema, '#');
  }

  validate(value: unknown): string[] {
    const problems: string[] = [];
    this.check(value, '', problems);
    return problems;
  }
}

function compile(raw: unknown, at: string): Check {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`schema ${at}: must be an object`);
  }
  for (const key of Object.keys(raw)) {
    if (!KEYWORDS.has(key) && !ANNOTATIONS.has(key)) {
      throw new Error(`schema ${at}: unsupported keyword "${key}"`);
    }
  }
  const schema = raw as JsonSchema;
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
    throw new Error(`schema ${at}: only "additionalProperties": false is supported`);
  }
  if (schema.type !== undefined && !TYPES.has(schema.type)) {
    throw new Error(`schema ${at}: unsupported type "${String(schema.type)}"`);
  }
  if (schema.format !== undefined && schema.format !== 'date-time') {
    throw new Error(`schema ${at}: unsupported format "${String(schema.format)}"`);
  }
  const checks: Check[] = [];
  if (schema.type !== undefined) checks.push(typeCheck(schema.type));
  if ('const' in schema) checks.push(constCheck(schema.const));
  if (schema.enum !== undefined) checks.push(enumCheck(schema.enum));
  checks.push(...stringChecks(schema), ...numberChecks(schema), ...arrayChecks(schema, at));
  checks.push(...objectChecks(schema, at));
  return (value, path, problems) => {
    for (const check of checks) check(value, path, problems);
  };
}

function typeCheck(type: NonNullable<JsonSchema['type']>): Check {
  const matches = (value: unknown): boolean => {
    switch (type) {
      case 'object':
        return typeof value === 'object' && value !== null && !Array.isArray(value);
      case 'array':
        return Array.isArray(value);
      case 'string':
        return typeof value === 'string';
      case 'number':
        return typeof value === 'number' && Number.isFinite(value);
      case 'integer':
        return Number.isInteger(value);
      case 'boolean':
        return typeof value === 'boolean';
    }
  };
  return (value, path, problems) => {
    if (!matches(value)) problems.push(`${path || '/'}: must be ${type}`);
  };
}

function constCheck(expected: unknown): Check {
  return (value, path, problems) => {
    if (value !== expected) problems.push(`${path || '/'}: must be ${JSON.stringify(expected)}`);
  };
}

function enumCheck(allowed: readonly unknown[]): Check {
  return (value, path, problems) => {
    if (!allowed.includes(value)) {
      problems.push(
        `${path || '/'}: must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
      );
    }
  };
}

function stringChecks(schema: JsonSchema): Check[] {
  const { minLength, maxLength, pattern, format } = schema;
  if (minLength === undefined && maxLength === undefined && !pattern && !format) return [];
  const regex = pattern === undefined ? undefined : new RegExp(pattern, 'u');
  return [
    (value, path, problems) => {
      if (typeof value !== 'string') return;
      const length = [...value].length;
      if (minLength !== undefined && length < minLength)
        problems.push(`${path}: must have at least ${minLength} characters`);
      if (maxLength !== undefined && length > maxLength)
        problems.push(`${path}: must have at most ${maxLength} characters`);
      if (regex && !regex.test(value)) problems.push(`${path}: must match ${pattern}`);
      if (format === 'date-time' && !(DATE_TIME.test(value) && Number.isFinite(Date.parse(value))))
        problems.push(`${path}: must be an ISO-8601 date-time`);
    },
  ];
}

function numberChecks(schema: JsonSchema): Check[] {
  const { minimum, maximum } = schema;
  if (minimum === undefined && maximum === undefined) return [];
  return [
    (value, path, problems) => {
      if (typeof value !== 'number') return;
      if (minimum !== undefined && value < minimum)
        problems.push(`${path}: must be at least ${minimum}`);
      if (maximum !== undefined && value > maximum)
        problems.push(`${path}: must be at most ${maximum}`);
    },
  ];
}

function arrayChecks(schema: JsonSchema, at: string): Check[] {
  const { minItems, maxItems } = schema;
  const items = schema.items === undefined ? undefined : compile(schema.items, `${at}/items`);
  if (minItems === undefined && maxItems === undefined && !items) return [];
  return [
    (value, path, problems) => {
      if (!Array.isArray(value)) return;
      if (minItems !== undefined && value.length < minItems)
        problems.push(`${path}: must have at least ${minItems} items`);
      if (maxItems !== undefined && value.length > maxItems) {
        problems.push(`${path}: must have at most ${maxItems} items`);
        return;
      }
      if (items) value.forEach((item, i) => items(item, `${path}/${i}`, problems));
    },
  ];
}

function objectChecks(schema: JsonSchema, at: string): Check[] {
  const properties = new Map(
    Object.entries(schema.properties ?? {}).map(([name, child]) => [
      name,
      compile(child, `${at}/properties/${name}`),
    ]),
  );
  const required = schema.required ?? [];
  const closed = schema.additionalProperties === false;
  if (properties.size === 0 && required.length === 0 && !closed) return [];
  return [
    (value, path, problems) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
      const record = value as Record<string, unknown>;
      for (const name of required) {
        if (!Object.hasOwn(record, name)) problems.push(`${path}/${name}: is required`);
      }
      for (const [name, child] of Object.entries(record)) {
        const check = properties.get(name);
        if (check) check(child, `${path}/${name}`, problems);
        else if (closed) problems.push(`${path}/${name}: is not allowed`);
      }
    },
  ];
}
