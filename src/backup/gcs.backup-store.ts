import type { Bucket, Storage } from '@google-cloud/storage';
import type * as StorageSdk from '@google-cloud/storage';
import type * as GoogleAuthSdk from 'google-auth-library';
import { sdkOnUse } from '../platform/sdk-on-use.js';
import { BackupStore } from './backup.store.js';
import { parseBackupName } from './backup-name.js';

const storageSdk = sdkOnUse<typeof StorageSdk>('@google-cloud/storage');
const googleAuthSdk = sdkOnUse<typeof GoogleAuthSdk>('google-auth-library');

export interface GcsBackupStoreOptions {
  readonly bucket: string;
  /** Object name prefix, empty or ending with `/`. */
  readonly prefix: string;
  /** An emulator or test server; requests to it carry no Google credentials. */
  readonly apiEndpoint?: string;
}

/** A hung request must not hold a backup (or a restore) for the client's default minutes. */
const REQUEST_TIMEOUT_MS = 120_000;

export function gcsStorage(apiEndpoint: string | undefined): Storage {
  return new (storageSdk().Storage)({
    ...(apiEndpoint === undefined
      ? {}
      : { apiEndpoint, authClient: new (googleAuthSdk().PassThroughClient)() }),
    retryOptions: { autoRetry: false, maxRetries: 0 },
    timeout: REQUEST_TIMEOUT_MS,
  } as ConstructorParameters<typeof Storage>[0]);
}

/**
 * Backups as objects in a Cloud Storage bucket, through `@google-cloud/storage` (Application Default
 * Credentials; on GKE, Workload Identity). Uploads are single requests (`uploadType=multipart`), whose
 * checksum the client verifies against what the bucket stored.
 */
export class GcsBackupStore extends BackupStore {
  private readonly bucket: Bucket;

  constructor(private readonly options: GcsBackupStoreOptions) {
    super();
    this.bucket = gcsStorage(options.apiEndpoint).bucket(options.bucket);
  }

  location(name: string): string {
    return `gs://${this.options.bucket}/${this.options.prefix}${name}`;
  }

  async put(file: string, name: string): Promise<void> {
    await this.bucket.upload(file, {
      destination: `${this.options.prefix}${name}`,
      resumable: false,
      contentType: 'application/vnd.sqlite3',
    });
  }

  async list(): Promise<string[]> {
    const [files] = await this.bucket.getFiles({ prefix: this.options.prefix, autoPaginate: true });
    return files
      .map((file) => file.name.slice(this.options.prefix.length))
      .filter((name) => !name.includes('/') && parseBackupName(name) !== undefined);
  }

  async remove(name: string): Promise<void> {
    await this.bucket.file(`${this.options.prefix}${name}`).delete();
  }
}

/** Downloads `gs://bucket/object` to a local file (the restore command's source). */
export async function downloadGcsObject(
  url: string,
  destination: string,
  apiEndpoint: string | undefined,
): Promise<void> {
  const match = /^gs:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!match) throw new Error(`${url} is not a gs://bucket/object URL`);
  await gcsStorage(apiEndpoint).bucket(match[1]).file(match[2]).download({ destination });
}
