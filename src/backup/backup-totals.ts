/** Upper bounds of `backup_duration_seconds`, in seconds. */
export const BACKUP_DURATION_BOUNDS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] as const;

/** What the backups have done since start, for metrics and alerts. */
export class BackupTotals {
  /** Wall time of the newest good backup (epoch ms; 0 = none yet), from disk at start. */
  lastSuccessWallMs = 0;
  failures = 0;
  readonly durationBuckets = new Float64Array(BACKUP_DURATION_BOUNDS.length);
  durationSum = 0;
  durationCount = 0;

  succeeded(wallMs: number, seconds: number): void {
    this.lastSuccessWallMs = Math.max(this.lastSuccessWallMs, wallMs);
    const bucket = BACKUP_DURATION_BOUNDS.findIndex((bound) => seconds <= bound);
    if (bucket >= 0) this.durationBuckets[bucket]++;
    this.durationSum += seconds;
    this.durationCount++;
  }

  failed(): void {
    this.failures++;
  }
}
