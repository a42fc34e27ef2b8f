import type { AppConfig } from '../config/app-config.js';
import type { ExternalTransport } from './external-transport.js';
import { PubSubTransport } from './pubsub.transport.js';

export type ExternalTransportKind = 'pubsub' | 'none';

/** Inbound messages held unacknowledged at once: flow control bounds the bridge's memory. */
export const MAX_INBOUND_MESSAGES = 500;
export const MAX_INBOUND_BYTES = 8 * 1024 * 1024;

export function externalTransportKind(config: AppConfig): ExternalTransportKind {
  return config.pubsub.enabled ? 'pubsub' : 'none';
}

/** The transport external agents use, or null when none is configured (no external agents). */
export function createExternalTransport(
  kind: ExternalTransportKind,
  config: AppConfig,
): ExternalTransport | null {
  switch (kind) {
    case 'pubsub':
      return new PubSubTransport({
        projectId: config.pubsub.projectId,
        emulatorHost: config.pubsub.emulatorHost,
        topicPrefix: config.pubsub.topicPrefix,
        createResources: config.pubsub.createResources,
        maxInboundMessages: MAX_INBOUND_MESSAGES,
        maxInboundBytes: MAX_INBOUND_BYTES,
      });
    case 'none':
      return null;
    default:
      throw new Error(`unknown external transport "${String(kind)}"`);
  }
}
