import type { MessageEnvelope } from '../../communication/message-envelope.js';
import type { Side } from '../../config/roster.js';
import type { Headline } from './headline-source.js';

/**
 * What the agent knows beyond the task: the latest guidance the orchestrator sent it and the theses the
 * coordinator delivered to it (so only what passed its participation threshold), newest last.
 */
export interface Briefing {
  readonly guidance?: MessageEnvelope;
  readonly theses: readonly MessageEnvelope[];
}

/**
 * What an LLM agent is asked to think about; `closes` are the recent closes of the symbol in question,
 * bars of `barMs` (5 minutes when absent).
 */
export type ReasoningTask = (
  | /** Propose a stance on a symbol. */
    { readonly kind: 'thesis'; readonly symbol: string; readonly closes: readonly number[] }
    /** Critique another agent's thesis (the risk analyst's job). */
  | {
      readonly kind: 'challenge';
      readonly thesis: MessageEnvelope;
      readonly closes: readonly number[];
    }
  /** Answer a discussion addressed to the agent. */
  | {
      readonly kind: 'reply';
      readonly discussion: MessageEnvelope;
      readonly closes: readonly number[];
    }
  /** Read a headline as a financial-sentiment model would (FinGPT-style): long = positive. */
  | {
      readonly kind: 'sentiment';
      readonly headline: Headline;
      readonly symbol?: string;
      readonly closes: readonly number[];
    }
) & { readonly briefing?: Briefing; readonly barMs?: number };

/** Tokens a remote model billed for one answer (retries included). */
export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface Reasoning {
  /** Absent when the model takes no side. */
  readonly side?: Side;
  /** 0–1. */
  readonly confidence: number;
  readonly horizon?: string;
  readonly text: string;
  /**
   * What the answer billed, absent for local rules. An answer served from the response cache carries
   * what it billed when it was first given: the agent is charged the same (its budget and performance),
   * so a replay repeats the run; only what was actually paid counts as spend.
   */
  readonly usage?: TokenUsage;
  /** Served from the response cache: charged to the agent, not paid again. */
  readonly cached?: boolean;
  /** The model that answered, when a remote one did (prices are per model). */
  readonly model?: string;
}

/** Port: the language model behind an LLM agent (rule-based locally, DeepSeek/Qwen on Vertex AI). */
export abstract class ChatModel {
  abstract readonly kind: 'local' | 'vertex' | 'openai';
  abstract reason(task: ReasoningTask): Promise<Reasoning>;
}
