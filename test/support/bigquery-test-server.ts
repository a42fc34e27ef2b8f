import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

interface Field {
  readonly name: string;
  readonly type: string;
  readonly mode?: string;
}

export interface StoredTable {
  tableReference: { projectId: string; datasetId: string; tableId: string };
  schema: { fields: Field[] };
  timePartitioning?: { type: string; field?: string; expirationMs?: string };
  clustering?: { fields: string[] };
  description?: string;
  [key: string]: unknown;
}

interface InsertAllBody {
  readonly rows: readonly { readonly insertId?: string; readonly json: Record<string, unknown> }[];
  readonly skipInvalidRows?: boolean;
  readonly ignoreUnknownValues?: boolean;
}

export interface InsertedRow {
  readonly table: string;
  readonly insertId: string;
  readonly json: Record<string, unknown>;
}

type RowFault = { readonly reason: string; readonly message: string };

/**
 * A small BigQuery REST server for tests: datasets get/insert, tables get/insert/patch and
 * `tabledata.insertAll` with BigQuery's answers (`insertErrors` with `invalid` for a bad row, `stopped`
 * for its neighbours unless `skipInvalidRows`). It records every request, can answer with an outage
 * (5xx), fail chosen rows, or hold insertAll answers so a test can kill the client mid-flight.
 */
export class BigQueryTestServer {
  readonly requests: RecordedRequest[] = [];
  /** Every row insertAll accepted, in arrival order, duplicates included. */
  readonly received: InsertedRow[] = [];
  readonly datasets = new Set<string>();
  readonly tables = new Map<string, StoredTable>();
  /** When set, every request is answered with this HTTP status (an outage). */
  outageStatus: number | undefined;
  private readonly rowFaults = new Map<string, RowFault[]>();
  private readonly poisonIds = new Set<string>();
  private holding = false;
  private readonly held: (() => void)[] = [];
  private readonly heldWaiters: (() => void)[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<BigQueryTestServer> {
    const server = createServer();
    const fake = new BigQueryTestServer(server);
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The rows of a table after de-duplication by insertId, as BigQuery's streaming buffer keeps them. */
  rowsOf(table: string): Map<string, Record<string, unknown>> {
    const rows = new Map<string, Record<string, unknown>>();
    for (const row of this.received) if (row.table === table) rows.set(row.insertId, row.json);
    return rows;
  }

  insertAllRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/insertAll'));
  }

  /** The next `times` attempts to insert this row fail with the reason (`backendError`, `invalid`...). */
  failRow(insertId: string, reason: string, message: string, times = 1): void {
    this.rowFaults.set(
      insertId,
      Array.from({ length: times }, () => ({ reason, message })),
    );
  }

  /** Any insertAll request carrying this row is refused whole with a 400, as an oversized row would be. */
  refuseRequestsWith(insertId: string): void {
    this.poisonIds.add(insertId);
  }

  /** insertAll requests wait unanswered until `release`. */
  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    for (const answer of this.held.splice(0)) answer();
  }

  /** Resolves once an insertAll request is being held. */
  whenHolding(): Promise<void> {
    if (this.held.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.heldWaiters.push(resolve));
  }

  close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    const path = (req.url ?? '').split('?')[0];
    const body: unknown = text ? JSON.parse(text) : undefined;
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
    if (this.outageStatus !== undefined) {
      this.error(res, this.outageStatus, 'backendError', 'The service is currently unavailable.');
      return;
    }
    const route =
      /^\/bigquery\/v2\/projects\/([^/]+)\/datasets(?:\/([^/]+))?(?:\/tables(?:\/([^/]+))?(\/insertAll)?)?$/.exec(
        path,
      );
    if (!route) {
      this.error(res, 404, 'notFound', `no route ${path}`);
      return;
    }
    const [, project, dataset, table, insertAll] = route;
    const method = req.method ?? 'GET';
    if (insertAll && method === 'POST')
      return this.insertAll(res, dataset, table, body as InsertAllBody);
    if (table !== undefined && method === 'GET') return this.getTable(res, dataset, table);
    if (table !== undefined && method === 'PATCH')
      return this.patchTable(res, dataset, table, body);
    if (path.endsWith('/tables') && method === 'POST')
      return this.createTable(res, project, dataset, body);
    if (dataset !== undefined && !path.endsWith('/tables') && method === 'GET') {
      if (this.datasets.has(dataset))
        this.json(res, 200, { datasetReference: { projectId: project, datasetId: dataset } });
      else this.error(res, 404, 'notFound', `Not found: Dataset ${project}:${dataset}`);
      return;
    }
    if (dataset === undefined && method === 'POST') {
      const id = (body as { datasetReference: { datasetId: string } }).datasetReference.datasetId;
      if (this.datasets.has(id))
        return this.error(res, 409, 'duplicate', `Already Exists: Dataset ${project}:${id}`);
      this.datasets.add(id);
      this.json(res, 200, body);
      return;
    }
    this.error(res, 405, 'invalid', `${method} ${path}`);
  }

  private getTable(res: ServerResponse, dataset: string, table: string): void {
    const stored = this.tables.get(`${dataset}.${table}`);
    if (stored) this.json(res, 200, stored);
    else this.error(res, 404, 'notFound', `Not found: Table ${dataset}.${table}`);
  }

  private createTable(res: ServerResponse, project: string, dataset: string, body: unknown): void {
    const table = body as StoredTable;
    const key = `${dataset}.${table.tableReference.tableId}`;
    if (!this.datasets.has(dataset))
      return this.error(res, 404, 'notFound', `Not found: Dataset ${project}:${dataset}`);
    if (this.tables.has(key))
      return this.error(res, 409, 'duplicate', `Already Exists: Table ${key}`);
    this.tables.set(key, structuredClone(table));
    this.json(res, 200, table);
  }

  private patchTable(res: ServerResponse, dataset: string, table: string, body: unknown): void {
    const key = `${dataset}.${table}`;
    const stored = this.tables.get(key);
    if (!stored) return this.error(res, 404, 'notFound', `Not found: Table ${key}`);
    const patched = { ...stored, ...(body as Partial<StoredTable>) };
    this.tables.set(key, patched);
    this.json(res, 200, patched);
  }

  private insertAll(
    res: ServerResponse,
    dataset: string,
    table: string,
    body: InsertAllBody,
  ): void {
    const stored = this.tables.get(`${dataset}.${table}`);
    if (!stored) return this.error(res, 404, 'notFound', `Not found: Table ${dataset}.${table}`);
    if (body.rows.some((row) => this.poisonIds.has(row.insertId ?? ''))) {
      return this.error(res, 400, 'invalid', 'Row larger than the maximum allowed size');
    }
    const answer = () => {
      const insertErrors = this.checkRows(stored, body);
      const invalid = insertErrors.length > 0;
      const accepted = body.rows.filter((_, index) =>
        body.skipInvalidRows ? !insertErrors.some((e) => e.index === index) : !invalid,
      );
      for (const row of accepted)
        this.received.push({ table, insertId: row.insertId ?? '', json: row.json });
      const stopped =
        body.skipInvalidRows || !invalid
          ? []
          : body.rows
              .map((_, index) => index)
              .filter((index) => !insertErrors.some((e) => e.index === index))
              .map((index) => ({
                index,
                errors: [{ reason: 'stopped', location: '', message: '' }],
              }));
      this.json(res, 200, {
        kind: 'bigquery#tableDataInsertAllResponse',
        ...(invalid ? { insertErrors: [...insertErrors, ...stopped] } : {}),
      });
    };
    if (!this.holding) return answer();
    this.held.push(answer);
    for (const waiter of this.heldWaiters.splice(0)) waiter();
  }

  private checkRows(table: StoredTable, body: InsertAllBody) {
    const fields = new Map(table.schema.fields.map((f) => [f.name, f]));
    const errors: {
      index: number;
      errors: { reason: string; location: string; message: string }[];
    }[] = [];
    body.rows.forEach((row, index) => {
      const fault = this.rowFaults.get(row.insertId ?? '')?.shift();
      if (fault) {
        errors.push({
          index,
          errors: [{ reason: fault.reason, location: '', message: fault.message }],
        });
        return;
      }
      const unknown = Object.keys(row.json).find((name) => !fields.has(name));
      const missing = [...fields.values()].find(
        (f) =>
          f.mode === 'REQUIRED' && (row.json[f.name] === undefined || row.json[f.name] === null),
      );
      if (unknown && !body.ignoreUnknownValues) {
        errors.push({
          index,
          errors: [{ reason: 'invalid', location: unknown, message: `no such field: ${unknown}.` }],
        });
      } else if (missing) {
        errors.push({
          index,
          errors: [
            {
              reason: 'invalid',
              location: missing.name,
              message: `Missing required field: ${missing.name}.`,
            },
          ],
        });
      }
    });
    return errors;
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body));
  }

  private error(res: ServerResponse, status: number, reason: string, message: string): void {
    this.json(res, status, {
      error: {
        code: status,
        message,
        errors: [{ message, domain: 'global', reason }],
        status: reason,
      },
    });
  }
}
