import { copyFile, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BackupStore } from './backup.store.js';
import { parseBackupName } from './backup-name.js';

/** Backups as files in one directory (`BACKUP_DIR`). */
export class DirectoryBackupStore extends BackupStore {
  constructor(readonly dir: string) {
    super();
  }

  location(name: string): string {
    return join(this.dir, name);
  }

  async put(file: string, name: string): Promise<void> {
    const target = this.location(name);
    if (file === target) return;
    // Within the directory a rename is atomic; from elsewhere, copy beside it first.
    if (dirname(file) === this.dir) {
      await rename(file, target);
      return;
    }
    const partial = join(this.dir, `.${name}.partial`);
    await copyFile(file, partial);
    await rename(partial, target);
  }

  async list(): Promise<string[]> {
    return (await readdir(this.dir)).filter((name) => parseBackupName(name) !== undefined);
  }

  async remove(name: string): Promise<void> {
    await rm(this.location(name), { force: true });
  }
}
