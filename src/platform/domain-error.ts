/** What went wrong, in terms a caller can act on; the HTTP layer maps each kind to a status. */
export type DomainErrorKind = 'not-found' | 'invalid' | 'conflict' | 'unavailable' | 'forbidden';

/** Base of every module's error: a stable machine-readable code and a kind. Knows nothing of HTTP. */
export abstract class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    readonly kind: DomainErrorKind,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
