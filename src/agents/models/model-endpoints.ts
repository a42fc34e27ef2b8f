import type { AppConfig } from '../../config/app-config.js';

type ModelSettings = AppConfig['models'];

/** Google's host for a Vertex AI location: regional, or the global one. */
export function vertexHost(location: string): string {
  return location === 'global'
    ? 'https://aiplatform.googleapis.com'
    : `https://${location}-aiplatform.googleapis.com`;
}

/** Vertex AI's OpenAI-compatible chat completions for Model Garden MaaS models (DeepSeek, Qwen). */
export function vertexChatCompletionsUrl(settings: ModelSettings): string {
  const { projectId, location, apiEndpoint } = settings.vertex;
  if (!projectId) throw new Error('the vertex chat provider needs GCP_PROJECT_ID');
  const base = (apiEndpoint ?? vertexHost(location)).replace(/\/+$/, '');
  return `${base}/v1/projects/${projectId}/locations/${location}/endpoints/openapi/chat/completions`;
}

/** `OPENAI_BASE_URL` + `/chat/completions`, as the OpenAI SDK builds it. */
export function openAiChatCompletionsUrl(settings: ModelSettings): string {
  const { baseUrl } = settings.openai;
  if (!baseUrl) throw new Error('the openai chat provider needs OPENAI_BASE_URL');
  return `${baseUrl.replace(/\/+$/, '')}/chat/completions`;
}

/**
 * The `:predict` URL of the Lag-Llama endpoint: a full URL is used as given (`:predict` appended when
 * missing); a resource name `projects/P/locations/R/endpoints/ID` goes to R's host (or the override).
 */
export function lagLlamaPredictUrl(endpoint: string, apiEndpoint?: string): string {
  if (/^https?:\/\//.test(endpoint))
    return endpoint.endsWith(':predict') ? endpoint : `${endpoint}:predict`;
  const region = /\/locations\/([\w-]+)\//.exec(endpoint)?.[1] ?? 'us-central1';
  const base = (apiEndpoint ?? vertexHost(region)).replace(/\/+$/, '');
  return `${base}/v1/${endpoint}:predict`;
}
