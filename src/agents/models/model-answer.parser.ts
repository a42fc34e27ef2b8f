/** The JSON every LLM agent must answer with. */
export interface ModelAnswer {
  readonly stance: 'long' | 'short' | 'flat';
  /** 0–1. */
  readonly confidence: number;
  /** e.g. `15m`, `1h`, `4h`, `1d`. */
  readonly horizon: string;
  readonly rationale: string;
}

export const ANSWER_STANCES = ['long', 'short', 'flat'] as const;
const HORIZON = /^\d{1,3}[mhd]$/;
const MAX_RATIONALE = 1_000;

export type ParsedAnswer =
  | { readonly ok: true; readonly answer: ModelAnswer }
  | { readonly ok: false; readonly problem: string };

/**
 * Reads a model's reply as a ModelAnswer. Models often wrap JSON in a Markdown fence or add a sentence
 * around it, so the outermost `{…}` is taken; everything inside must match the schema exactly.
 */
export function parseModelAnswer(content: string): ParsedAnswer {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start < 0 || end <= start) return { ok: false, problem: 'no JSON object in the answer' };
  let value: unknown;
  try {
    value = JSON.parse(content.slice(start, end + 1));
  } catch {
    return { ok: false, problem: 'the answer is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, problem: 'not an object' };
  const { stance, confidence, horizon, rationale } = value as Record<string, unknown>;
  if (typeof stance !== 'string' || !(ANSWER_STANCES as readonly string[]).includes(stance)) {
    return { ok: false, problem: 'stance must be "long", "short" or "flat"' };
  }
  if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) {
    return { ok: false, problem: 'confidence must be a number from 0 to 1' };
  }
  if (typeof horizon !== 'string' || !HORIZON.test(horizon)) {
    return { ok: false, problem: 'horizon must look like "15m", "1h", "4h" or "1d"' };
  }
  if (typeof rationale !== 'string' || rationale.trim() === '') {
    return { ok: false, problem: 'rationale must be a non-empty string' };
  }
  return {
    ok: true,
    answer: {
      stance: stance as ModelAnswer['stance'],
      confidence,
      horizon,
      rationale: rationale.trim().slice(0, MAX_RATIONALE),
    },
  };
}
