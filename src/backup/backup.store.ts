/** A place that keeps copies of backups under their names: a directory, or a Cloud Storage bucket. */
export abstract class BackupStore {
  /** Where a stored backup is, for operators: a path or a `gs://` URL. */
  abstract location(name: string): string;
  /** Copies a verified local backup file in under `name`. */
  abstract put(file: string, name: string): Promise<void>;
  /** Names of every backup kept here. */
  abstract list(): Promise<string[]>;
  abstract remove(name: string): Promise<void>;
}
