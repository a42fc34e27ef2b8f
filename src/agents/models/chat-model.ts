import type { MessageEnvelope } from '../../communication/message-envelope.js';
import type { Side } from '../../config/roster.js';

/** What an LLM agent is asked to think about; `closes` are the recent closes of the symbol in question. */
export type ReasoningTask =
  /** Propose a stance on a symbol. */
  | { readonly kind: 'thesis'; readonly symbol: string; readonly closes: readonly number[] }
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
    };

export interface Reasoning {
  /** Absent when the model takes no side. */
  readonly side?: Side;
  /** 0–1. */
  readonly confidence: number;
  readonly horizon?: string;
  readonly text: string;
}

/** Port: the language model behind an LLM agent (rule-based locally, DeepSeek/Qwen on Vertex AI). */
export abstract class ChatModel {
  abstract readonly kind: 'local' | 'vertex';
  abstract reason(task: ReasoningTask): Promise<Reasoning>;
}
