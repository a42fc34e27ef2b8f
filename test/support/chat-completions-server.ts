import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

/** What the server answers: a status, a JSON body (or raw text), optional headers, optionally late. */
export interface CannedResponse {
  readonly status?: number;
  readonly json?: unknown;
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Answer only after this many ms (a timeout test); the server drops it if the client went away. */
  readonly delayMs?: number;
}

export type Responder = (request: RecordedRequest) => CannedResponse;

/**
 * A small HTTP server on 127.0.0.1 that records every request and answers with what the test tells it:
 * speaks whatever JSON protocol the responder writes (OpenAI chat completions, Vertex `:predict`).
 */
export class RecordingJsonServer {
  readonly requests: RecordedRequest[] = [];
  /** Requests received and not yet answered. */
  pending = 0;
  private responder: Responder;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    responder: Responder,
  ) {
    this.responder = responder;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res));
  }

  static async start(responder: Responder): Promise<RecordingJsonServer> {
    const server = createServer();
    const instance = new RecordingJsonServer(server, responder);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get baseUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  respondWith(responder: Responder): void {
    this.responder = responder;
  }

  /** Answers from the list in order, then repeats the last. */
  respondInTurn(responses: readonly CannedResponse[]): void {
    let next = 0;
    this.responder = () => responses[Math.min(next++, responses.length - 1)];
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // keep the raw text: the test will see what was sent
    }
    const request: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body,
    };
    this.requests.push(request);
    this.pending += 1;
    const canned = this.responder(request);
    const send = () => {
      this.pending -= 1;
      if (res.destroyed) return;
      res.writeHead(canned.status ?? 200, {
        'content-type': 'application/json',
        ...canned.headers,
      });
      res.end(canned.text ?? JSON.stringify(canned.json ?? {}));
    };
    if (!canned.delayMs) return send();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send();
    }, canned.delayMs);
    this.timers.add(timer);
  }
}

/** An OpenAI `chat.completion` whose first choice says `content`. */
export function chatCompletion(
  content: string,
  usage = { prompt_tokens: 120, completion_tokens: 30 },
): CannedResponse {
  return {
    json: {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'test-model',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    },
  };
}

/** The JSON answer the agents require, as a model would write it. */
export function stanceAnswer(
  stance: 'long' | 'short' | 'flat',
  confidence: number,
  rationale: string,
  horizon = '4h',
): string {
  return JSON.stringify({ stance, confidence, horizon, rationale });
}
