import { DomainError, type DomainErrorKind } from '../platform/domain-error.js';

export type ExportErrorCode = 'sink-unavailable' | 'batch-rejected' | 'table-missing';

const KIND: Record<ExportErrorCode, DomainErrorKind> = {
  'sink-unavailable': 'unavailable',
  'batch-rejected': 'invalid',
  'table-missing': 'unavailable',
};

/** Why a shipment to the analytics sink failed as a whole. */
export class ExportError extends DomainError<ExportErrorCode> {
  constructor(
    code: ExportErrorCode,
    message: string,
    /** BigQuery's reason (`invalid`, `backendError`, HTTP status), for the dead-letter table. */
    readonly reason: string = code,
  ) {
    super(code, KIND[code], message);
  }
}
