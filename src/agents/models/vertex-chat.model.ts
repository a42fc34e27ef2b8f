import { ChatModel, type Reasoning, type ReasoningTask, type TokenUsage } from './chat-model.js';
import type { JsonEndpointClient } from './json-endpoint.client.js';
import { ModelCallError } from './model-call.error.js';
import { parseModelAnswer, type ModelAnswer, type ParsedAnswer } from './model-answer.parser.js';
import { ResponseCache } from './response-cache.js';
import { buildRolePrompt, correction, type ChatMessage, type ChatRole } from './role-prompt.js';

export interface VertexChatOptions {
  /** POSTs to `…/chat/completions` (Vertex AI's OpenAI-compatible endpoint, or any OpenAI-compatible one). */
  readonly endpoint: JsonEndpointClient;
  /** e.g. `deepseek-ai/deepseek-v3.1-maas`. */
  readonly model: string;
  readonly role: ChatRole;
  readonly maxTokens: number;
  readonly cache: ResponseCache;
  /** `openai` when the same protocol is spoken by a non-Google server. */
  readonly kind?: 'vertex' | 'openai';
}

interface Exchange {
  readonly content: string;
  readonly parsed: ParsedAnswer;
  /** What the answer billed; from the cache, what it billed when first given. */
  readonly usage: TokenUsage;
  readonly cached: boolean;
}

/** Rough tokens per character, for a provider that reports no usage: a budget must never see zero. */
const CHARS_PER_TOKEN = 4;

/**
 * A ChatModel on an OpenAI-compatible chat-completions endpoint (DeepSeek, Qwen, a FinGPT deployment on
 * Vertex AI). It sends the role prompt at temperature 0, requires the JSON answer, asks once more with
 * the problem spelled out when the answer does not parse, and gives up with `malformed` after that.
 */
export class VertexChatModel extends ChatModel {
  readonly kind: 'vertex' | 'openai';

  constructor(private readonly options: VertexChatOptions) {
    super();
    this.kind = options.kind ?? 'vertex';
  }

  async reason(task: ReasoningTask): Promise<Reasoning> {
    const messages = buildRolePrompt(this.options.role, task);
    const first = await this.ask(messages);
    if (first.parsed.ok) return this.reasoning(first.parsed.answer, first.usage, first.cached);
    const second = await this.ask([
      ...messages,
      ...correction(first.content, first.parsed.problem),
    ]);
    const usage = addUsage(first.usage, second.usage);
    if (second.parsed.ok)
      return this.reasoning(second.parsed.answer, usage, first.cached && second.cached);
    throw new ModelCallError(
      'malformed',
      `${this.options.model}: malformed answer twice (${second.parsed.problem})`,
      usage,
    );
  }

  private async ask(messages: readonly ChatMessage[]): Promise<Exchange> {
    const { endpoint, model, maxTokens, cache } = this.options;
    const body = { model, messages, max_tokens: maxTokens, temperature: 0, stream: false };
    const key = ResponseCache.keyOf(endpoint.url, body);
    const cached = cache.get(key);
    if (cached !== undefined) {
      const entry = readCacheEntry(cached, messages);
      const parsed = parseModelAnswer(entry.content);
      if (parsed.ok) return { ...entry, parsed, cached: true };
    }
    const { content, usage } = readCompletion(await endpoint.post(body), messages);
    const parsed = parseModelAnswer(content);
    if (parsed.ok) cache.put(key, JSON.stringify({ content, usage } satisfies CacheEntry));
    return { content, parsed, usage, cached: false };
  }

  private reasoning(
    answer: ModelAnswer,
    usage: TokenUsage | undefined,
    cached: boolean,
  ): Reasoning {
    const side = answer.stance === 'long' ? 'buy' : answer.stance === 'short' ? 'sell' : undefined;
    return {
      ...(side ? { side } : {}),
      confidence: answer.confidence,
      horizon: answer.horizon,
      text: answer.rationale,
      model: this.options.model,
      ...(usage ? { usage } : {}),
      cached,
    };
  }
}

/** A cached answer with the tokens it billed when first given. */
interface CacheEntry {
  readonly content: string;
  readonly usage: TokenUsage;
}

/** Reads a cache entry; one written before entries kept their usage is the bare answer. */
function readCacheEntry(stored: string, messages: readonly ChatMessage[]): CacheEntry {
  try {
    const entry = JSON.parse(stored) as Partial<CacheEntry>;
    if (typeof entry.content === 'string' && isUsage(entry.usage))
      return { content: entry.content, usage: entry.usage };
  } catch {
    // Not an entry: the bare answer of an older cache.
  }
  return { content: stored, usage: estimateUsage(messages, stored) };
}

function isUsage(value: unknown): value is TokenUsage {
  const usage = value as Partial<TokenUsage> | undefined;
  return typeof usage?.promptTokens === 'number' && typeof usage.completionTokens === 'number';
}

function estimateUsage(messages: readonly ChatMessage[], content: string): TokenUsage {
  return {
    promptTokens: Math.ceil(messages.reduce((n, m) => n + m.content.length, 0) / CHARS_PER_TOKEN),
    completionTokens: Math.ceil(content.length / CHARS_PER_TOKEN),
  };
}

/** The first choice's text and the billed tokens of an OpenAI `chat.completion`. */
function readCompletion(
  response: unknown,
  messages: readonly ChatMessage[],
): { content: string; usage: TokenUsage } {
  const body = (response ?? {}) as {
    choices?: { message?: { content?: unknown } }[];
    usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
  };
  const raw = Array.isArray(body.choices) ? body.choices[0]?.message?.content : undefined;
  const content = typeof raw === 'string' ? raw : '';
  const prompt = body.usage?.prompt_tokens;
  const completion = body.usage?.completion_tokens;
  const usage =
    typeof prompt === 'number' && typeof completion === 'number'
      ? { promptTokens: prompt, completionTokens: completion }
      : estimateUsage(messages, content);
  return { content, usage };
}

function addUsage(a: TokenUsage | undefined, b: TokenUsage | undefined): TokenUsage | undefined {
  if (!a) return b;
  if (!b) return a;
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
  };
}
