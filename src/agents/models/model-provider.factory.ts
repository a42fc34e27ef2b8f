import type { AppConfig } from '../../config/app-config.js';
import type { AccessTokenSource } from './access-token-source.js';
import type { ChatModel } from './chat-model.js';
import type { Forecaster } from './forecaster.js';
import { GoogleAdcTokenSource } from './google-adc.token-source.js';
import { JsonEndpointClient } from './json-endpoint.client.js';
import { LocalForecaster } from './local-forecaster.js';
import { LocalReasoner } from './local-reasoner.js';
import {
  lagLlamaPredictUrl,
  openAiChatCompletionsUrl,
  vertexChatCompletionsUrl,
} from './model-endpoints.js';
import type { ResponseCache } from './response-cache.js';
import type { ChatRole } from './role-prompt.js';
import { StaticTokenSource } from './static.token-source.js';
import { VertexChatModel } from './vertex-chat.model.js';
import { VertexForecaster } from './vertex.forecaster.js';
import type { Timers } from '../../platform/timers.js';

type ModelSettings = AppConfig['models'];

/**
 * Builds the model adapters the configuration names. One per agent (each has its own model id and
 * role), sharing the response cache and — for Vertex AI — one token source.
 */
export class ModelProviderFactory {
  private vertexTokens: AccessTokenSource | undefined;

  constructor(
    private readonly settings: ModelSettings,
    private readonly cache: ResponseCache,
    /** Tests pass a fixed token; production leaves it to VERTEX_ACCESS_TOKEN or ADC. */
    tokens?: AccessTokenSource,
    private readonly timers?: Timers,
  ) {
    this.vertexTokens = tokens;
  }

  /** The chat model of an agent; undefined when the configuration gives it none (it stays on its local rules). */
  chatModel(agentId: string, role: ChatRole): ChatModel | undefined {
    const model = this.settings.chatModelByAgent[agentId];
    const provider = this.settings.chatProvider;
    switch (provider) {
      case 'local':
        return undefined;
      case 'vertex':
        return model
          ? new VertexChatModel({
              ...this.chatOptions(vertexChatCompletionsUrl(this.settings), this.googleTokens()),
              model,
              role,
            })
          : undefined;
      case 'openai': {
        const { apiKey } = this.settings.openai;
        const tokens = apiKey ? new StaticTokenSource(apiKey) : undefined;
        return model
          ? new VertexChatModel({
              ...this.chatOptions(openAiChatCompletionsUrl(this.settings), tokens),
              model,
              role,
              kind: 'openai',
            })
          : undefined;
      }
      default: {
        const unknown: never = provider;
        throw new Error(`unknown chat model provider "${String(unknown)}"`);
      }
    }
  }

  /** The rule-based stand-in for a reasoning agent with no remote model. */
  localChatModel(): ChatModel {
    return new LocalReasoner();
  }

  forecaster(): Forecaster {
    const endpoint = this.settings.lagLlamaEndpoint;
    if (!endpoint) return new LocalForecaster();
    return new VertexForecaster({
      endpoint: this.client(
        lagLlamaPredictUrl(endpoint, this.settings.vertex.apiEndpoint),
        this.googleTokens(),
      ),
      cache: this.cache,
    });
  }

  private chatOptions(url: string, tokens: AccessTokenSource | undefined) {
    return {
      endpoint: this.client(url, tokens),
      maxTokens: this.settings.maxCompletionTokens,
      cache: this.cache,
    };
  }

  private client(url: string, tokens: AccessTokenSource | undefined): JsonEndpointClient {
    const { timeoutMs, backoffMs, rateLimitRetries } = this.settings;
    return new JsonEndpointClient({
      url,
      tokens,
      timeoutMs,
      backoffMs,
      rateLimitRetries,
      timers: this.timers,
    });
  }

  private googleTokens(): AccessTokenSource {
    const { accessToken } = this.settings.vertex;
    this.vertexTokens ??= accessToken
      ? new StaticTokenSource(accessToken)
      : new GoogleAdcTokenSource();
    return this.vertexTokens;
  }
}
