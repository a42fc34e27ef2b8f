import { SEED_ROLES } from '../config/roster.js';
import { ORCHESTRATOR_ID } from './message-envelope.js';
import { ORCHESTRATOR_ROLE, RoutingTable, type BusParticipant } from './routing-table.js';

const throttle = { capacity: 1, refillPerMinute: 60, cooldownMs: 0 };
const participant = (id: string, role: string): BusParticipant => ({
  id,
  role,
  symbols: ['BTCUSDT'],
  threshold: 0,
  throttle,
});

describe('RoutingTable.resolve', () => {
  const table = new RoutingTable(
    [
      participant(ORCHESTRATOR_ID, ORCHESTRATOR_ROLE),
      participant('deepseek-v3', 'strategist'),
      participant('qwen', 'strategist'),
      participant('fingpt', 'sentiment'),
    ],
    SEED_ROLES,
  );
  const resolved = (to: string[]) => [...table.addressed.subarray(0, table.resolve(to))];

  it('expands role names, drops unknown names and addresses each participant once', () => {
    expect(resolved(['qwen', 'strategist', 'nobody', 'fingpt', 'qwen'])).toEqual([2, 1, 3]);
  });

  it('starts afresh on every call, reusing the same list', () => {
    expect(resolved(['strategist'])).toEqual([1, 2]);
    expect(resolved(['fingpt'])).toEqual([3]);
    expect(resolved([])).toEqual([]);
  });
});
