import type { CannedResponse, RecordedRequest } from './chat-completions-server.js';
import { chatCompletion, stanceAnswer } from './chat-completions-server.js';
import { lagLlamaPrediction } from './vertex-predict-server.js';

/** Model ids the service tests configure, one per LLM agent, and what each of them says. */
export const TEST_MODELS = {
  deepseek: 'deepseek-test',
  qwen: 'qwen-test',
  fingpt: 'fingpt-test',
} as const;

export const ANSWERS: Readonly<Record<string, string>> = {
  [TEST_MODELS.deepseek]: stanceAnswer('long', 0.8, 'DeepSeek: breakout above the slow EMA.'),
  [TEST_MODELS.qwen]: stanceAnswer('short', 0.6, 'Qwen: volatility too high for this size.', '1h'),
  [TEST_MODELS.fingpt]: stanceAnswer('short', 0.9, 'FinGPT: clearly negative news.', '1h'),
};

export const PREDICT_PATH = '/v1/projects/test-project/locations/us-central1/endpoints/lag:predict';

/**
 * One server for every model of the team: chat completions answer by model id (150 tokens each), the
 * `:predict` path answers a Lag-Llama forecast 1% above the last close.
 */
export function teamResponder(request: RecordedRequest): CannedResponse {
  if (request.path === PREDICT_PATH) {
    const { instances, parameters } = request.body as {
      instances: { target: number[] }[];
      parameters: { prediction_length: number };
    };
    const last = instances[0].target.at(-1) ?? 1;
    return lagLlamaPrediction(parameters.prediction_length, last, {
      p10: last * 0.995,
      p50: last * 1.01,
      p90: last * 1.02,
    });
  }
  const { model } = request.body as { model: string };
  const answer = ANSWERS[model];
  return answer
    ? chatCompletion(answer, { prompt_tokens: 120, completion_tokens: 30 })
    : { status: 404, json: { error: { code: 404, message: `unknown model ${model}` } } };
}

/** The overrides that point every model agent of the service at `baseUrl`. */
export function modelOverrides(baseUrl: string): Record<string, string> {
  return {
    CHAT_MODEL_PROVIDER: 'openai',
    OPENAI_BASE_URL: `${baseUrl}/v1`,
    OPENAI_API_KEY: 'sk-test-key',
    DEEPSEEK_MODEL: TEST_MODELS.deepseek,
    QWEN_MODEL: TEST_MODELS.qwen,
    FINGPT_MODEL: TEST_MODELS.fingpt,
    LAG_LLAMA_ENDPOINT: `${baseUrl}${PREDICT_PATH}`,
    VERTEX_ACCESS_TOKEN: 'vertex-test-token',
    LLM_PRICES: 'deepseek-test=1/2,qwen-test=1/2,fingpt-test=1/2',
    LLM_RESPONSE_CACHE: 'memory',
    LLM_TIMEOUT_MS: '5000',
    LLM_BACKOFF_MS: '1',
  };
}
