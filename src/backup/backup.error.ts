import { DomainError, type DomainErrorKind } from '../platform/domain-error.js';

export enum BackupErrorCode {
  InProgress = 'BACKUP_IN_PROGRESS',
  Failed = 'BACKUP_FAILED',
}

const KINDS: Record<BackupErrorCode, DomainErrorKind> = {
  [BackupErrorCode.InProgress]: 'conflict',
  [BackupErrorCode.Failed]: 'unavailable',
};

export class BackupError extends DomainError<BackupErrorCode> {
  constructor(code: BackupErrorCode, message: string) {
    super(code, KINDS[code], message);
  }

  static inProgress(): BackupError {
    return new BackupError(
      BackupErrorCode.InProgress,
      'a backup is already running; try again when it has finished',
    );
  }

  static failed(step: string, cause: unknown): BackupError {
    const why = cause instanceof Error ? cause.message : String(cause);
    return new BackupError(BackupErrorCode.Failed, `backup failed while ${step}: ${why}`);
  }
}
