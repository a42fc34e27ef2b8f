import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CRC32C } from '@google-cloud/storage';

export interface GcsRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

interface StoredObject {
  readonly bytes: Buffer;
  readonly contentType: string;
  readonly generation: number;
}

/** The parts of a `multipart/related` body: each part's headers and bytes. */
function multipartParts(body: Buffer, contentType: string) {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { headers: Record<string, string>; bytes: Buffer }[] = [];
  let start = body.indexOf(delimiter) + delimiter.length;
  for (;;) {
    const end = body.indexOf(delimiter, start);
    if (end < 0) break;
    const part = body.subarray(start + 2, end - 2); // the CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    const headers = Object.fromEntries(
      part
        .subarray(0, split)
        .toString()
        .split('\r\n')
        .map((line) => line.split(/:\s*/, 2).map((s) => s.trim()) as [string, string])
        .map(([k, v]) => [k.toLowerCase(), v]),
    );
    parts.push({ headers, bytes: part.subarray(split + 4) });
    start = end + delimiter.length;
  }
  return parts;
}

function hashes(bytes: Buffer): { md5Hash: string; crc32c: string } {
  const crc32c = new CRC32C();
  crc32c.update(bytes);
  return { md5Hash: createHash('md5').update(bytes).digest('base64'), crc32c: crc32c.toString() };
}

/**
 * A small Cloud Storage JSON API server for tests: multipart upload (`uploadType=multipart`), list by
 * prefix, get (metadata or `alt=media` with `x-goog-hash`) and delete, on one bucket. It records every
 * request, bodies included, so a test can check exactly what the client sent.
 */
export class GcsTestServer {
  readonly requests: GcsRequest[] = [];
  readonly objects = new Map<string, StoredObject>();
  /** The JSON metadata part of every multipart upload, in order. */
  readonly uploadMetadata: Record<string, unknown>[] = [];
  private generation = 1;

  private readonly server: Server;

  private constructor(readonly bucket: string) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 500, message: String(error) } }));
      });
    });
  }

  static async start(bucket: string): Promise<GcsTestServer> {
    const instance = new GcsTestServer(bucket);
    await new Promise<void>((resolve) => instance.server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    return closed;
  }

  private resource(name: string) {
    const object = this.objects.get(name);
    if (!object) return undefined;
    return {
      kind: 'storage#object',
      id: `${this.bucket}/${name}/${object.generation}`,
      name,
      bucket: this.bucket,
      generation: String(object.generation),
      contentType: object.contentType,
      size: String(object.bytes.length),
      ...hashes(object.bytes),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: GcsRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    this.requests.push(request);
    const json = (status: number, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const objects = `/storage/v1/b/${this.bucket}/o`;
    if (request.method === 'POST' && request.path === `/upload${objects}`) {
      if (request.query.uploadType !== 'multipart')
        return json(400, { error: { code: 400, message: 'only uploadType=multipart here' } });
      const [metadata, media] = multipartParts(request.body, req.headers['content-type'] ?? '');
      const meta = JSON.parse(metadata.bytes.toString()) as { name?: string; contentType?: string };
      this.uploadMetadata.push(meta);
      const name = request.query.name ?? meta.name ?? '';
      this.objects.set(name, {
        bytes: Buffer.from(media.bytes),
        contentType: meta.contentType ?? media.headers['content-type'] ?? '',
        generation: this.generation++,
      });
      return json(200, this.resource(name));
    }
    if (request.method === 'GET' && request.path === objects) {
      const prefix = request.query.prefix ?? '';
      const items = [...this.objects.keys()]
        .filter((name) => name.startsWith(prefix))
        .sort()
        .map((name) => this.resource(name));
      return json(200, { kind: 'storage#objects', items });
    }
    if (request.path.startsWith(`${objects}/`)) {
      const name = decodeURIComponent(request.path.slice(objects.length + 1));
      const object = this.objects.get(name);
      if (!object) return json(404, { error: { code: 404, message: `No such object: ${name}` } });
      if (request.method === 'DELETE') {
        this.objects.delete(name);
        res.writeHead(204);
        return void res.end();
      }
      if (request.method === 'GET' && request.query.alt === 'media') {
        const { md5Hash, crc32c } = hashes(object.bytes);
        res.writeHead(200, {
          'content-type': object.contentType,
          'content-length': object.bytes.length,
          'x-goog-hash': `crc32c=${crc32c},md5=${md5Hash}`,
          'x-goog-generation': String(object.generation),
        });
        return void res.end(object.bytes);
      }
      if (request.method === 'GET') return json(200, this.resource(name));
    }
    json(404, {
      error: { code: 404, message: `not served here: ${request.method} ${request.path}` },
    });
  }
}
