import { AccessTokenSource } from './access-token-source.js';

/** A fixed token: an OpenAI-compatible API key, a token from `gcloud auth print-access-token`, or a test's. */
export class StaticTokenSource extends AccessTokenSource {
  constructor(private readonly value: string) {
    super();
  }

  token(): Promise<string> {
    return Promise.resolve(this.value);
  }
}
