import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** One file of the page, held in memory with its gzip form and a validator. */
export interface DashboardAsset {
  readonly contentType: string;
  readonly body: Buffer;
  readonly gzipped: Buffer;
  readonly etag: string;
}

/**
 * The page's files (`assets/dashboard/`), read once at start. They are found by walking up from this
 * module to the directory that holds `assets/dashboard`: that is the repository root both for
 * `src/dashboard` (tests) and `dist/src/dashboard` (`npm start`), and the image's working directory,
 * which holds `assets/` beside `dist/`. So the page does not depend on the working directory.
 */
export class DashboardAssets {
  private constructor(private readonly files: ReadonlyMap<string, DashboardAsset>) {}

  static load(directory = locateAssetsDir()): DashboardAssets {
    const files = new Map<string, DashboardAsset>();
    for (const name of readdirSync(directory)) {
      const contentType = CONTENT_TYPES[extname(name)];
      if (!contentType) continue;
      const body = readFileSync(join(directory, name));
      files.set(name, {
        contentType,
        body,
        gzipped: gzipSync(body, { level: 9 }),
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      });
    }
    return new DashboardAssets(files);
  }

  get(name: string): DashboardAsset | undefined {
    return this.files.get(name);
  }
}

export function locateAssetsDir(from = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'assets', 'dashboard');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`assets/dashboard not found above ${from}`);
  }
}
