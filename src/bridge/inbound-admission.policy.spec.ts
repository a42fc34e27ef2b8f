import { testEnvelope } from '../communication/envelope.fixture.js';
import { SEED_ROLES, SEED_ROSTER, type MessageType } from '../config/roster.js';
import { InboundAdmissionPolicy } from './inbound-admission.policy.js';

describe('InboundAdmissionPolicy', () => {
  const policy = new InboundAdmissionPolicy(SEED_ROSTER, SEED_ROLES);
  const from = (agent: string, type: MessageType) => testEnvelope({ type, from: agent }, 0);

  it('admits an external roster agent publishing what its role may, and heartbeats', () => {
    expect(policy.admit(from('freqtrade-hft', 'signal'))).toEqual({ admitted: true });
    expect(policy.admit(from('hummingbot-mm', 'heartbeat'))).toEqual({ admitted: true });
  });

  it.each([
    ['ghost', 'signal', 'unknown-sender'],
    ['orchestrator', 'guidance', 'unknown-sender'],
    ['qwen', 'heartbeat', 'not-external'],
    ['freqtrade-hft', 'thesis', 'forbidden-type'],
    ['freqtrade-hft', 'guidance', 'forbidden-type'],
  ] as const)('refuses %s publishing %s: %s', (agent, type, reason) => {
    expect(policy.admit(from(agent, type))).toMatchObject({ admitted: false, reason });
  });
});
