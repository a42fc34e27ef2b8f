/** Why a model call produced no answer; each is a value of `llm_requests_total{outcome}`. */
export const MODEL_FAILURES = [
  'malformed',
  'timeout',
  'rate_limited',
  'http_error',
  'budget_exhausted',
] as const;
export type ModelFailure = (typeof MODEL_FAILURES)[number];

/**
 * A model call that ended without a usable answer. The agent drops what it was doing and carries on;
 * `usage` is what the provider billed on the way (a malformed answer still costs its tokens).
 */
export class ModelCallError extends Error {
  constructor(
    readonly failure: ModelFailure,
    message: string,
    readonly usage?: { readonly promptTokens: number; readonly completionTokens: number },
  ) {
    super(message);
    this.name = 'ModelCallError';
  }
}
