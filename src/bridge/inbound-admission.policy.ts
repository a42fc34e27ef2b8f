import type { MessageEnvelope } from '../communication/message-envelope.js';
import type { AgentDefinition, MessageType, RoleDefinition } from '../config/roster.js';
import type { RejectReason } from './wire-message.codec.js';

export type Admission =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly reason: RejectReason; readonly detail: string };

const ADMITTED: Admission = Object.freeze({ admitted: true });

/**
 * Who may speak over the bridge: a roster agent marked `external`, publishing only what its role may.
 * The bus would refuse a forbidden type too, but the bridge must say why on the dead-letter topic.
 */
export class InboundAdmissionPolicy {
  private readonly publishes = new Map<string, ReadonlySet<MessageType> | null>();

  constructor(roster: readonly AgentDefinition[], roles: readonly RoleDefinition[]) {
    const byRole = new Map(roles.map((r) => [r.role, r]));
    for (const agent of roster) {
      const role = byRole.get(agent.role);
      const types = new Set<MessageType>(role?.publishes ?? []);
      types.add('heartbeat');
      this.publishes.set(agent.id, agent.external === true ? types : null);
    }
  }

  admit(message: MessageEnvelope): Admission {
    const types = this.publishes.get(message.from);
    if (types === undefined) {
      return { admitted: false, reason: 'unknown-sender', detail: `no agent "${message.from}"` };
    }
    if (types === null) {
      return {
        admitted: false,
        reason: 'not-external',
        detail: `agent "${message.from}" runs in process and may not connect externally`,
      };
    }
    if (!types.has(message.type)) {
      return {
        admitted: false,
        reason: 'forbidden-type',
        detail: `agent "${message.from}" may not publish ${message.type}`,
      };
    }
    return ADMITTED;
  }
}
