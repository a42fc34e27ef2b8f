import type { OpenAPIObject } from '@nestjs/swagger';
import { ErrorDto, ValidationErrorDto } from './http-error.dto.js';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const body = (schema: string) => ({
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
});

/** The DTOs of error bodies, for `extraModels`: every error response refers to one of them. */
export const ERROR_MODELS = [ErrorDto, ValidationErrorDto];

/**
 * Gives every error response its body's schema, and the responses controllers leave implicit: a 400 for
 * every operation that takes input, a 401 for every one that needs the admin token.
 */
export function describeErrors(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths))
    for (const method of METHODS) {
      const operation: Operation | undefined = item[method];
      if (operation) describeOperationErrors(operation);
    }
  return document;
}

function describeOperationErrors(operation: Operation): void {
  const responses = operation.responses;
  const takesInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined;
  if (takesInput && !responses['400'])
    responses['400'] = { description: 'Invalid input; `fields` names the field at fault.' };
  if ((operation.security?.length ?? 0) > 0 && !responses['401'])
    responses['401'] = { description: 'Missing or wrong admin bearer token.' };
  for (const [status, response] of Object.entries(responses)) {
    if (!response || !/^[45]/.test(status) || '$ref' in response || response.content) continue;
    Object.assign(response, body(status === '400' ? 'ValidationErrorDto' : 'ErrorDto'));
  }
}
